import { randomUUID } from 'node:crypto';
import { conflict, forbidden, invalid, notFound, type AdmissionVerifier, type DomainError } from '@ticketing/common';
import type { Database } from '../db/database.ts';
import { isPublic } from '../events/status.ts';
import { endHolds, findHold, lockInventory, type StoredHold } from './end-repo.ts';
import { lockHold } from './hold-row.ts';
import { sortedLockKeys } from './locks.ts';
import {
  placeHold,
  readHoldContext,
  type HeldSeat,
  type HoldContext,
  type HoldOutcome,
  type HoldPlan,
} from './repo.ts';
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
  return {
    /**
     * All or nothing. Checks that need no lock (event, drop window, seats,
     * admission) run before the transaction, so a refusal costs one read and
     * no admission-key fetch ever happens inside a transaction. The
     * transaction then re-checks the window, the fan's cap and every seat
     * under the locks. Re-posting seats the fan already holds is refused
     * like any held seat (409 seat_unavailable): a hold's expiry never moves.
     */
    async placeHold(userId: string, request: CreateHoldBody, admissionToken: string | undefined): Promise<PlacedHold> {
      const seatIds = request.seatIds ?? [];
      const sectionId = request.seatIds ? null : (request.sectionId ?? null);
      const quantity = request.seatIds ? seatIds.length : (request.quantity ?? 0);
      const context = await db.read((sql) =>
        readHoldContext(sql, {
          eventId: request.eventId,
          dropId: request.dropId,
          seatIds,
          sectionId: sectionId ?? undefined,
        }),
      );
      const drop = checkDrop(context, request);
      checkInventory(context, request.eventId, seatIds, sectionId);
      if (quantity > drop.perUserLimit) {
        throw conflict('per_user_limit_exceeded', `At most ${drop.perUserLimit} seats per fan in this drop`, {
          details: { limit: drop.perUserLimit, requested: quantity },
        });
      }
      let jti: string | null = null;
      if (drop.queueEnabled) {
        if (!admissionToken)
          throw forbidden('admission_required', 'This drop needs an admission token from the waiting room');
        const claims = await options.admission.verify(admissionToken, {
          userId,
          dropId: drop.id,
          eventId: request.eventId,
        });
        if (quantity > claims.maxSeats) {
          throw forbidden('admission_seat_limit_exceeded', `The admission allows at most ${claims.maxSeats} seats`, {
            details: { maxSeats: claims.maxSeats, requested: quantity },
          });
        }
        jti = claims.jti;
      }
      // A seat already taken now will still be taken under the lock: refuse early and cheaply.
      const takenNow = context.seats.filter((s) => !s.free).map((s) => s.id);
      if (takenNow.length > 0) throw seatUnavailable(takenNow);

      const plan: HoldPlan = {
        holdId: randomUUID(),
        eventId: request.eventId,
        dropId: drop.id,
        userId,
        jti,
        quantity,
        seatIds,
        sectionId,
        lockKeys: sortedLockKeys(sectionId === null ? seatIds : [sectionId]),
        occurredAt: new Date().toISOString(),
        messageIds: { held: randomUUID(), created: randomUUID() },
      };
      const placed = await db.transaction(async (sql) => {
        const outcome = await placeHold(sql, plan);
        // Throwing rolls the transaction back (it wrote nothing but took locks).
        if (outcome.kind !== 'placed') throw refusal(outcome, plan);
        return outcome;
      });
      return {
        holdId: plan.holdId,
        eventId: plan.eventId,
        dropId: plan.dropId,
        seats: placed.seats,
        expiresAt: new Date(placed.expiresAtMs).toISOString(),
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

function refusal(outcome: Exclude<HoldOutcome, { kind: 'placed' }>, plan: HoldPlan): DomainError {
  switch (outcome.kind) {
    case 'drop_closed':
      return conflict('drop_not_open', 'The drop is not on sale now', { details: { dropId: plan.dropId } });
    case 'over_limit':
      return conflict('per_user_limit_exceeded', `At most ${outcome.limit} seats per fan in this drop`, {
        details: { limit: outcome.limit, held: outcome.owned, requested: plan.quantity },
      });
    case 'unavailable': {
      const free = new Set(outcome.freeSeatIds);
      return seatUnavailable(plan.seatIds.filter((id) => !free.has(id)));
    }
  }
}
