import { pgArray, type Sql } from '../db/sql.ts';
import { outboxWritten } from '../db/database.ts';

/*
 * Persistence of holds: placing a hold is one auto-committed call of the
 * server-side function `place_hold` (migrations/0006-place-hold.sql), which
 * reads, refuses what it can from that read without a lock or a write, and
 * otherwise locks, re-checks, writes the hold and enqueues its messages. It
 * does not NOTIFY: the caller wakes the relay after the commit
 * (outbox/wake.ts), because a NOTIFY would serialise every hold's commit.
 */

/** Whether drop `d` is on sale now (place_hold has the same test): inside its window and not paused. */
export const dropIsOpen = `(d.opens_at <= now() AND (d.closes_at IS NULL OR d.closes_at > now()) AND NOT d.paused)`;
/**
 * The seats that count toward a fan's per-fan limit in a drop: those of their live holds, the valid tickets they
 * bought (even when transferred away since, so buying and passing on cannot launder the limit), and the valid
 * tickets transferred to them (../transfers/README.md). place_hold counts them the same way.
 */
export const fanSeatsSql = (dropId: string, userId: string) => `(
  (SELECT coalesce(sum(h.seat_count), 0) FROM holds h
    WHERE h.drop_id = ${dropId} AND h.user_id = ${userId} AND h.status = 'active' AND h.expires_at > now())
  + (SELECT count(*) FROM tickets t JOIN orders o ON o.id = t.order_id
      WHERE o.drop_id = ${dropId} AND o.user_id = ${userId} AND t.status = 'valid')
  + (SELECT count(*) FROM tickets t JOIN orders o ON o.id = t.order_id
      WHERE t.user_id = ${userId} AND o.user_id <> ${userId} AND o.drop_id = ${dropId} AND t.status = 'valid'))`;

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

export interface HeldSeat {
  seatId: string;
  sectionId: string;
  row: string;
  label: string;
  priceCents: number;
}

/** One hold request as the database function takes it. */
export interface HoldCall {
  eventId: string;
  /** Undefined: the event's drop on sale now. */
  dropId: string | undefined;
  userId: string;
  /** Reserved seating: the seats; general admission: empty, with `sectionId`. */
  seatIds: readonly string[];
  sectionId: string | null;
  quantity: number;
  /** An admission token already verified for this fan and event; null when there is none (or it did not verify). */
  admission: { dropId: string; maxSeats: number; jti: string } | null;
}

export type HoldOutcome =
  /** A check that needs no lock failed; nothing was locked or written. The caller names the refusal. */
  | { kind: 'refused'; context: HoldContext }
  | { kind: 'placed'; holdId: string; dropId: string; expiresAt: string; seats: HeldSeat[] }
  | { kind: 'drop_closed'; dropId: string }
  | { kind: 'over_limit'; dropId: string; owned: number; limit: number }
  | { kind: 'unavailable'; dropId: string; freeSeatIds: string[] };

type FunctionResult =
  | ({ outcome: 'refused' } & HoldContext)
  | ({ outcome: 'placed' } & Omit<Extract<HoldOutcome, { kind: 'placed' }>, 'kind'>)
  | ({ outcome: 'drop_closed' } & Omit<Extract<HoldOutcome, { kind: 'drop_closed' }>, 'kind'>)
  | ({ outcome: 'over_limit' } & Omit<Extract<HoldOutcome, { kind: 'over_limit' }>, 'kind'>)
  | ({ outcome: 'unavailable' } & Omit<Extract<HoldOutcome, { kind: 'unavailable' }>, 'kind'>);

/** The call, for clients that send it themselves (the benchmark's pgbench script has its own copy). */
export const placeHoldSql =
  'SELECT place_hold(?::uuid, ?::uuid, ?::text, ?::uuid[], ?::uuid, ?::int, ?::uuid, ?::int, ?::text) AS result';

export function placeHoldParams(call: HoldCall): unknown[] {
  return [
    call.eventId,
    call.dropId ?? null,
    call.userId,
    pgArray(call.seatIds),
    call.sectionId,
    call.quantity,
    call.admission?.dropId ?? null,
    call.admission?.maxSeats ?? null,
    call.admission?.jti ?? null,
  ];
}

/**
 * One round trip. Run it auto-committed (`Database.read`): the function is
 * its own transaction, and when it placed the hold the relay is woken after
 * that commit.
 */
export async function placeHold(sql: Sql, call: HoldCall): Promise<HoldOutcome> {
  const [row] = await sql.query<{ result: FunctionResult }>(placeHoldSql, placeHoldParams(call));
  if (!row) throw new Error('place_hold returned no row');
  return outcomeOf(sql, row.result);
}

function outcomeOf(sql: Sql, result: FunctionResult): HoldOutcome {
  switch (result.outcome) {
    case 'refused': {
      const { outcome: _outcome, ...context } = result;
      return { kind: 'refused', context };
    }
    case 'placed': {
      const { outcome: _outcome, ...placed } = result;
      outboxWritten(sql);
      return { kind: 'placed', ...placed };
    }
    case 'drop_closed':
      return { kind: 'drop_closed', dropId: result.dropId };
    case 'over_limit':
      return { kind: 'over_limit', dropId: result.dropId, owned: result.owned, limit: result.limit };
    case 'unavailable':
      return { kind: 'unavailable', dropId: result.dropId, freeSeatIds: result.freeSeatIds };
  }
}
