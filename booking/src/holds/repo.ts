import { statement } from '../db/statement.ts';
import { epochMs, isoText, pgArray, type Sql } from '../db/sql.ts';
import { outboxWritten } from '../db/database.ts';
import { lockForHoldSql } from './locks.ts';

/*
 * Persistence of holds: hand-written SQL for the hot path. Placing a hold is
 * one read before the transaction and two statements inside it (locks, then
 * one statement that checks, takes, records and writes the outbox). The
 * statement does not NOTIFY: the caller wakes the relay after the commit
 * (outbox/wake.ts), because a NOTIFY would serialise every hold's commit.
 */

/** Whether drop `d` is on sale now: inside its window and not paused. */
export const dropIsOpen = `(d.opens_at <= now() AND (d.closes_at IS NULL OR d.closes_at > now()) AND NOT d.paused)`;
/**
 * The seats that count toward a fan's per-fan limit in a drop: those of their live holds, the valid tickets they
 * bought (even when transferred away since, so buying and passing on cannot launder the limit), and the valid
 * tickets transferred to them (../transfers/README.md).
 */
export const fanSeatsSql = (dropId: string, userId: string) => `(
  (SELECT coalesce(sum(h.seat_count), 0) FROM holds h
    WHERE h.drop_id = ${dropId} AND h.user_id = ${userId} AND h.status = 'active' AND h.expires_at > now())
  + (SELECT count(*) FROM tickets t JOIN orders o ON o.id = t.order_id
      WHERE o.drop_id = ${dropId} AND o.user_id = ${userId} AND t.status = 'valid')
  + (SELECT count(*) FROM tickets t JOIN orders o ON o.id = t.order_id
      WHERE t.user_id = ${userId} AND o.user_id <> ${userId} AND o.drop_id = ${dropId} AND t.status = 'valid'))`;
const seatIsFree = `(s.status = 'available' OR (s.status = 'held' AND s.held_until <= now()))`;

export interface HoldContext {
  eventId: string | null;
  eventStatus: string | null;
  drop: {
    id: string;
    queueEnabled: boolean;
    perUserLimit: number;
    open: boolean;
    paused: boolean;
    opensAtMs: number;
    closesAtMs: number | null;
  } | null;
  /** The requested seats that exist (any event), with whether each is free for this drop now. */
  seats: Array<{ id: string; eventId: string; sectionId: string; kind: string; free: boolean }>;
  section: { id: string; eventId: string; kind: string } | null;
}

interface ContextRow {
  event_id: string | null;
  event_status: string | null;
  drop_id: string | null;
  queue_enabled: boolean | null;
  per_user_limit: number | null;
  paused: boolean | null;
  drop_open: boolean | null;
  opens_at_ms: number | null;
  closes_at_ms: number | null;
  seats: HoldContext['seats'];
  section: HoldContext['section'];
}

const contextStatement = statement<'eventId' | 'dropId' | 'seatIds' | 'sectionId'>(
  (p) => `
SELECT e.id::text AS event_id, e.status AS event_status,
       d.id::text AS drop_id, d.queue_enabled, d.per_user_limit, d.paused,
       ${dropIsOpen} AS drop_open, ${epochMs('d.opens_at')} AS opens_at_ms, ${epochMs('d.closes_at')} AS closes_at_ms,
       (SELECT coalesce(json_agg(json_build_object(
                 'id', s.id, 'eventId', s.event_id, 'sectionId', s.section_id, 'kind', sec.kind,
                 'free', coalesce(${seatIsFree} AND (s.drop_id IS NULL OR s.drop_id = d.id), false))), '[]'::json)
          FROM seats s JOIN sections sec ON sec.id = s.section_id
         WHERE s.id = ANY(${p('seatIds')}::uuid[])) AS seats,
       (SELECT json_build_object('id', sec.id, 'eventId', sec.event_id, 'kind', sec.kind)
          FROM sections sec WHERE sec.id = ${p('sectionId')}::uuid) AS section
FROM (SELECT ${p('eventId')}::uuid AS id) wanted
LEFT JOIN events e ON e.id = wanted.id
LEFT JOIN LATERAL (
  SELECT d.* FROM drops d
   WHERE d.event_id = e.id AND (${p('dropId')}::uuid IS NULL OR d.id = ${p('dropId')}::uuid)
   ORDER BY ${dropIsOpen} DESC, d.opens_at DESC
   LIMIT 1
) d ON true`,
);

