import { randomUUID } from 'node:crypto';
import { passwordGrant } from '@ticketing/identity';
import { testAmqpUrl } from '@ticketing/common/testing';
import { cleanupStack } from '../e2e/support/cleanup.ts';
import { call, signIn } from '../e2e/support/fan.ts';
import { startPlatform, type Platform } from '../e2e/support/platform.ts';
import { waitUntil } from '../e2e/support/poll.ts';

/*
 * No secret reaches a log. Every service of the platform logs at debug (its
 * most talkative) into this test while a fan signs in, queues, is
 * admitted, holds, orders, pays and receives the tickets by mail, and while
 * someone tries a wrong password and forged tokens; then every line is
 * searched for the tokens, passwords, codes and keys of the run.
 */

const startupMs = 120_000;
const cleanup = cleanupStack();
const lines: string[] = [];
let platform: Platform;

beforeAll(async () => {
  platform = await startPlatform('security_log_secrets', cleanup, {
    logs: { level: 'debug', destination: { write: (line: string) => lines.push(line) } },
  });
}, startupMs);
afterAll(() => cleanup.run(), startupMs);

/** A JWT and its signature alone (a log that cut the token would still leak its signature). */
const tokenParts = (jwt: string) => [jwt, jwt.split('.')[2] ?? jwt];

test('a full journey, a wrong password and forged tokens leave no token, password, ticket code or key in any log', async () => {
  const { sale, urls } = platform;
  const secrets = new Map<string, string>();

  // A wrong password at the identity provider, refused.
  const wrongPassword = `wrong-${randomUUID()}`;
  secrets.set('a wrong password', wrongPassword);
  await expect(
    passwordGrant({ issuer: platform.issuer, clientId: 'loadtest', username: 'fan', password: wrongPassword }),
  ).rejects.toThrow();

  const fan = await signIn(platform.issuer, 'fan');
  for (const part of tokenParts(fan.accessToken)) secrets.set('the access token', part);

  // Forged and malformed credentials, refused: the refusals must not log what was presented.
  const forgedToken = `${fan.accessToken.split('.').slice(0, 2).join('.')}.${randomUUID().replaceAll('-', '')}`;
  secrets.set('a forged token signature', forgedToken.split('.')[2] ?? '');
  const forged = await call(urls.booking, 'GET', '/me/tickets', { token: forgedToken });
  expect(forged.status).toBe(401);
  const junkToken = `junk-${randomUUID()}`;
  secrets.set('a junk bearer token', junkToken);
  expect((await call(urls.waitingRoom, 'POST', `/drops/${sale.drop.id}/queue`, { token: junkToken })).status).toBe(401);

  // Queue, admission (polled), hold with the admission token, order, payment.
  const queuePath = `/drops/${sale.drop.id}/queue`;
  expect((await call(urls.waitingRoom, 'POST', queuePath, { token: fan.accessToken })).status).toBe(201);
  const admitted = await waitUntil(
    'the fan to be admitted',
    () => call(urls.waitingRoom, 'GET', `${queuePath}/me`, { token: fan.accessToken }),
    (answer) => answer.body.state === 'admitted',
    { everyMs: 250 },
  );
  const admissionToken = String(admitted.body.admissionToken);
  for (const part of tokenParts(admissionToken)) secrets.set('the admission token', part);
  const forgedAdmission = `${admissionToken.split('.').slice(0, 2).join('.')}.${randomUUID().replaceAll('-', '')}`;
  secrets.set('a forged admission signature', forgedAdmission.split('.')[2] ?? '');
  const holdBody = { eventId: sale.event.id, seatIds: sale.seatIds.slice(0, 1) };
  const refused = await call(urls.booking, 'POST', '/holds', {
    token: fan.accessToken,
    body: holdBody,
    headers: { 'admission-token': forgedAdmission },
  });
  expect(refused.status).toBe(403);
  const hold = await call(urls.booking, 'POST', '/holds', {
    token: fan.accessToken,
    body: holdBody,
    headers: { 'admission-token': admissionToken },
  });
  expect(hold.status).toBe(201);
  const order = await call<{ orderId: string; payment: { paymentId: string } }>(urls.booking, 'POST', '/orders', {
    token: fan.accessToken,
    body: { holdId: hold.body.holdId },
    headers: { 'idempotency-key': randomUUID() },
  });
  expect(order.status).toBe(201);
  const paid = await call(urls.booking, 'POST', `/payments/dev/${order.body.payment.paymentId}/confirm`, {
    token: fan.accessToken,
  });
  expect(paid.body).toMatchObject({ status: 'paid' });
  const tickets = await call<{ tickets: Array<{ code: string | null }> }>(urls.booking, 'GET', '/me/tickets', {
    token: fan.accessToken,
  });
  for (const ticket of tickets.body.tickets) if (ticket.code) secrets.set('a ticket code', ticket.code);
  expect(tickets.body.tickets.length).toBe(1);

  // The confirmation mail is sent (the notifier has done its part of the journey).
  await waitUntil(
    'the confirmation mail',
    () => platform.inbox.store.list().filter((mail) => mail.envelopeTo.includes(fan.email)),
    (mails) => mails.length > 0,
    { timeoutMs: 60_000 },
  );

  for (const key of platform.privateKeys) secrets.set('a private signing key', key);
  const amqpCredentials = new URL(testAmqpUrl);
  if (amqpCredentials.password) secrets.set('the RabbitMQ password', `:${amqpCredentials.password}@`);

  // The capture works: every service that handled the journey's requests logged into it.
  const services = new Set(lines.map((line) => (JSON.parse(line) as { service?: string }).service));
  expect([...services].sort()).toEqual(expect.arrayContaining(['booking', 'catalog', 'identity', 'waiting-room']));
  const leaks: string[] = [];
  for (const line of lines) {
    for (const [what, secret] of secrets) {
      if (secret.length > 0 && line.includes(secret)) leaks.push(`${what}: ${line.slice(0, 300)}`);
    }
    // Whatever names a password or a cookie carries no value but the redaction mark.
    const named = /"(password|cookie|authorization|admission-token|set-cookie)":\s*"([^"]*)"/gi;
    for (const match of line.matchAll(named)) {
      if (match[2] !== '[redacted]') leaks.push(`${match[1] ?? ''} in clear: ${line.slice(0, 300)}`);
    }
  }
  expect(leaks).toEqual([]);
}, 180_000);
