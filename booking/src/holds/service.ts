import {
  conflict,
  forbidden,
  invalid,
  isDomainError,
  notFound,
  type AdmissionClaims,
  type AdmissionVerifier,
  type DomainError,
} from '@ticketing/common';
import type { Database } from '../db/database.ts';
import { isPublic } from '../events/status.ts';
import { endHolds, findHold, lockInventory, type StoredHold } from './end-repo.ts';
import { lockHold } from './hold-row.ts';
import { sortedLockKeys } from './locks.ts';
import { placeHold, type HeldSeat, type HoldCall, type HoldContext, type HoldOutcome } from './repo.ts';
import type { CreateHoldBody } from './schema.ts';

export interface HoldsServiceOptions {
  db: Database;
  admission: AdmissionVerifier;
}

export interface PlacedHold {
  holdId: string;
  eventId: string;
  dropId: string;
  seats: HeldSeat[];
  expiresAt: string;
}

export interface HoldView extends PlacedHold {
  status: StoredHold['status'];
}

const seatUnavailable = (seats: string[]) =>
  conflict('seat_unavailable', 'Some of the seats are not available', { details: { seats } });

export type HoldsService = ReturnType<typeof createHoldsService>;

export function createHoldsService(options: HoldsServiceOptions) {
  const { db } = options;

  /**
   * The refusal for what place_hold read when it stopped before any lock, in
   * the order the checks have always run (event, drop, seats or section, the
   * per-fan limit, admission, seats already taken). Returns the admission
   * that was verified here when every check passes: place_hold refused only
   * because the token had not been verified before the call.
   */
  async function checkRefused(
    context: HoldContext,
    userId: string,
    request: CreateHoldBody,
    call: HoldCall,
    admissionToken: string | undefined,
    presumed: Presumed,
  ): Promise<HoldCall['admission']> {
    const drop = checkDrop(context, request);
    checkInventory(context, request.eventId, call.seatIds, call.sectionId);
    if (call.quantity > drop.perUserLimit) {
      throw conflict('per_user_limit_exceeded', `At most ${drop.perUserLimit} seats per fan in this drop`, {
        details: { limit: drop.perUserLimit, requested: call.quantity },
      });
    }
    let admission: HoldCall['admission'] = null;
    if (drop.queueEnabled) {
      if (!admissionToken)
        throw forbidden('admission_required', 'This drop needs an admission token from the waiting room');
      // The key set could not be fetched before the call: fetching it again would only make the fan wait twice.
      if (presumed.keysUnavailable) throw presumed.keysUnavailable;
      const claims = await options.admission.verify(admissionToken, {
        userId,
        dropId: drop.id,
        eventId: request.eventId,
      });
      if (call.quantity > claims.maxSeats) {
        throw forbidden('admission_seat_limit_exceeded', `The admission allows at most ${claims.maxSeats} seats`, {
          details: { maxSeats: claims.maxSeats, requested: call.quantity },
        });
      }
      admission = admissionOf(claims);
    }
    // A seat taken now would still be taken under the lock: refused from the read.
    const takenNow = context.seats.filter((s) => !s.free).map((s) => s.id);
    if (takenNow.length > 0) throw seatUnavailable(takenNow);
    return admission;
  }

  /**
   * The admission token verified before the call, against the drop it names
   * (read unverified from the token, then checked by its signature), so that
   * the common request needs one round trip. Any failure is left for the
   * checks after the call, which verify against the drop actually on sale
   * and only when that drop is behind the queue, with the verifier's own
   * error (the key set's unavailability is kept, not fetched for again).
   */
  async function presumedAdmission(token: string | undefined, userId: string, eventId: string): Promise<Presumed> {
    const dropId = token === undefined ? undefined : namedDrop(token);
    if (token === undefined || dropId === undefined) return { admission: null };
    try {
      return { admission: admissionOf(await options.admission.verify(token, { userId, dropId, eventId })) };
    } catch (error) {
      return {
        admission: null,
        keysUnavailable: isDomainError(error) && error.kind === 'unavailable' ? error : undefined,
      };
    }
  }

  return {
    /**
     * All or nothing, in one call of place_hold (repo.ts) on the common path.
     * It refuses what needs no lock from a read, so a losing request (a seat
     * already held or sold) neither locks nor writes; then it re-checks the
     * window, the fan's cap and every seat under the locks. Re-posting seats
     * the fan already holds is refused like any held seat (409
     * seat_unavailable): a hold's expiry never moves.
     */
    async placeHold(userId: string, request: CreateHoldBody, admissionToken: string | undefined): Promise<PlacedHold> {
      const seatIds = request.seatIds ?? [];
      const sectionId = request.seatIds ? null : (request.sectionId ?? null);
      const presumed = await presumedAdmission(admissionToken, userId, request.eventId);
      const call: HoldCall = {
        eventId: request.eventId,
        dropId: request.dropId,
        userId,
        seatIds,
        sectionId,
        quantity: request.seatIds ? seatIds.length : (request.quantity ?? 0),
        admission: presumed.admission,
      };
      let outcome = await db.autocommit((sql) => placeHold(sql, call));
      if (outcome.kind === 'refused') {
        // Throws the refusal; passes only when the token is verified now and was not before.
        const admission = await checkRefused(outcome.context, userId, request, call, admissionToken, presumed);
        outcome = await db.autocommit((sql) => placeHold(sql, { ...call, admission }));
        if (outcome.kind === 'refused') {
          await checkRefused(outcome.context, userId, request, call, admissionToken, presumed);
          throw new Error('place_hold refused a hold that passes every check');
        }
      }
      if (outcome.kind !== 'placed') throw refusal(outcome, call);
      return {
        holdId: outcome.holdId,
        eventId: request.eventId,
        dropId: outcome.dropId,
        seats: outcome.seats,
        expiresAt: outcome.expiresAt,
      };
    },

    async getHold(userId: string, holdId: string): Promise<HoldView> {
      const hold = await db.read((sql) => findHold(sql, holdId, userId));
      if (!hold) throw holdNotFound();
      return {
        holdId: hold.id,
        eventId: hold.eventId,
        dropId: hold.dropId,
        seats: hold.seats.map(({ lockId: _lockId, ...seat }) => seat),
        expiresAt: new Date(hold.expiresAtMs).toISOString(),
        status: hold.lapsed ? 'expired' : hold.status,
      };
    },

    /** Gives the seats back now. Idempotent; a hold that became an order cannot be released here. */
    async releaseHold(userId: string, holdId: string): Promise<void> {
      const hold = await db.read((sql) => findHold(sql, holdId, userId));
      if (!hold) throw holdNotFound();
      if (hold.status === 'converted') throw holdConverted();
      if (hold.status !== 'active') return;
      await db.transaction(async (sql) => {
        const locked = await lockHold(sql, holdId);
        if (locked?.status === 'converted') throw holdConverted();
        if (locked?.status !== 'active') return;
        await lockInventory(sql, sortedLockKeys(hold.seats.map((s) => s.lockId)));
        await endHolds(sql, [holdId], locked.lapsed ? 'expired' : 'released');
      });
    },
  };
}

