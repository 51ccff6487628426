import { readFileSync } from 'node:fs';

/**
 * What the demo contains. Every id is fixed, so seeding twice finds its own
 * rows and writes nothing, and tests, scripts and the site can name the demo
 * event without looking it up. Ids are valid RFC 9562 (version 4 layout), as
 * the services' input schemas require.
 */

const id = (n: number) => `5eed0000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** The demo organizer's user id in identity/realm/ticketing-realm.json (user `organizer`). */
export const fallbackOrganizerId = '8d3f1c52-6a0e-4b7c-9f21-3e5a7c9b1d03';

export const demoIds = {
  venue: id(1),
  events: { arena: id(101), jazz: id(102) },
  drops: { arenaOpen: id(401), jazzUpcoming: id(402) },
  tiers: { centre: id(201), side: id(202), standing: id(203), jazzStalls: id(211), jazzStanding: id(212) },
  sections: {
    floor: id(301),
    left: id(302),
    centre: id(303),
    right: id(304),
    jazzStalls: id(311),
    jazzStanding: id(312),
  },
} as const;

export interface TierPlan {
  id: string;
  eventId: string;
  name: string;
  priceCents: number;
}

/** A section and where it sits on the drawing (units: a seat pitch is 10). */
export interface SectionPlan {
  id: string;
  /** Part of every seat id of the section, with the event's number. */
  eventNo: number;
  sectionNo: number;
  eventId: string;
  dropId: string;
  tierId: string;
  name: string;
  kind: 'reserved' | 'general';
  /** Reserved: rows × seatsPerRow seats. General admission: one row of `seatsPerRow` places. */
  rows: number;
  seatsPerRow: number;
  box: { x: number; y: number; width: number; height: number };
}

export const seatPitch = 10;

export const tiers: TierPlan[] = [
  { id: demoIds.tiers.centre, eventId: demoIds.events.arena, name: 'Centre stand', priceCents: 8900 },
  { id: demoIds.tiers.side, eventId: demoIds.events.arena, name: 'Side stand', priceCents: 6900 },
  { id: demoIds.tiers.standing, eventId: demoIds.events.arena, name: 'Standing', priceCents: 4900 },
  { id: demoIds.tiers.jazzStalls, eventId: demoIds.events.jazz, name: 'Stalls', priceCents: 5500 },
  { id: demoIds.tiers.jazzStanding, eventId: demoIds.events.jazz, name: 'Standing', priceCents: 3500 },
];

type Owner = Pick<SectionPlan, 'eventNo' | 'eventId' | 'dropId'>;
const arena: Owner = { eventNo: 1, eventId: demoIds.events.arena, dropId: demoIds.drops.arenaOpen };
const jazz: Owner = { eventNo: 2, eventId: demoIds.events.jazz, dropId: demoIds.drops.jazzUpcoming };

function reserved(
  owner: Owner,
  sectionNo: number,
  id: string,
  tierId: string,
  name: string,
  at: [number, number],
  rows: number,
  seatsPerRow: number,
): SectionPlan {
  const box = { x: at[0], y: at[1], width: seatsPerRow * seatPitch, height: rows * seatPitch };
  return { ...owner, id, sectionNo, tierId, name, kind: 'reserved', rows, seatsPerRow, box };
}

function standing(
  owner: Owner,
  sectionNo: number,
  id: string,
  tierId: string,
  name: string,
  box: SectionPlan['box'],
  places: number,
): SectionPlan {
  return { ...owner, id, sectionNo, tierId, name, kind: 'general', rows: 1, seatsPerRow: places, box };
}

// The stage runs along the top edge (y < 80); the floor stands in front of it, the stands behind.
export const sections: SectionPlan[] = [
  standing(
    arena,
    1,
    demoIds.sections.floor,
    demoIds.tiers.standing,
    'Floor',
    { x: 250, y: 100, width: 800, height: 200 },
    1000,
  ),
  reserved(arena, 2, demoIds.sections.left, demoIds.tiers.side, 'Left stand', [0, 340], 20, 40),
  reserved(arena, 3, demoIds.sections.centre, demoIds.tiers.centre, 'Centre stand', [450, 340], 20, 40),
  reserved(arena, 4, demoIds.sections.right, demoIds.tiers.side, 'Right stand', [900, 340], 20, 40),
  reserved(jazz, 11, demoIds.sections.jazzStalls, demoIds.tiers.jazzStalls, 'Stalls', [525, 340], 12, 25),
  standing(
    jazz,
    12,
    demoIds.sections.jazzStanding,
    demoIds.tiers.jazzStanding,
    'Standing',
    { x: 450, y: 100, width: 400, height: 200 },
    300,
  ),
];

export const capacityOf = (s: SectionPlan) => s.rows * s.seatsPerRow;

/** What `sections.geometry` holds: the section's box and, for reserved seating, its grid. */
export function geometryOf(s: SectionPlan): Record<string, unknown> {
  const shape = { shape: 'rect', ...s.box };
  return s.kind === 'general' ? shape : { ...shape, rows: s.rows, seatsPerRow: s.seatsPerRow, seatPitch };
}

/** The demo organizer's id from the realm export, so the seeded events belong to the user who signs in. */
export function demoOrganizerId(
  realmFile: URL = new URL('../../../identity/realm/ticketing-realm.json', import.meta.url),
): string {
  try {
    const realm = JSON.parse(readFileSync(realmFile, 'utf8')) as {
      users?: Array<{ id?: unknown; username?: unknown }>;
    };
    const organizer = realm.users?.find((u) => u.username === 'organizer');
    return typeof organizer?.id === 'string' ? organizer.id : fallbackOrganizerId;
  } catch {
    return fallbackOrganizerId;
  }
}