/** Everything the checks before the transaction need, in one round trip. */
export async function readHoldContext(
  sql: Sql,
  request: { eventId: string; dropId: string | undefined; seatIds: readonly string[]; sectionId: string | undefined },
): Promise<HoldContext> {
  const [row] = await sql.query<ContextRow>(
    contextStatement.text,
    contextStatement.params({
      eventId: request.eventId,
      dropId: request.dropId,
      seatIds: pgArray(request.seatIds),
      sectionId: request.sectionId,
    }),
  );
  if (!row) throw new Error('the hold context query returned no row');
  return {
    eventId: row.event_id,
    eventStatus: row.event_status,
    drop:
      row.drop_id === null
        ? null
        : {
            id: row.drop_id,
            queueEnabled: row.queue_enabled === true,
            perUserLimit: row.per_user_limit ?? 0,
            open: row.drop_open === true,
            paused: row.paused === true,
            opensAtMs: row.opens_at_ms ?? 0,
            closesAtMs: row.closes_at_ms,
          },
    seats: row.seats,
    section: row.section,
  };
}

type WriteParam =
  | 'holdId'
  | 'eventId'
  | 'dropId'
  | 'userId'
  | 'quantity'
  | 'jti'
  | 'seatIds'
  | 'sectionId'
  | 'occurredAt'
  | 'heldMessageId'
  | 'createdMessageId';

function writeHoldStatement(candidates: (p: (name: WriteParam) => string) => string) {
  return statement<WriteParam>(
    (p) => `
WITH params AS (
  SELECT ${p('holdId')}::uuid AS hold_id, ${p('eventId')}::uuid AS event_id, ${p('dropId')}::uuid AS drop_id,
         ${p('userId')}::text AS user_id, ${p('quantity')}::int AS n, ${p('jti')}::text AS jti
),
drop_state AS (
  SELECT d.per_user_limit, d.hold_seconds, ${dropIsOpen} AS open FROM drops d, params p WHERE d.id = p.drop_id
),
owned AS (
  SELECT ${fanSeatsSql('p.drop_id', 'p.user_id')} AS seats FROM params p
),
candidates AS (${candidates(p)}),
gate AS (
  SELECT ds.open, o.seats + p.n <= ds.per_user_limit AS within_limit, o.seats::int AS owned,
         ds.per_user_limit, ds.hold_seconds, (SELECT count(*)::int FROM candidates) AS free
  FROM params p, drop_state ds, owned o
),
hold AS (
  INSERT INTO holds (id, event_id, drop_id, user_id, seat_count, admission_jti, expires_at)
  SELECT p.hold_id, p.event_id, p.drop_id, p.user_id, p.n, p.jti, now() + make_interval(secs => g.hold_seconds)
    FROM params p, gate g
   WHERE g.open AND g.within_limit AND g.free = p.n
  RETURNING id, event_id, drop_id, user_id, seat_count, expires_at
),
taken AS (
  UPDATE seats s
     SET status = 'held', hold_id = h.id, held_until = h.expires_at, version = s.version + 1, updated_at = now()
    FROM hold h
   WHERE s.id IN (SELECT id FROM candidates) AND ${seatIsFree}
  RETURNING s.id, s.section_id, s.row_label, s.seat_label, s.price_tier_id, s.version
),
linked AS (
  INSERT INTO hold_seats (hold_id, seat_id) SELECT h.id, t.id FROM hold h, taken t RETURNING seat_id
),
messages AS (
  INSERT INTO outbox (message_id, routing_key, payload)
  SELECT m.id, m.type, jsonb_build_object('id', m.id, 'type', m.type, 'occurredAt', ${p('occurredAt')}::text, 'data', m.data)
    FROM hold h, LATERAL (VALUES
      (${p('heldMessageId')}::uuid, 'seat.held', jsonb_build_object(
        'eventId', h.event_id, 'dropId', h.drop_id,
        'seats', (SELECT jsonb_agg(jsonb_build_object(
                    'seatId', t.id, 'sectionId', t.section_id, 'status', 'held', 'version', t.version,
                    'heldUntil', ${isoText('h.expires_at')}) ORDER BY t.id)
                    FROM taken t))),
      (${p('createdMessageId')}::uuid, 'hold.created', jsonb_build_object(
        'holdId', h.id, 'eventId', h.event_id, 'dropId', h.drop_id, 'userId', h.user_id,
        'seatCount', h.seat_count, 'expiresAt', ${isoText('h.expires_at')}))
    ) AS m(id, type, data)
  RETURNING 1
)
SELECT g.open, g.within_limit, g.owned, g.per_user_limit, g.free,
       (SELECT coalesce(array_agg(c.id::text), '{}') FROM candidates c) AS free_ids,
       (SELECT ${epochMs('h.expires_at')} FROM hold h) AS expires_at_ms,
       (SELECT coalesce(json_agg(json_build_object(
                 'seatId', t.id, 'sectionId', t.section_id, 'row', t.row_label, 'label', t.seat_label,
                 'priceCents', pt.price_cents) ORDER BY t.section_id, t.row_label, t.seat_label), '[]'::json)
          FROM taken t JOIN price_tiers pt ON pt.id = t.price_tier_id) AS seats,
       (SELECT count(*)::int FROM linked) AS linked,
       (SELECT count(*)::int FROM messages) AS messages
  FROM gate g`,
  );
}