const holdNotFound = () => notFound('hold_not_found', 'No such hold');
const holdConverted = () => conflict('hold_converted', 'The hold became an order; cancel the order instead');

function checkDrop(context: HoldContext, request: CreateHoldBody): NonNullable<HoldContext['drop']> {
  if (context.eventId === null || context.eventStatus === 'draft') {
    throw notFound('event_not_found', 'No such event');
  }
  if (!isPublic(context.eventStatus ?? '')) throw conflict('event_not_on_sale', 'The event is not on sale');
  const drop = context.drop;
  if (!drop) {
    if (request.dropId) throw notFound('drop_not_found', 'No such drop for this event');
    throw conflict('drop_not_open', 'No drop of this event is on sale');
  }
  if (!drop.open) {
    throw conflict('drop_not_open', drop.paused ? 'The drop is paused' : 'The drop is not on sale now', {
      details: {
        dropId: drop.id,
        paused: drop.paused,
        opensAt: new Date(drop.opensAtMs).toISOString(),
        closesAt: drop.closesAtMs === null ? null : new Date(drop.closesAtMs).toISOString(),
      },
    });
  }
  return drop;
}

function checkInventory(
  context: HoldContext,
  eventId: string,
  seatIds: readonly string[],
  sectionId: string | null,
): void {
  if (sectionId !== null) {
    if (!context.section || context.section.eventId !== eventId) {
      throw notFound('section_not_found', 'No such section in this event');
    }
    if (context.section.kind !== 'general') {
      throw invalid('section_not_general_admission', 'Seats of a reserved section are held by their ids (seatIds)');
    }
    return;
  }
  const known = new Map(context.seats.filter((s) => s.eventId === eventId).map((s) => [s.id, s]));
  const missing = seatIds.filter((id) => !known.has(id));
  if (missing.length > 0) {
    throw notFound('seat_not_found', 'Some seats do not exist in this event', { details: { seats: missing } });
  }
  const general = seatIds.filter((id) => known.get(id)?.kind === 'general');
  if (general.length > 0) {
    throw invalid('seat_in_general_admission', 'General admission places are held by section and quantity', {
      details: { seats: general },
    });
  }
}

/** The refusals found under the locks. */
function refusal(outcome: Exclude<HoldOutcome, { kind: 'placed' | 'refused' }>, call: HoldCall): DomainError {
  switch (outcome.kind) {
    case 'drop_closed':
      return conflict('drop_not_open', 'The drop is not on sale now', { details: { dropId: outcome.dropId } });
    case 'over_limit':
      return conflict('per_user_limit_exceeded', `At most ${outcome.limit} seats per fan in this drop`, {
        details: { limit: outcome.limit, held: outcome.owned, requested: call.quantity },
      });
    case 'unavailable': {
      const free = new Set(outcome.freeSeatIds);
      return seatUnavailable(call.seatIds.filter((id) => !free.has(id)));
    }
  }
}

/** What the service learned of the admission token before the call. */
interface Presumed {
  admission: HoldCall['admission'];
  keysUnavailable?: DomainError | undefined;
}

function admissionOf(claims: AdmissionClaims): NonNullable<HoldCall['admission']> {
  return { dropId: claims.drop, maxSeats: claims.maxSeats, jti: claims.jti };
}

/** The `drop` claim of a JWT's payload, unverified; undefined when it has none or is not a JWT. */
function namedDrop(token: string): string | undefined {
  const payload = token.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const drop = typeof claims === 'object' && claims !== null ? (claims as { drop?: unknown }).drop : undefined;
    return typeof drop === 'string' ? drop : undefined;
  } catch {
    return undefined;
  }
}
