import { formatCsv, parseCsv, CsvSyntaxError, type CsvLine } from './csv-format.ts';
import type { FieldIssue } from './plan.ts';
import type { SeatMapDesign, SeatMapInput } from './schema.ts';

/*
 * A seat map as CSV, one line per thing, with these columns:
 *
 *   section,kind,row,seat,x,y,tier,price_cents,currency,blocked,capacity,order,geometry
 *
 * - a price tier line has no section: `tier`, `price_cents`, `currency`;
 * - a section line has a section and no row or seat: `kind` (reserved or
 *   general), its `tier`, `capacity` (general admission), `order`, and its
 *   drawing as JSON in `geometry`;
 * - a seat line has a section and a seat (and usually a row): `x`, `y`, its
 *   `tier` (the section's if empty), `blocked` (true or false).
 *
 * An export lists the tiers, then each section line followed by its seats,
 * and imports back to the same map. A file made by hand may leave out the
 * tier lines (giving `price_cents` and `currency` on any line naming the
 * tier) and the section lines of reserved sections (each then sells at the
 * tier most of its seats have). Problems are reported as `<line>.<column>`.
 */

export const csvColumns = [
  'section',
  'kind',
  'row',
  'seat',
  'x',
  'y',
  'tier',
  'price_cents',
  'currency',
  'blocked',
  'capacity',
  'order',
  'geometry',
] as const;
type Column = (typeof csvColumns)[number];
type CsvFields = Record<Column, string>;

const line = (values: Partial<CsvFields>): string[] => csvColumns.map((column) => values[column] ?? '');

export function seatMapToCsv(map: SeatMapDesign): string {
  const rows: string[][] = [[...csvColumns]];
  for (const tier of map.priceTiers) {
    rows.push(line({ tier: tier.name, price_cents: String(tier.priceCents), currency: tier.currency }));
  }
  for (const section of map.sections) {
    rows.push(
      line({
        section: section.name,
        kind: section.kind,
        tier: section.priceTier,
        capacity: section.kind === 'general' ? String(section.capacity) : '',
        order: String(section.sortOrder),
        geometry: Object.keys(section.geometry).length > 0 ? JSON.stringify(section.geometry) : '',
      }),
    );
    for (const row of section.rows) {
      for (const seat of row.seats) {
        rows.push(
          line({
            section: section.name,
            kind: section.kind,
            row: row.label,
            seat: seat.label,
            x: seat.x === null ? '' : String(seat.x),
            y: seat.y === null ? '' : String(seat.y),
            tier: seat.priceTier,
            blocked: String(seat.blocked),
          }),
        );
      }
    }
  }
  return formatCsv(rows);
}

export interface CsvImport {
  input: SeatMapInput;
  issues: FieldIssue[];
  /** The CSV line each tier, section, row and seat of `input` came from, by its path (`sections.0.rows.2`). */
  lineOf: Map<string, number>;
}

interface SectionDraft {
  name: string;
  line: number;
  kind?: 'reserved' | 'general';
  tier?: string;
  capacity?: number;
  order?: number;
  geometry?: Record<string, unknown>;
  defined: boolean;
  rows: Map<string, { line: number; seats: Array<{ line: number; fields: CsvFields }> }>;
}

const booleans: Record<string, boolean> = {
  true: true,
  false: false,
  yes: true,
  no: false,
  '1': true,
  '0': false,
  '': false,
};

