import { defineRoute, notFound } from '@ticketing/common';
import { dropQueueStats } from '@ticketing/common/contracts/queue-stats';
import type { DropDirectory } from '../drops/drop-directory.ts';
import type { Ticker } from '../release/ticker.ts';
import { dropParams } from '../queue/schema.ts';
import { withQueueStore } from '../store/redis-errors.ts';
import { etaSeconds, pacePerSecond } from '../queue/standing.ts';
import { paceOf } from '../release/drop-pulse.ts';

/** The organizer's live numbers for one drop (the organizer of its event, or an admin). */
export function statsRoutes(drops: DropDirectory, ticker: Ticker) {
  return [
    defineRoute({
      method: 'get',
      path: '/drops/:dropId/stats',
      access: ['organizer', 'admin'],
      input: { params: dropParams },
      output: { 200: dropQueueStats },
      async handler({ input, user }) {
        const config = await drops.config(input.params.dropId);
        // Another organizer's drop is answered as if it did not exist.
        if (!user.roles.includes('admin') && config.organizerId !== user.id) {
          throw notFound('drop_not_found', 'There is no such drop');
        }
        const pulse = await withQueueStore(() => ticker.pulse(config.dropId));
        if (!pulse) throw notFound('drop_not_found', 'There is no such drop');
        const pace = paceOf(pulse);
        const waiting = pulse.waiting + pulse.prequeued;
        const moving = pulse.phase === 'open' || pulse.phase === 'opening' || pulse.phase === 'prequeue';
        const sold =
          pulse.available === null || pulse.held === null
            ? null
            : Math.max(0, config.size - pulse.available - pulse.held);
        return {
          status: 200,
          headers: { 'Cache-Control': 'private, max-age=1' },
          body: {
            dropId: config.dropId,
            eventId: config.eventId,
            phase: pulse.phase,
            waiting,
            prequeued: pulse.prequeued,
            admitted: pulse.admittedTotal,
            active: pulse.active,
            finished: pulse.finishedTotal,
            admissionsExpired: pulse.expiredTotal,
            droppedInactive: pulse.droppedTotal,
            releasedPerMinute: Math.round((pace?.measuredPerSecond ?? 0) * 60),
            configuredRatePerMinute: config.releaseRatePerMinute,
            maxActive: config.maxActive,
            etaForLastSeconds: waiting > 0 && moving ? etaSeconds(waiting - 1, pacePerSecond(config, pace)) : null,
            soldOut: pulse.soldOut,
            seatsAvailable: pulse.available,
            seatsHeld: pulse.held,
            seatsSold: sold,
            at: new Date(pulse.at).toISOString(),
          },
        };
      },
    }),
  ];
}
