import type { MessageHandler } from '@ticketing/common';
import { runDropScript, scripts } from '../store/scripts.ts';
import type { ConsumerDeps } from './deps.ts';

/**
 * Booking's count of the drop's seats. Sold out stops release and every
 * waiting fan is told at once (the script publishes the change to every
 * instance); seats coming back reopen the line in its old order. Reports
 * are ordered by booking's per-drop sequence, not by the clock of whichever
 * process wrote them.
 */
export function dropInventory(deps: ConsumerDeps): MessageHandler<'drop.inventory'> {
  return async (envelope) => {
    const { dropId, soldOut, available, held, sequence } = envelope.data;
    await runDropScript(deps.redis, deps.prefix, scripts.inventory, dropId, [
      soldOut ? '1' : '0',
      Date.parse(envelope.occurredAt),
      available,
      held,
      sequence ?? '',
    ]);
  };
}
