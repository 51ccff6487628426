import { randomUUID } from 'node:crypto';
import type { FieldIssue, PlannedSeat, SeatMapPlan } from './plan.ts';
import type { StoredSeat, StoredSeatMap, StoredSection, StoredTier } from './repo.ts';

/*
 * What saving a plan over the stored map changes. A tier, section or seat
 * given with its id is that row; one without an id is matched by name (a
 * seat by its row and label in the same section), so a map re-imported from
 * CSV keeps its ids. Unmatched stored rows go; unmatched planned ones are new.
 * Seats keep their ids whenever they can: tickets and orders point at them.
 */

export interface SeatMapDiff {
  tiers: { updated: StoredTier[]; inserted: StoredTier[]; renamed: string[]; removed: string[] };
  sections: { updated: StoredSection[]; inserted: StoredSection[]; renamed: string[]; removed: string[] };
  seats: { updated: StoredSeat[]; inserted: StoredSeat[]; relabelled: string[]; removed: string[] };
  /** Ids given that are not rows of this event's map (or not of the section they are given in). */
  issues: FieldIssue[];
}

/** The label of the n-th general admission place (1-based), as the demo seed writes them too. */
export const generalPlaceLabel = (n: number) => `GA-${String(n).padStart(4, '0')}`;

/** Positions are stored in single precision: compare them as stored. */
const samePosition = (a: number | null, b: number | null) =>
  a === null || b === null ? a === b : Math.fround(a) === Math.fround(b);

function matcher<T extends { id: string }>(stored: readonly T[], keyOf: (row: T) => string) {
  const byId = new Map(stored.map((row) => [row.id, row]));
  const byKey = new Map(stored.map((row) => [keyOf(row), row]));
  const claimed = new Set<string>();
  return {
    /** The stored row this planned one is, or `unknown` for an id that names none. */
    match(id: string | undefined, key: string): T | undefined | 'unknown' {
      if (id !== undefined) {
        const row = byId.get(id);
        if (!row || claimed.has(id)) return 'unknown';
        claimed.add(id);
        return row;
      }
      const row = byKey.get(key);
      if (!row || claimed.has(row.id)) return undefined;
      claimed.add(row.id);
      return row;
    },
    unclaimed: () => stored.filter((row) => !claimed.has(row.id)),
  };
}

export function diffSeatMap(stored: StoredSeatMap, plan: SeatMapPlan): SeatMapDiff {
  const issues: FieldIssue[] = [];
  const unknownId = (path: string) =>
    issues.push({ in: 'body', path: `${path}.id`, code: 'unknown_id', message: 'no such row in this seat map' });
  const diff: SeatMapDiff = {
    tiers: { updated: [], inserted: [], renamed: [], removed: [] },
    sections: { updated: [], inserted: [], renamed: [], removed: [] },
    seats: { updated: [], inserted: [], relabelled: [], removed: [] },
    issues,
  };

  const tierIds = new Map<string, string>();
  const tiers = matcher(stored.tiers, (t) => t.name);
  for (const planned of plan.tiers) {
    const found = tiers.match(planned.id, planned.name);
    if (found === 'unknown') {
      unknownId(planned.path);
      continue;
    }
    const next: StoredTier = {
      id: found?.id ?? randomUUID(),
      name: planned.name,
      priceCents: planned.priceCents,
      currency: planned.currency,
    };
    tierIds.set(planned.name, next.id);
    if (!found) diff.tiers.inserted.push(next);
    else if (found.name !== next.name || found.priceCents !== next.priceCents || found.currency !== next.currency) {
      diff.tiers.updated.push(next);
      if (found.name !== next.name) diff.tiers.renamed.push(found.id);
    }
  }
  diff.tiers.removed = tiers.unclaimed().map((t) => t.id);
  const tierId = (name: string) => tierIds.get(name) ?? '';

  const seatsBySection = new Map<string, StoredSeat[]>();
  for (const seat of stored.seats) {
    const list = seatsBySection.get(seat.sectionId) ?? [];
    list.push(seat);
    seatsBySection.set(seat.sectionId, list);
  }
  const sections = matcher(stored.sections, (s) => s.name);
  for (const planned of plan.sections) {
    const found = sections.match(planned.id, planned.name);
    if (found === 'unknown') {
      unknownId(planned.path);
      continue;
    }
    const section: StoredSection = {
      id: found?.id ?? randomUUID(),
      name: planned.name,
      kind: planned.kind,
      tierId: tierId(planned.tier),
      capacity: planned.capacity,
      geometry: planned.geometry,
      sortOrder: planned.sortOrder,
    };
    if (!found) diff.sections.inserted.push(section);
    else if (
      found.name !== section.name ||
      found.kind !== section.kind ||
      found.tierId !== section.tierId ||
      found.capacity !== section.capacity ||
      found.sortOrder !== section.sortOrder ||
      canonicalJson(found.geometry) !== canonicalJson(section.geometry)
    ) {
      diff.sections.updated.push(section);
      if (found.name !== section.name) diff.sections.renamed.push(found.id);
    }
    const wanted: PlannedSeat[] =
      planned.kind === 'general'
        ? Array.from({ length: planned.capacity }, (_, i) => ({
            id: undefined,
            row: '',
            label: generalPlaceLabel(i + 1),
            x: null,
            y: null,
            tier: planned.tier,
            blocked: false,
            path: planned.path,
          }))
        : planned.seats;
    const seats = matcher(found ? (seatsBySection.get(found.id) ?? []) : [], (s) => `${s.row}\u0000${s.label}`);
    for (const seat of wanted) {
      const match = seats.match(seat.id, `${seat.row}\u0000${seat.label}`);
      if (match === 'unknown') {
        unknownId(seat.path);
        continue;
      }
      // General admission places are not designed one by one: one a refund took off sale stays off sale.
      const status =
        planned.kind === 'general' ? (match?.status ?? 'available') : seat.blocked ? 'blocked' : 'available';
      const next: StoredSeat = {
        id: match?.id ?? randomUUID(),
        sectionId: section.id,
        row: seat.row,
        label: seat.label,
        x: seat.x,
        y: seat.y,
        tierId: tierId(seat.tier),
        status,
      };
      if (!match) diff.seats.inserted.push(next);
      else if (
        match.row !== next.row ||
        match.label !== next.label ||
        !samePosition(match.x, next.x) ||
        !samePosition(match.y, next.y) ||
        match.tierId !== next.tierId ||
        match.status !== next.status
      ) {
        diff.seats.updated.push(next);
        if (match.row !== next.row || match.label !== next.label) diff.seats.relabelled.push(match.id);
      }
    }
    diff.seats.removed.push(...seats.unclaimed().map((s) => s.id));
  }
  for (const gone of sections.unclaimed()) {
    diff.sections.removed.push(gone.id);
    diff.seats.removed.push(...(seatsBySection.get(gone.id) ?? []).map((s) => s.id));
  }
  return diff;
}

/** JSON with every object's keys sorted: PostgreSQL's jsonb keeps its own key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

export function isEmptyDiff(diff: SeatMapDiff): boolean {
  return [diff.tiers, diff.sections, diff.seats].every(
    (part) => part.updated.length === 0 && part.inserted.length === 0 && part.removed.length === 0,
  );
}
