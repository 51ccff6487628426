import type pg from 'pg';
import { findDropOpening } from '@ticketing/booking/read-models';
import { conflict, DomainError, notFound, type Principal, type ReminderStore } from '@ticketing/common';

async function findUpcomingDrop(pool: pg.Pool, dropId: string): Promise<{ opensAt: Date }> {
  const drop = await findDropOpening(pool, dropId);
  if (!drop) throw notFound('drop_not_found', 'No drop of a published event has this id', { details: { dropId } });
  return drop;
}

/** Fans ask to be mailed shortly before a drop opens; the notifier sends the mails. */
export function createReminders(pool: pg.Pool, store: ReminderStore) {
  return {
    async subscribe(dropId: string, fan: Principal, email: string | undefined): Promise<void> {
      const drop = await findUpcomingDrop(pool, dropId);
      if (drop.opensAt.getTime() <= Date.now()) {
        throw conflict('drop_already_open', 'This drop is already open: there is nothing to remind of');
      }
      const address = email ?? fan.email;
      if (!address)
        throw new DomainError('unprocessable', 'email_required', 'The account has no email address: give one');
      await store.subscribe(dropId, fan.id, { email: address, name: fan.name ?? null });
    },
    async unsubscribe(dropId: string, fan: Principal): Promise<void> {
      await store.unsubscribe(dropId, fan.id);
    },
    async isSubscribed(dropId: string, fan: Principal): Promise<boolean> {
      await findUpcomingDrop(pool, dropId);
      return store.isSubscribed(dropId, fan.id);
    },
  };
}

export type Reminders = ReturnType<typeof createReminders>;
