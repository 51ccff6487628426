import { invalid } from '@ticketing/common';
import { checkLayout, layoutRow } from './layout.ts';
import { maxSeatsPerEvent, type SeatMapInput } from './schema.ts';

/*
 * A seat map as it will be stored: layouts expanded into seats, defaults
 * applied, and every rule between fields checked (names unique, tiers known,
 * labels unique in their row, a capacity where one is needed). Each problem
 * is reported with the path of the field in the request that caused it.
 */

export interface FieldIssue {
  in: 'body';
  path: string;
  code: string;
  message: string;
}

export interface PlannedTier {
  id: string | undefined;
  name: string;
  priceCents: number;
  currency: string;
  path: string;
}

export interface PlannedSeat {
  id: string | undefined;
  row: string;
  label: string;
  x: number | null;
  y: number | null;
  tier: string;
  blocked: boolean;
  path: string;
}

export interface PlannedSection {
  id: string | undefined;
  name: string;
  kind: 'reserved' | 'general';
  tier: string;
  capacity: number;
  geometry: Record<string, unknown>;
  sortOrder: number;
  /** Reserved sections only; general admission places follow from the capacity. */
  seats: PlannedSeat[];
  path: string;
}

export interface SeatMapPlan {
  tiers: PlannedTier[];
  sections: PlannedSection[];
}

/** Problems reported at most; a map with more has bigger trouble than a list can show. */
const maxIssues = 200;

export function seatMapInvalid(issues: FieldIssue[]) {
  return invalid('seat_map_invalid', 'The seat map has errors', {
    details: {
      errors: issues.slice(0, maxIssues),
      ...(issues.length > maxIssues ? { more: issues.length - maxIssues } : {}),
    },
  });
}

export function planSeatMap(input: SeatMapInput): { plan: SeatMapPlan; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const issue = (path: string, code: string, message: string) => issues.push({ in: 'body', path, code, message });
  const tierNames = new Set<string>();
  const ids = new Set<string>();
  const uniqueId = (value: string | undefined, path: string) => {
    if (value === undefined) return;
    if (ids.has(value)) issue(`${path}.id`, 'duplicate_id', 'this id is given twice');
    ids.add(value);
  };

  const tiers = input.priceTiers.map((tier, i): PlannedTier => {
    const path = `priceTiers.${i}`;
    if (tierNames.has(tier.name)) issue(`${path}.name`, 'duplicate_name', `another price tier is named ${tier.name}`);
    tierNames.add(tier.name);
    uniqueId(tier.id, path);
    return { id: tier.id, name: tier.name, priceCents: tier.priceCents, currency: tier.currency, path };
  });
  const knownTier = (name: string, path: string) => {
    if (!tierNames.has(name)) issue(path, 'unknown_price_tier', `there is no price tier named ${name}`);
  };

  const sectionNames = new Set<string>();
  let total = 0;
  const sections = input.sections.map((section, i): PlannedSection => {
    const path = `sections.${i}`;
    if (sectionNames.has(section.name))
      issue(`${path}.name`, 'duplicate_name', `another section is named ${section.name}`);
    sectionNames.add(section.name);
    uniqueId(section.id, path);
    knownTier(section.priceTier, `${path}.priceTier`);
    const seats: PlannedSeat[] = [];
    if (section.kind === 'general') {
      if (section.capacity === undefined || section.capacity < 1) {
        issue(`${path}.capacity`, 'capacity_required', 'a general admission section needs a capacity of at least 1');
      }
      if ((section.rows ?? []).length > 0) {
        issue(`${path}.rows`, 'rows_not_allowed', 'general admission places are not drawn in rows');
      }
    }
    const rowLabels = new Set<string>();
    for (const [r, row] of (section.kind === 'reserved' ? (section.rows ?? []) : []).entries()) {
      const rowPath = `${path}.rows.${r}`;
      if (rowLabels.has(row.label)) issue(`${rowPath}.label`, 'duplicate_row', `another row is labelled ${row.label}`);
      rowLabels.add(row.label);
      const seatLabels = new Set<string>();
      const add = (seat: Omit<PlannedSeat, 'row'>, labelPath: string) => {
        if (seatLabels.has(seat.label)) {
          issue(labelPath, 'duplicate_seat', `row ${row.label} has seat ${seat.label} twice`);
        }
        seatLabels.add(seat.label);
        seats.push({ ...seat, row: row.label });
      };
      if (row.layout) {
        const layout = row.layout;
        const problems = checkLayout(layout);
        for (const p of problems) issue(`${rowPath}.layout.${p.path}`, p.code, p.message);
        if (layout.priceTier !== undefined) knownTier(layout.priceTier, `${rowPath}.layout.priceTier`);
        if (problems.length > 0) continue;
        for (const seat of layoutRow(layout)) {
          const tier = layout.priceTier ?? section.priceTier;
          add({ id: undefined, ...seat, tier, path: `${rowPath}.layout` }, `${rowPath}.layout`);
        }
      }
      for (const [s, seat] of (row.seats ?? []).entries()) {
        const seatPath = `${rowPath}.seats.${s}`;
        uniqueId(seat.id, seatPath);
        if (seat.priceTier !== undefined) knownTier(seat.priceTier, `${seatPath}.priceTier`);
        const planned = {
          id: seat.id,
          label: seat.label,
          x: seat.x ?? null,
          y: seat.y ?? null,
          tier: seat.priceTier ?? section.priceTier,
          blocked: seat.blocked ?? false,
          path: seatPath,
        };
        add(planned, `${seatPath}.label`);
      }
    }
    const capacity = section.kind === 'general' ? (section.capacity ?? 0) : seats.length;
    if (section.kind === 'reserved' && section.capacity !== undefined && section.capacity !== seats.length) {
      issue(`${path}.capacity`, 'capacity_mismatch', `the section has ${seats.length} seats`);
    }
    total += capacity;
    return {
      id: section.id,
      name: section.name,
      kind: section.kind,
      tier: section.priceTier,
      capacity,
      geometry: section.geometry ?? {},
      sortOrder: section.sortOrder ?? i,
      seats,
      path,
    };
  });
  if (total > maxSeatsPerEvent) {
    issue(
      'sections',
      'too_many_seats',
      `an event has at most ${maxSeatsPerEvent} seats and places; this map has ${total}`,
    );
  }
  return { plan: { tiers, sections }, issues };
}
