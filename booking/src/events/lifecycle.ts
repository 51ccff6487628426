import { conflict } from '@ticketing/common';
import type { Actor } from '../actor.ts';
import type { Database } from '../db/database.ts';
import { pauseEventDrops } from '../drops/service.ts';
import { announceEventChange } from './announce.ts';
import { presentEvent, writeEventChanges, type EventRecord } from './repo.ts';
import type { EventView } from './schema.ts';
import { lockEvent, reread } from './service.ts';
import { transitions, type Transition } from './status.ts';

/*
 * The lifecycle steps: publish (the catalog lists the event), open the sale
 * (its seat map becomes final), end (its drops are paused, the catalog stops
 * listing it). Each is one transaction on the locked event with its message
 * and audit row; repeating a step that is done changes nothing.
 */

const actions: Record<Transition, string> = {
  publish: 'event.published',
  openSale: 'event.sale_opened',
  end: 'event.ended',
};

export async function changeEventStatus(
  db: Database,
  actor: Actor,
  eventId: string,
  step: Transition,
  expectedVersion: number | undefined,
): Promise<EventView> {
  const { from, to } = transitions[step];
  return db.transaction(
    async (sql) => {
      const event = await lockEvent(sql, actor, eventId, expectedVersion);
      if (event.status === to) return presentEvent(event);
      if (!(from as readonly string[]).includes(event.status)) {
        throw conflict('event_transition_invalid', `An event that is ${event.status} cannot move to ${to}`, {
          details: { eventStatus: event.status, to, allowedFrom: from },
        });
      }
      checkReady(event, step);
      const pausedDrops = step === 'end' ? await pauseEventDrops(sql, actor, event.id, 'event.ended') : [];
      await writeEventChanges(sql, event.id, { status: to });
      const changed = await reread(sql, actor, event.id);
      await announceEventChange(sql, actor, changed, actions[step], {
        from: event.status,
        to,
        ...(step === 'end' ? { pausedDrops } : {}),
      });
      return presentEvent(changed);
    },
    { retry: true },
  );
}

/** What must be there before a step: seats to sell before the public sees the event, a drop to sell them in. */
function checkReady(event: EventRecord, step: Transition): void {
  if (step === 'publish' && event.counts.seats === 0) {
    throw conflict('seat_map_empty', 'The event has no seats or places yet; save a seat map first');
  }
  if (step === 'openSale' && event.counts.drops === 0) {
    throw conflict('event_has_no_drops', 'The event has no drop to sell in; create one first');
  }
}
