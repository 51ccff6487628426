import type { EntityManager } from '@mikro-orm/postgresql';
import { createSale, createSection, type SaleFixture, type SectionRow } from '../testing/factories.ts';
import type { BookingTestApp } from '../testing/booking-app.ts';

/* Helpers shared by the holds test files: a sale to hold seats in, an HTTP client, and the state to compare. */

export interface HoldsSale extends SaleFixture {
  general: SectionRow;
}

export async function createHoldsSale(
  em: EntityManager,
  options: { seats?: number; generalPlaces?: number; queue?: boolean; perUserLimit?: number } = {},
): Promise<HoldsSale> {
  const sale = await createSale(em, { seats: options.seats ?? 10, priceCents: 4_500 });
  const general = await createSection(em, sale.event, sale.tier, {
    kind: 'general',
    seats: options.generalPlaces ?? 5,
    dropId: sale.drop.id,
  });
  await em.execute('UPDATE drops SET queue_enabled = ?, per_user_limit = ? WHERE id = ?', [
    options.queue ?? false,
    options.perUserLimit ?? 4,
    sale.drop.id,
  ]);
  return { ...sale, general };
}

export interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

export function holdsClient(app: BookingTestApp) {
  const call = async (
    method: string,
    path: string,
    options: { fan?: string | null; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
  ): Promise<Answer> => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.fan !== null) {
      headers.authorization = `Bearer ${await app.identity.accessToken(options.fan ?? 'fan-1')}`;
    }
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    const response = await fetch(`${app.url}${path}`, { method, headers, body });
    const text = await response.text();
    return {
      status: response.status,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
      headers: response.headers,
    };
  };
  return {
    call,
    hold: (fan: string, body: unknown, headers: Record<string, string> = {}) =>
      call('POST', '/holds', { fan, body, headers }),
    get: (fan: string, holdId: string) => call('GET', `/holds/${holdId}`, { fan }),
    release: (fan: string, holdId: string) => call('DELETE', `/holds/${holdId}`, { fan }),
  };
}

export interface InventoryState {
  seats: Array<{ id: string; status: string; hold_id: string | null; version: string }>;
  holds: number;
  holdSeats: number;
  outbox: number;
}

/** Everything a refused request must leave exactly as it was. */
export async function inventoryState(em: EntityManager): Promise<InventoryState> {
  const seats = await em.execute<InventoryState['seats']>('SELECT id, status, hold_id, version FROM seats ORDER BY id');
  const [counts] = await em.execute<Array<{ holds: number; hold_seats: number; outbox: number }>>(
    `SELECT (SELECT count(*)::int FROM holds) AS holds, (SELECT count(*)::int FROM hold_seats) AS hold_seats,
            (SELECT count(*)::int FROM outbox) AS outbox`,
  );
  return { seats, holds: counts?.holds ?? -1, holdSeats: counts?.hold_seats ?? -1, outbox: counts?.outbox ?? -1 };
}
