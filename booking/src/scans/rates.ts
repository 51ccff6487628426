import { notFound } from '@ticketing/common';
import { z } from 'zod';
import type { Actor } from '../actor.ts';
import type { Database } from '../db/database.ts';
import { findManagedEvent } from '../drops/repo.ts';
import { isoText } from '../db/sql.ts';

/**
 * How fast each gate of an event is scanning: for the organizer's dashboard.
 * Counted from the scans table by the device's scan time (an offline scan
 * counts when it happened, not when it was uploaded), in buckets.
 */

export const scanRatesQuery = z.object({
  /** How far back to look. */
  windowMinutes: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(60),
  /** The width of one bucket. */
  bucketSeconds: z.coerce.number().int().min(10).max(3600).default(60),
});
export type ScanRatesQuery = z.output<typeof scanRatesQuery>;

export const scanRates = z.object({
  eventId: z.string(),
  from: z.string(),
  to: z.string(),
  bucketSeconds: z.number().int(),
  gates: z.array(
    z.object({
      gateId: z.string(),
      scans: z.number().int(),
      admitted: z.number().int(),
      refused: z.number().int(),
      /** Admissions per minute over the last bucket that has ended. */
      admittedPerMinute: z.number(),
      buckets: z.array(z.object({ at: z.string(), scans: z.number().int(), admitted: z.number().int() })),
    }),
  ),
});
export type ScanRates = z.infer<typeof scanRates>;

export async function readScanRates(
  db: Database,
  actor: Actor,
  eventId: string,
  query: ScanRatesQuery,
): Promise<ScanRates> {
  return db.read(async (sql) => {
    const event = await findManagedEvent(sql, actor, eventId);
    if (!event) throw notFound('event_not_found', 'There is no such event');
    const [window] = await sql.query<{ from: string; to: string; origin: string }>(
      `SELECT ${isoText("(now() - ?::int * interval '1 minute')")} AS "from", ${isoText('now()')} AS "to",
              date_bin(?::int * interval '1 second', now() - ?::int * interval '1 minute', timestamptz '2000-01-01')::text
                AS origin`,
      [query.windowMinutes, query.bucketSeconds, query.windowMinutes],
    );
    if (!window) throw new Error('no time window');
    const rows = await sql.query<{ gate_id: string; bucket: string; scans: number; admitted: number }>(
      `SELECT gate_id, ${isoText("date_bin(?::int * interval '1 second', scanned_at, timestamptz '2000-01-01')")} AS bucket,
              count(*)::int AS scans, (count(*) FILTER (WHERE admitted))::int AS admitted
         FROM scans
        WHERE event_id = ? AND scanned_at >= ?::timestamptz
        GROUP BY 1, 2 ORDER BY 1, 2`,
      [query.bucketSeconds, event.id, window.origin],
    );
    const lastEnded = Date.parse(window.to) - query.bucketSeconds * 1000;
    const gates = new Map<string, ScanRates['gates'][number]>();
    for (const row of rows) {
      let gate = gates.get(row.gate_id);
      if (!gate) {
        gate = { gateId: row.gate_id, scans: 0, admitted: 0, refused: 0, admittedPerMinute: 0, buckets: [] };
        gates.set(row.gate_id, gate);
      }
      gate.scans += row.scans;
      gate.admitted += row.admitted;
      gate.refused += row.scans - row.admitted;
      gate.buckets.push({ at: row.bucket, scans: row.scans, admitted: row.admitted });
      const start = Date.parse(row.bucket);
      if (start <= lastEnded && start > lastEnded - query.bucketSeconds * 1000) {
        gate.admittedPerMinute = (row.admitted * 60) / query.bucketSeconds;
      }
    }
    return {
      eventId: event.id,
      from: window.from,
      to: window.to,
      bucketSeconds: query.bucketSeconds,
      gates: [...gates.values()],
    };
  });
}
