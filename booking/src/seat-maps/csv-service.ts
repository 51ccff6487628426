import { isDomainError } from '@ticketing/common';
import type { Actor } from '../actor.ts';
import type { Database } from '../db/database.ts';
import { csvToSeatMapInput, seatMapToCsv } from './csv.ts';
import { seatMapInvalid, type FieldIssue } from './plan.ts';
import { seatMapInput } from './schema.ts';
import { getSeatMap, replaceSeatMap, type SeatMapAnswer } from './service.ts';

/*
 * The seat map as a CSV file (csv.ts has the columns): exported from what
 * GET answers, imported through the same replacement as a PUT, so both
 * follow the same rules and an export imports back to the same map.
 */

export async function exportSeatMapCsv(
  db: Database,
  actor: Actor,
  eventId: string,
): Promise<{ version: number; csv: string }> {
  const { version, map } = await getSeatMap(db, actor, eventId);
  return { version, csv: seatMapToCsv(map) };
}

export async function importSeatMapCsv(
  db: Database,
  actor: Actor,
  eventId: string,
  csv: string,
  expectedVersion: number | undefined,
): Promise<SeatMapAnswer> {
  const { input, issues, lineOf } = csvToSeatMapInput(csv);
  if (issues.length > 0) throw seatMapInvalid(issues);
  const parsed = seatMapInput.safeParse(input);
  if (!parsed.success) {
    throw seatMapInvalid(
      parsed.error.issues.map((issue) =>
        relocateIssue(
          { in: 'body', path: issue.path.map(String).join('.'), code: issue.code, message: issue.message },
          lineOf,
        ),
      ),
    );
  }
  try {
    return await replaceSeatMap(db, actor, eventId, parsed.data, expectedVersion, 'csv');
  } catch (error) {
    // The rules speak of the map's fields; the person who sent a file wants its lines.
    const errors = isDomainError(error) && error.code === 'seat_map_invalid' ? error.details?.errors : undefined;
    if (!Array.isArray(errors)) throw error;
    throw seatMapInvalid((errors as FieldIssue[]).map((issue) => relocateIssue(issue, lineOf)));
  }
}

const columnOfField: Record<string, string> = {
  label: 'seat',
  priceCents: 'price_cents',
  priceTier: 'tier',
  sortOrder: 'order',
};

/** An issue about the imported map, moved to the CSV line and column it came from. */
function relocateIssue(issue: FieldIssue, lineOf: Map<string, number>): FieldIssue {
  const parts = issue.path === '' ? [] : issue.path.split('.');
  for (let n = parts.length; n > 0; n--) {
    const at = lineOf.get(parts.slice(0, n).join('.'));
    if (at === undefined) continue;
    const field = parts[n] ?? '';
    const owner = parts[n - 2];
    const column =
      field === 'name'
        ? owner === 'priceTiers'
          ? 'tier'
          : 'section'
        : field === 'label' && owner === 'rows'
          ? 'row'
          : (columnOfField[field] ?? field);
    return { ...issue, path: `${at}.${column}` };
  }
  return issue;
}