/** Reserved seating: exactly the requested seats, if every one is free for this drop. */
const writeReservedHold = writeHoldStatement(
  (p) => `
  SELECT s.id FROM seats s, params p
   WHERE s.id = ANY(${p('seatIds')}::uuid[]) AND s.event_id = p.event_id
     AND (s.drop_id IS NULL OR s.drop_id = p.drop_id) AND ${seatIsFree}
  FOR UPDATE OF s`,
);

/** General admission: any free places of the section (the section lock serialises pickers). */
const writeGeneralHold = writeHoldStatement(
  (p) => `
  SELECT s.id FROM seats s, params p
   WHERE s.section_id = ${p('sectionId')}::uuid AND s.event_id = p.event_id
     AND (s.drop_id IS NULL OR s.drop_id = p.drop_id) AND ${seatIsFree}
   LIMIT ${p('quantity')}::int
  FOR UPDATE OF s SKIP LOCKED`,
);

export interface HeldSeat {
  seatId: string;
  sectionId: string;
  row: string;
  label: string;
  priceCents: number;
}

export interface HoldPlan {
  holdId: string;
  eventId: string;
  dropId: string;
  userId: string;
  jti: string | null;
  quantity: number;
  /** Reserved seating: the seats; general admission: empty, with `sectionId`. */
  seatIds: readonly string[];
  sectionId: string | null;
  /** Advisory keys of the seats or the section, ascending. */
  lockKeys: readonly bigint[];
  occurredAt: string;
  messageIds: { held: string; created: string };
}

export type HoldOutcome =
  | { kind: 'placed'; expiresAtMs: number; seats: HeldSeat[] }
  | { kind: 'drop_closed' }
  | { kind: 'over_limit'; owned: number; limit: number }
  | { kind: 'unavailable'; freeSeatIds: string[] };

interface WriteRow {
  open: boolean;
  within_limit: boolean;
  owned: number;
  per_user_limit: number;
  free: number;
  free_ids: string[];
  expires_at_ms: number | null;
  seats: HeldSeat[];
  linked: number;
  messages: number;
}

/**
 * The hold transaction's statements; the caller owns the transaction. When
 * the outcome is not `placed` nothing was written (the caller rolls back).
 */
export async function placeHold(sql: Sql, plan: HoldPlan): Promise<HoldOutcome> {
  await sql.query(lockForHoldSql, [plan.dropId, plan.userId, pgArray(plan.lockKeys)]);
  const write = plan.sectionId === null ? writeReservedHold : writeGeneralHold;
  const [row] = await sql.query<WriteRow>(
    write.text,
    write.params({
      holdId: plan.holdId,
      eventId: plan.eventId,
      dropId: plan.dropId,
      userId: plan.userId,
      quantity: plan.quantity,
      jti: plan.jti,
      seatIds: pgArray(plan.seatIds),
      sectionId: plan.sectionId,
      occurredAt: plan.occurredAt,
      heldMessageId: plan.messageIds.held,
      createdMessageId: plan.messageIds.created,
    }),
  );
  if (!row || !row.open) return { kind: 'drop_closed' };
  if (!row.within_limit) return { kind: 'over_limit', owned: row.owned, limit: row.per_user_limit };
  if (row.free !== plan.quantity) return { kind: 'unavailable', freeSeatIds: row.free_ids };
  // The candidates were locked and free, so every one must have been taken.
  if (
    row.expires_at_ms === null ||
    row.seats.length !== plan.quantity ||
    row.linked !== plan.quantity ||
    row.messages !== 2
  ) {
    throw new Error(
      `hold ${plan.holdId} wrote ${row.seats.length} seats, ${row.linked} links, ${row.messages} messages`,
    );
  }
  outboxWritten(sql);
  return { kind: 'placed', expiresAtMs: row.expires_at_ms, seats: row.seats };
}
