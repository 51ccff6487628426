/**
 * pgbench scripts for the commits benchmark: what a hold release writes to
 * the outbox under an advisory lock, once as it is now (the relay woken
 * after the commit) and once as it was (a NOTIFY inside the transaction,
 * which makes every notifying commit wait for the one before it).
 */
const release = `
\\set key random(1, 100000000)
BEGIN;
SELECT pg_advisory_xact_lock(:key);
INSERT INTO outbox (message_id, routing_key, payload) VALUES (gen_random_uuid(), 'seat.released', '{}');
INSERT INTO outbox (message_id, routing_key, payload) VALUES (gen_random_uuid(), 'hold.ended', '{}');
`;

export const releaseCommitShapes = {
  'after commit (now)': `${release}COMMIT;\n`,
  'NOTIFY inside (before)': `${release}SELECT pg_notify('outbox', '');\nCOMMIT;\n`,
};
