import { defineRoute, DomainError } from '@ticketing/common';
import { z } from 'zod';
import { bookingRouteModules, type RouteModule } from '../composition.ts';
import { startBookingTestApp, type BookingTestApp } from '../testing/booking-app.ts';
import { apiClient, type ApiCall } from '../testing/api-client.ts';
import { translateDatabaseError } from './errors.ts';

let app: BookingTestApp;
let call: ApiCall;

/** A read whose input no validator checked, the way any route reads outside a transaction. */
const unvalidatedRead: RouteModule = ({ db }) => [
  defineRoute({
    method: 'get',
    path: '/read/timestamp',
    access: 'public',
    input: { query: z.object({ at: z.string() }) },
    output: { 200: z.object({ at: z.string() }) },
    async handler({ input }) {
      const [row] = await db.read((sql) =>
        sql.query<{ at: string }>(`SELECT ?::timestamptz::text AS at`, [input.query.at]),
      );
      return { status: 200 as const, body: { at: row?.at ?? '' } };
    },
  }),
];

beforeAll(async () => {
  app = await startBookingTestApp('db_errors', { routeModules: [...bookingRouteModules, unvalidatedRead] });
  call = apiClient(app);
});
afterAll(() => app.close());

async function failureOf(sql: string, params: unknown[]): Promise<unknown> {
  try {
    await app.em().execute(sql, params);
  } catch (error) {
    return error;
  }
  throw new Error(`no failure from ${sql}`);
}

describe('database errors', () => {
  test('data exceptions (SQLSTATE class 22) are bad input, whatever the value', async () => {
    const failures = [
      // datetime_field_overflow
      await failureOf('SELECT ?::timestamptz', ['2025-02-31 00:00:00+00']),
      // numeric_value_out_of_range
      await failureOf('SELECT ?::int', ['99999999999']),
      // invalid_datetime_format
      await failureOf('SELECT ?::timestamptz', ['the day after tomorrow']),
      // division_by_zero
      await failureOf('SELECT 1 / ?::int', [0]),
      // invalid_text_representation
      await failureOf('SELECT ?::uuid', ['not-a-uuid']),
    ];
    expect(failures.map((f) => (f as { code?: unknown }).code)).toEqual(['22008', '22003', '22007', '22012', '22P02']);
    for (const failure of failures) {
      const translated = translateDatabaseError(failure);
      expect(translated).toBeInstanceOf(DomainError);
      expect([translated?.kind, translated?.code]).toEqual(['invalid', 'validation_failed']);
    }
  });

  test('a NUL character that reached the database is bad input, not an unreachable database', async () => {
    // The statement goes out with its values inlined, and PostgreSQL's protocol ends a string at NUL: the
    // server reads a malformed message (protocol_violation). Text columns could not store it anyway (22021).
    const failure = await failureOf('SELECT ?::text', ['a\u0000b']);
    expect((failure as { code?: unknown }).code).toBe('08P01');
    const translated = translateDatabaseError(failure);
    expect([translated?.kind, translated?.code]).toEqual(['invalid', 'validation_failed']);
    // The connection is still good for the next statement.
    await expect(app.em().execute('SELECT 1 AS one')).resolves.toEqual([{ one: 1 }]);
  });

  test('a NUL character in a body, a query or a path is a 400 naming the field, before any statement', async () => {
    const body = await call('POST', '/holds', {
      body: { eventId: 'e\u0000', seatIds: ['s1'] },
      headers: { 'admission-token': 'x' },
    });
    const query = await call('GET', '/read/timestamp?at=2025-02-28%00', { as: null });
    const path = await call('GET', '/holds/a%00b');
    for (const [answer, part] of [
      [body, 'body'],
      [query, 'query'],
      [path, 'params'],
    ] as const) {
      expect([part, answer.status, answer.body.code]).toEqual([part, 400, 'validation_failed']);
      const errors = answer.body.errors as Array<{ in: string; code: string }>;
      expect(errors).toContainEqual(expect.objectContaining({ in: part, code: 'nul_character' }));
    }
  });

  test('a read outside any transaction that the database refuses as bad data answers 400, not 500', async () => {
    const fine = await call<{ at: string }>('GET', '/read/timestamp?at=2025-02-28', { as: null });
    expect(fine.status).toBe(200);
    expect(fine.body.at).toMatch(/^2025-02-28 /);
    for (const at of ['2025-02-31', 'soon']) {
      const answer = await call('GET', `/read/timestamp?at=${at}`, { as: null });
      expect([at, answer.status, answer.body.code]).toEqual([at, 400, 'validation_failed']);
    }
  });
});
