import { createHold, createSale } from '@ticketing/booking/testing';
import type { RouteStack } from './route-stack.ts';

/** The callers of the matrix: no token, then one user per realm role. */
export const roles = ['fan', 'organizer', 'admin', 'gate'] as const;
export type Role = (typeof roles)[number];

/** The user who owns every fixture of a role, and the one who owns none of them. */
export const owner = (role: Role) => `${role}-1`;
export const stranger = (role: Role) => `${role}-2`;

/**
 * One of each thing a route can name, owned by `owner(role)` of the role
 * that owns that kind (organizer-1's venue, event and drop; fan-1's hold,
 * order and payment), keyed by the `resource` of a route's `owned`
 * declaration, plus ids every route may be given (seats, tickets).
 */
export type Fixtures = Record<string, string>;

export async function createFixtures(stack: RouteStack): Promise<Fixtures> {
  const admin = stack.services.find((service) => service.workspace === 'admin');
  const booking = stack.services.find((service) => service.name === 'booking');
  if (!admin || !booking) throw new Error('the route stack has no admin or booking service');

  const call = async (url: string, user: string, role: Role, path: string, body: unknown, headers = {}) => {
    const response = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await stack.accessToken(user, [role])}`,
        'content-type': 'application/json',
        ...headers,
      },
      body: JSON.stringify(body),
    });
    const answer = (await response.json()) as Record<string, unknown>;
    if (response.status >= 300) throw new Error(`POST ${path} answered ${response.status}: ${JSON.stringify(answer)}`);
    return answer;
  };

  // The venue through the admin API, so it is organizer-1's as an organizer's venue is.
  const venue = await call(admin.url, owner('organizer'), 'organizer', '/venues', {
    name: 'Fixture hall',
    city: 'Porto',
    timezone: 'Europe/Lisbon',
  });
  // An event of organizer-1 on sale, with its drop and seats.
  const sale = await createSale(stack.booking.sql(), { seats: 6 });
  const drop = { id: sale.drop.id, eventId: sale.event.id };
  const [heldSeat, orderedSeat] = sale.seatIds;
  if (!heldSeat || !orderedSeat) throw new Error('the sale has too few seats');
  const hold = await createHold(stack.booking.sql(), drop, { userId: owner('fan'), seatIds: [heldSeat] });
  const toOrder = await createHold(stack.booking.sql(), drop, { userId: owner('fan'), seatIds: [orderedSeat] });
  const order = await call(
    booking.url,
    owner('fan'),
    'fan',
    '/orders',
    { holdId: toOrder.id },
    { 'idempotency-key': `fixture-${toOrder.id}` },
  );
  const payment = order.payment as { paymentId?: unknown } | undefined;
  if (typeof order.orderId !== 'string' || typeof payment?.paymentId !== 'string') {
    throw new Error(`POST /orders answered no order or payment id: ${JSON.stringify(order)}`);
  }
  return {
    venue: String(venue.id),
    event: sale.event.id,
    drop: sale.drop.id,
    hold: hold.id,
    order: order.orderId,
    payment: payment.paymentId,
    seat: heldSeat,
  };
}
