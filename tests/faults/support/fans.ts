import { randomUUID } from 'node:crypto';
import { passwordGrant } from '@ticketing/identity';
import { send, sleep, type Reply } from './http.ts';
import type { Random } from './random.ts';
import type { FaultSale } from './sale.ts';

/**
 * Fans buying through the public routes as the site does: sign in at the
 * identity provider (password grant, load-test users), join the drop's
 * line and poll it until admitted, hold seats with the admission token,
 * order, and confirm the card on the development gateway. A request that
 * gets no answer in time, or a 5xx, is tried again; what a fan was told is
 * recorded, and a fan never told anything final stays `unknown`.
 */

export type ConfirmAnswer = 'paid' | 'not_charged' | 'unknown' | 'never_confirmed';

export interface FanOrder {
  orderId: string;
  paymentId: string;
  answer: ConfirmAnswer;
}

export interface FanRecord {
  username: string;
  userId?: string;
  email?: string;
  /** Where the journey ended. */
  outcome: 'bought' | 'not_charged' | 'no_seat' | 'sold_out' | 'lost_place' | 'unknown' | 'not_signed_in';
  orders: FanOrder[];
  /** Requests that got no answer in time or failed to connect. */
  unknownReplies: number;
  /** Requests answered 5xx. */
  serverErrors: number;
  /** Every unanswered or 5xx request: when (ms since the epoch), which step, what came back. */
  failures: Array<{ at: number; step: string; what: string }>;
  /** The last things the fan was told, for a failure's message. */
  trail: string[];
}

export interface FanSettings {
  baseUrls: { waitingRoom: string; booking: string };
  issuer: string;
  sale: FaultSale;
  holdSeconds: number;
  /** Share of fans who pay only after their hold lapsed. */
  slowPayerShare: number;
  requestTimeoutMs: number;
  /** When every fan gives up on whatever they have not finished. */
  deadline: number;
}

const loadTestPassword = process.env.IDENTITY_LOADTEST_PASSWORD ?? 'loadtest';

export function loadTestUser(index: number): string {
  return `loadtest-${String(index).padStart(5, '0')}`;
}

type Step<T> = { done: T } | { retry: true };

