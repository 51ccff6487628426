import type { EntityManager } from '@mikro-orm/postgresql';
import type { Principal } from '@ticketing/common';
import type { BookingTestDatabase } from './booking-database.ts';
import { placeOrder } from '../orders/service.ts';
import { recordAuthorization } from '../payments/authorization.ts';
import { createDevGateway } from '../payments/dev-gateway.ts';
import { createHold } from './factories.ts';

/**
 * A paid order, made the way production makes one: a hold, the order use
 * case, then the authorization transaction (development gateway). For tests
 * of what comes after a sale (tickets, refunds, reissues, the fan's pages).
 */
export async function createPaidOrder(
  booking: Pick<BookingTestDatabase, 'db' | 'sql'>,
  drop: { id: string; eventId: string },
  options: { userId: string; seatIds: string[]; email?: string },
): Promise<{ orderId: string; holdId: string; ticketIds: string[] }> {
  const hold = await createHold(booking.sql(), drop, { userId: options.userId, seatIds: options.seatIds });
  const user: Principal = {
    id: options.userId,
    roles: ['fan'],
    username: options.userId,
    email: options.email ?? `${options.userId}@example.test`,
    name: `Fan ${options.userId}`,
    clientId: 'ticketing-site',
  };
  const gateway = createDevGateway({ nodeEnv: 'test' });
  const placed = await placeOrder(booking.db, gateway, { user, holdId: hold.id, idempotencyKey: `paid-${hold.id}` });
  const result = await recordAuthorization(booking.db, {
    provider: 'dev',
    providerRef: `dev_${placed.body.payment.paymentId}`,
    orderId: placed.body.orderId,
  });
  if (result.outcome !== 'paid') throw new Error(`the order was not paid: ${result.outcome}`);
  return { orderId: result.orderId, holdId: hold.id, ticketIds: result.ticketIds };
}

export interface BookingCounts {
  orders: number;
  payments: number;
  tickets: number;
  validTickets: number;
  outbox: number;
  webhooks: number;
  audit: number;
}

/** Row counts a refused request must leave as they were. */
export async function bookingCounts(em: EntityManager): Promise<BookingCounts> {
  const [row] = await em.execute<BookingCounts[]>(
    `SELECT (SELECT count(*)::int FROM orders) AS orders, (SELECT count(*)::int FROM payments) AS payments,
            (SELECT count(*)::int FROM tickets) AS tickets,
            (SELECT count(*)::int FROM tickets WHERE status = 'valid') AS "validTickets",
            (SELECT count(*)::int FROM outbox) AS outbox, (SELECT count(*)::int FROM processed_webhooks) AS webhooks,
            (SELECT count(*)::int FROM audit_log) AS audit`,
  );
  if (!row) throw new Error('no counts');
  return row;
}

/** One row of a table by id, every column, for before/after comparisons. */
export async function rowOf(em: EntityManager, table: 'orders' | 'payments' | 'holds' | 'tickets', id: string) {
  const rows = await em.execute<Array<Record<string, unknown>>>(`SELECT * FROM ${table} WHERE id = ?`, [id]);
  if (!rows[0]) throw new Error(`no ${table} row ${id}`);
  return rows[0];
}
