import type { Answer, CallOptions } from './admin-app.ts';

/* Builders for the organizer's tests: venues, events and seat maps made through the API itself. */

type Call = (method: string, path: string, options?: CallOptions) => Promise<Answer>;
type As = CallOptions['as'];

const day = 86_400_000;
export const inDays = (days: number) => new Date(Date.now() + days * day).toISOString();

function expectStatus(answer: Answer, status: number, what: string): Record<string, unknown> {
  if (answer.status !== status) {
    throw new Error(`${what} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  }
  return answer.body;
}

export async function newVenue(call: Call, as?: As, body: Record<string, unknown> = {}) {
  const answer = await call('POST', '/venues', {
    as,
    body: { name: 'Harbour Hall', city: 'Porto', address: 'Cais 1', timezone: 'Europe/Lisbon', ...body },
  });
  return expectStatus(answer, 201, 'POST /venues') as { id: string; name: string };
}

export async function newEvent(call: Call, as?: As, body: Record<string, unknown> = {}) {
  const venueId = (body.venueId as string | undefined) ?? (await newVenue(call, as)).id;
  const startsAt = (body.startsAt as string | undefined) ?? inDays(30);
  const endsAt = new Date(Date.parse(startsAt) + 3 * 3_600_000).toISOString();
  const answer = await call('POST', '/events', {
    as,
    body: { name: 'Night Concert', startsAt, endsAt, ...body, venueId },
  });
  return expectStatus(answer, 201, 'POST /events') as { id: string; version: number; status: string };
}

/** Two reserved sections (one drawn by layout) and a standing area: 2 × 10 + 20 + 50 places. */
export function sampleSeatMap() {
  return {
    priceTiers: [
      { name: 'Front', priceCents: 9_000, currency: 'EUR' },
      { name: 'Back', priceCents: 5_000, currency: 'EUR' },
      { name: 'Standing', priceCents: 3_500, currency: 'EUR' },
    ],
    sections: [
      {
        name: 'Stalls',
        kind: 'reserved',
        priceTier: 'Front',
        geometry: { shape: 'rect', x: 0, y: 100, width: 200, height: 40 },
        rows: [
          {
            label: 'A',
            seats: Array.from({ length: 10 }, (_, i) => ({ label: String(i + 1), x: 10 + i * 10, y: 110 })),
          },
          {
            label: 'B',
            seats: Array.from({ length: 10 }, (_, i) => ({
              label: String(i + 1),
              x: 10 + i * 10,
              y: 120,
              priceTier: 'Back',
              ...(i === 0 ? { blocked: true } : {}),
            })),
          },
        ],
      },
      {
        name: 'Balcony',
        kind: 'reserved',
        priceTier: 'Back',
        rows: [{ label: 'C', layout: { count: 20, numbering: 'odd_even', gaps: [10], x: 0, y: 200, pitch: 10 } }],
      },
      { name: 'Floor', kind: 'general', priceTier: 'Standing', capacity: 50, geometry: { shape: 'rect', x: 0, y: 0 } },
    ],
  };
}

export async function putSeatMap(call: Call, eventId: string, map: unknown = sampleSeatMap(), as?: As) {
  const answer = await call('PUT', `/events/${eventId}/seat-map`, { as, body: map });
  return expectStatus(answer, 200, 'PUT /events/:id/seat-map');
}