export function csvToSeatMapInput(text: string): CsvImport {
  const issues: FieldIssue[] = [];
  const issue = (at: number, column: string, code: string, message: string) =>
    issues.push({ in: 'body', path: `${at}.${column}`, code, message });
  let lines: CsvLine[];
  try {
    lines = parseCsv(text);
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    issue(error.line, '', 'csv_syntax', error.message);
    return { input: { priceTiers: [], sections: [] }, issues, lineOf: new Map() };
  }
  const [header, ...body] = lines;
  const columns = (header?.fields ?? []).map((name) => name.trim().toLowerCase());
  columns.forEach((name, i) => {
    if (!(csvColumns as readonly string[]).includes(name))
      issue(1, name || String(i + 1), 'unknown_column', `the columns are ${csvColumns.join(', ')}`);
  });
  for (const needed of ['section', 'row', 'seat', 'tier'] as const) {
    if (!columns.includes(needed)) issue(1, needed, 'missing_column', `the header needs a ${needed} column`);
  }
  if (issues.length > 0) return { input: { priceTiers: [], sections: [] }, issues, lineOf: new Map() };

  const tiers = new Map<string, { priceCents: number; currency: string; line: number }>();
  const sections = new Map<string, SectionDraft>();
  const tierUse = new Map<string, number>();
  const integer = (at: number, column: Column, value: string) => {
    if (!/^-?\d{1,9}$/.test(value)) {
      issue(at, column, 'not_an_integer', `${column} must be a whole number`);
      return undefined;
    }
    return Number(value);
  };
  const defineTier = (at: number, fields: CsvFields) => {
    const name = fields.tier;
    if (fields.price_cents === '' && fields.currency === '') return;
    const priceCents = integer(at, 'price_cents', fields.price_cents);
    if (!/^[A-Z]{3}$/.test(fields.currency)) issue(at, 'currency', 'invalid_currency', 'an ISO 4217 code in capitals');
    if (priceCents === undefined) return;
    const known = tiers.get(name);
    if (!known) tiers.set(name, { priceCents, currency: fields.currency, line: at });
    else if (known.priceCents !== priceCents || known.currency !== fields.currency) {
      issue(at, 'price_cents', 'tier_conflict', `tier ${name} has another price on line ${known.line}`);
    }
  };

  for (const { line: at, fields: values } of body) {
    const fields = Object.fromEntries(
      csvColumns.map((c) => [c, (values[columns.indexOf(c)] ?? '').trim()]),
    ) as CsvFields;
    if (values.length > columns.length) issue(at, '', 'too_many_fields', `the header names ${columns.length} columns`);
    if (fields.tier !== '') {
      defineTier(at, fields);
      tierUse.set(fields.tier, tierUse.get(fields.tier) ?? at);
    }
    if (fields.section === '') {
      if (fields.tier === '') issue(at, 'section', 'section_required', 'a line without a section defines a price tier');
      else if (!tiers.has(fields.tier) && fields.price_cents === '' && fields.currency === '') {
        issue(at, 'price_cents', 'price_required', 'a price tier line needs price_cents and currency');
      }
      continue;
    }
    let section = sections.get(fields.section);
    if (!section)
      sections.set(fields.section, (section = { name: fields.section, line: at, defined: false, rows: new Map() }));
    if (fields.kind !== '' && fields.kind !== 'reserved' && fields.kind !== 'general') {
      issue(at, 'kind', 'invalid_kind', 'kind is reserved or general');
    }
    if (fields.row === '' && fields.seat === '') {
      if (section.defined)
        issue(at, 'section', 'duplicate_section', `section ${section.name} has another section line`);
      section.defined = true;
      section.line = at;
      if (fields.kind === 'reserved' || fields.kind === 'general') section.kind = fields.kind;
      else if (fields.kind === '') issue(at, 'kind', 'kind_required', 'a section line needs its kind');
      if (fields.tier === '') issue(at, 'tier', 'tier_required', 'a section line needs its price tier');
      else section.tier = fields.tier;
      if (fields.capacity !== '') section.capacity = integer(at, 'capacity', fields.capacity);
      if (fields.order !== '') section.order = integer(at, 'order', fields.order);
      if (fields.geometry !== '')
        section.geometry = parseGeometry(fields.geometry, () =>
          issue(at, 'geometry', 'invalid_geometry', 'geometry is a JSON object'),
        );
      continue;
    }
    if (fields.seat === '') {
      issue(at, 'seat', 'seat_required', 'a line with a row needs its seat');
      continue;
    }
    if (fields.kind === 'general')
      issue(at, 'kind', 'general_seat', 'general admission places are given by a capacity');
    for (const column of ['x', 'y'] as const) {
      if (fields[column] !== '' && !Number.isFinite(Number(fields[column])))
        issue(at, column, 'not_a_number', `${column} must be a number`);
    }
    if (!(fields.blocked.toLowerCase() in booleans)) issue(at, 'blocked', 'not_a_boolean', 'blocked is true or false');
    let row = section.rows.get(fields.row);
    if (!row) section.rows.set(fields.row, (row = { line: at, seats: [] }));
    row.seats.push({ line: at, fields });
  }
  for (const [name, at] of tierUse) {
    if (!tiers.has(name))
      issue(at, 'tier', 'unknown_price_tier', `give price_cents and currency of tier ${name} on one line`);
  }
  return { ...toInput([...tiers], [...sections.values()], issues), issues };
}

function parseGeometry(text: string, fail: () => void): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  fail();
  return undefined;
}

function toInput(
  tiers: Array<[string, { priceCents: number; currency: string; line: number }]>,
  sections: SectionDraft[],
  issues: FieldIssue[],
): { input: SeatMapInput; lineOf: Map<string, number> } {
  const lineOf = new Map<string, number>();
  const priceTiers = tiers.map(([name, tier], i) => {
    lineOf.set(`priceTiers.${i}`, tier.line);
    return { name, priceCents: tier.priceCents, currency: tier.currency };
  });
  const input: SeatMapInput = {
    priceTiers,
    sections: sections.map((section, i) => {
      lineOf.set(`sections.${i}`, section.line);
      const kind = section.kind ?? 'reserved';
      if (kind === 'general' && section.rows.size > 0) {
        const first = [...section.rows.values()][0];
        issues.push({
          in: 'body',
          path: `${first?.line ?? section.line}.kind`,
          code: 'general_seat',
          message: 'general admission places are given by a capacity',
        });
      }
      const rows = [...section.rows].map(([label, row], r) => {
        lineOf.set(`sections.${i}.rows.${r}`, row.line);
        return {
          label,
          seats: row.seats.map(({ line: at, fields }, s) => {
            lineOf.set(`sections.${i}.rows.${r}.seats.${s}`, at);
            return {
              label: fields.seat,
              x: fields.x === '' ? null : Number(fields.x),
              y: fields.y === '' ? null : Number(fields.y),
              ...(fields.tier === '' ? {} : { priceTier: fields.tier }),
              blocked: booleans[fields.blocked.toLowerCase()] ?? false,
            };
          }),
        };
      });
      return {
        name: section.name,
        kind,
        priceTier: section.tier ?? commonestTier(rows),
        ...(section.capacity === undefined ? {} : { capacity: section.capacity }),
        ...(section.geometry === undefined ? {} : { geometry: section.geometry }),
        ...(section.order === undefined ? {} : { sortOrder: section.order }),
        ...(kind === 'reserved' ? { rows } : {}),
      };
    }),
  };
  return { input, lineOf };
}

/** A reserved section listed without its own line sells at the tier most of its seats have. */
function commonestTier(rows: Array<{ seats: Array<{ priceTier?: string }> }>): string {
  const counts = new Map<string, number>();
  for (const seat of rows.flatMap((r) => r.seats)) {
    if (seat.priceTier !== undefined) counts.set(seat.priceTier, (counts.get(seat.priceTier) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
}