export async function runFan(settings: FanSettings, username: string, random: Random): Promise<FanRecord> {
  const fan: FanRecord = {
    username,
    outcome: 'unknown',
    orders: [],
    unknownReplies: 0,
    serverErrors: 0,
    failures: [],
    trail: [],
  };
  const note = (line: string) => {
    fan.trail.push(line);
    if (fan.trail.length > 12) fan.trail.shift();
  };
  const pause = () => sleep(random.int(200, 600));
  const alive = () => Date.now() < settings.deadline;

  /** Repeats `attempt` while it says so or the reply is unknown or a 5xx, until the deadline. */
  const persist = async <B, T>(
    what: string,
    request: () => Promise<Reply<B>>,
    decide: (status: number, body: B) => Step<T>,
  ): Promise<T | undefined> => {
    while (alive()) {
      const reply = await request();
      if (reply.kind === 'unknown') {
        fan.unknownReplies += 1;
        fan.failures.push({
          at: Date.now(),
          step: what,
          what: reply.reason.startsWith('no answer') ? 'timeout' : reply.reason,
        });
        note(`${what}: ${reply.reason}`);
      } else if (reply.status >= 500) {
        fan.serverErrors += 1;
        const answer = `${reply.status} ${String((reply.body as { code?: unknown }).code)}`;
        fan.failures.push({ at: Date.now(), step: what, what: answer });
        note(`${what}: ${answer}`);
      } else {
        const step = decide(reply.status, reply.body);
        if ('done' in step) return step.done;
      }
      await pause();
    }
    return undefined;
  };

  // Signing in: the identity provider can be down for a moment too.
  let accessToken: string | undefined;
  while (alive() && accessToken === undefined) {
    try {
      accessToken = (
        await passwordGrant({ issuer: settings.issuer, clientId: 'loadtest', username, password: loadTestPassword })
      ).access_token;
    } catch (error) {
      note(`sign-in: ${error instanceof Error ? error.message : String(error)}`);
      await pause();
    }
  }
  if (accessToken === undefined) {
    fan.outcome = 'not_signed_in';
    return fan;
  }
  const token = accessToken;
  const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as {
    sub?: string;
    email?: string;
  };
  if (claims.sub !== undefined) fan.userId = claims.sub;
  if (claims.email !== undefined) fan.email = claims.email;

  const { waitingRoom, booking } = settings.baseUrls;
  const timeoutMs = settings.requestTimeoutMs;
  const queuePath = `/drops/${settings.sale.dropId}/queue`;
  type Standing = { state?: string; admissionToken?: string; code?: string; reason?: string };

  // Joining, then polling (which is also the heartbeat) until admitted or told there is nothing to wait for.
  let admissionToken: string | undefined;
  let joined = false;
  while (alive() && admissionToken === undefined) {
    const standing = await persist<Standing, Standing>(
      joined ? 'status' : 'join',
      () =>
        joined
          ? send<Standing>(waitingRoom, 'GET', `${queuePath}/me`, { token, timeoutMs })
          : send<Standing>(waitingRoom, 'POST', queuePath, { token, timeoutMs }),
      (status, body) => {
        if (status === 200 || status === 201 || (status === 404 && body.code === 'not_in_queue')) return { done: body };
        note(`queue: ${status} ${String(body.code)}`);
        return { retry: true };
      },
    );
    if (standing === undefined) break;
    if (standing.code === 'not_in_queue') {
      const reason = standing.reason ?? '';
      note(`queue: not in line (${reason})`);
      // Dropped as inactive (no poll got through during an outage): the fan joins again. Any other end is final.
      if (reason !== 'inactive') {
        fan.outcome = 'lost_place';
        return fan;
      }
      joined = false;
      continue;
    }
    joined = true;
    if (standing.state === 'admitted' && standing.admissionToken !== undefined)
      admissionToken = standing.admissionToken;
    else if (standing.state === 'sold_out' || standing.state === 'closed') {
      fan.outcome = 'sold_out';
      return fan;
    } else await sleep(random.int(400, 900));
  }
  if (admissionToken === undefined) return fan;
  note('admitted');

  // Holding: random seats; seats another fan has are crossed off and others tried.
  let candidates = [...settings.sale.seatIds];
  const wanted = random.int(1, 2);
  let hold: { holdId: string } | 'none' | undefined;
  while (alive() && hold === undefined) {
    if (candidates.length < wanted) {
      hold = 'none';
      break;
    }
    const seatIds = random.sample(candidates, wanted);
    hold = await persist<{ holdId?: string; code?: string; seats?: string[] }, { holdId: string } | 'none' | 'taken'>(
      'hold',
      () =>
        send(booking, 'POST', '/holds', {
          token,
          timeoutMs,
          headers: { 'admission-token': admissionToken },
          body: { eventId: settings.sale.eventId, seatIds },
        }),
      (status, body) => {
        if (status === 201 && body.holdId !== undefined) return { done: { holdId: body.holdId } };
        note(`hold: ${status} ${String(body.code)}`);
        if (status === 409 && body.code === 'seat_unavailable') {
          const taken = new Set(body.seats ?? seatIds);
          candidates = candidates.filter((seat) => !taken.has(seat));
          return { done: 'taken' };
        }
        // An earlier hold whose answer was lost counts against the cap until it lapses.
        if (status === 409 && body.code === 'per_user_limit_exceeded') return { retry: true };
        if (status === 429) return { retry: true };
        return { done: 'none' };
      },
    ).then((result) => (result === 'taken' ? undefined : result));
  }
  if (hold === undefined || hold === 'none') {
    fan.outcome = hold === 'none' ? 'no_seat' : 'unknown';
    return fan;
  }
  const { holdId } = hold;

  // Ordering, with one idempotency key for every try.
  const idempotencyKey = randomUUID();
  const order = await persist<{ orderId?: string; payment?: { paymentId?: string }; code?: string }, FanOrder | 'none'>(
    'order',
    () =>
      send(booking, 'POST', '/orders', {
        token,
        timeoutMs,
        headers: { 'idempotency-key': idempotencyKey },
        body: { holdId },
      }),
    (status, body) => {
      if ((status === 201 || status === 200) && body.orderId !== undefined && body.payment?.paymentId !== undefined) {
        return { done: { orderId: body.orderId, paymentId: body.payment.paymentId, answer: 'never_confirmed' } };
      }
      note(`order: ${status} ${String(body.code)}`);
      if (status === 429) return { retry: true };
      return { done: 'none' };
    },
  );
  if (order === undefined || order === 'none') {
    fan.outcome = order === 'none' ? 'no_seat' : 'unknown';
    return fan;
  }
  fan.orders.push(order);

  // Some fans take too long at the card form: their hold lapses first.
  if (random.next() < settings.slowPayerShare) {
    note('paying late');
    await sleep(settings.holdSeconds * 1_000 + 2_000);
  }

  order.answer = 'unknown';
  const answer = await persist<{ status?: string; charged?: boolean; code?: string }, ConfirmAnswer>(
    'confirm',
    () => send(booking, 'POST', `/payments/dev/${order.paymentId}/confirm`, { token, timeoutMs }),
    (status, body) => {
      if (status === 200 && body.status === 'paid' && body.charged === true) return { done: 'paid' };
      if (status === 200 && body.charged === false) return { done: 'not_charged' };
      note(`confirm: ${status} ${String(body.status ?? body.code)}`);
      return { retry: true };
    },
  );
  order.answer = answer ?? 'unknown';
  fan.outcome = answer === 'paid' ? 'bought' : answer === 'not_charged' ? 'not_charged' : 'unknown';
  note(`confirm: ${order.answer}`);
  return fan;
}
