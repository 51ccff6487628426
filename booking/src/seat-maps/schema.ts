import { z } from 'zod';
import { id } from '../ids.ts';

/*
 * An event's seat map as the organizer designs it: price tiers, and
 * sections that are either reserved seating (rows of seats, each with a
 * position to draw it at) or general admission (a capacity). Price tiers
 * are named, and sections and seats name the tier they sell at, so a
 * designer can add a tier and paint seats with it in one save. What GET
 * answers is a valid PUT body: a map read, changed and saved keeps its ids.
 *
 * The bounds are the tables' CHECK constraints (and sane limits), so what
 * passes here PostgreSQL takes.
 */

export const maxSeatsPerEvent = 100_000;

const tierName = z.string().trim().min(1).max(100);
const seatLabel = z.string().trim().min(1).max(20);
const rowLabel = z.string().trim().max(20);
/** Drawing units (a seat pitch of 10 is usual); stored in single precision. */
const coordinate = z.number().min(-1_000_000).max(1_000_000);

/** The organizer's drawing of a section (outline, label position), kept as given. */
const geometry = z
  .record(z.string(), z.unknown())
  .refine((value) => JSON.stringify(value).length <= 20_000, 'at most 20,000 characters of JSON');

export const priceTierInput = z.strictObject({
  id: id.optional(),
  name: tierName,
  priceCents: z.number().int().min(0).max(100_000_000),
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code in capitals, such as EUR'),
});

export const seatInput = z.strictObject({
  id: id.optional(),
  label: seatLabel,
  x: coordinate.nullable().optional(),
  y: coordinate.nullable().optional(),
  /** Defaults to the section's tier. */
  priceTier: tierName.optional(),
  /** Not for sale (a camera position, a pillar in the way); still drawn. */
  blocked: z.boolean().optional(),
});
export type SeatInput = z.output<typeof seatInput>;

export const numberings = ['consecutive', 'odd', 'even', 'odd_even'] as const;
export const directions = ['left_to_right', 'right_to_left'] as const;

/**
 * A row generated from a count: positions at `pitch` along a line from
 * (x, y) turned by `angle` degrees, `gaps` (0-based positions from the left)
 * left empty for aisles without using up a number, and the seats numbered
 * by `numbering` (layout.ts) in `direction`.
 */
export const rowLayout = z.strictObject({
  count: z.number().int().min(1).max(500),
  numbering: z.enum(numberings).optional(),
  direction: z.enum(directions).optional(),
  /** The first number; 1 by default (2 for `even`). */
  start: z.number().int().min(0).max(100_000).optional(),
  gaps: z.array(z.number().int().min(0).max(1_000)).max(500).optional(),
  /** Labels of the generated seats that are not for sale. */
  blocked: z.array(seatLabel).max(500).optional(),
  x: coordinate,
  y: coordinate,
  pitch: z.number().positive().max(1_000).optional(),
  angle: z.number().min(-360).max(360).optional(),
  priceTier: tierName.optional(),
});
export type RowLayout = z.output<typeof rowLayout>;

export const rowInput = z
  .strictObject({
    label: rowLabel,
    seats: z.array(seatInput).max(1_000).optional(),
    layout: rowLayout.optional(),
  })
  .refine((row) => (row.seats === undefined) !== (row.layout === undefined), {
    message: 'give the row either its seats or a layout',
  });
export type RowInput = z.output<typeof rowInput>;

export const sectionInput = z.strictObject({
  id: id.optional(),
  name: z.string().trim().min(1).max(100),
  kind: z.enum(['reserved', 'general']),
  priceTier: tierName,
  /** General admission: how many places. Reserved: follows from the seats (if given, it must match). */
  capacity: z.number().int().min(0).max(maxSeatsPerEvent).optional(),
  geometry: geometry.optional(),
  /** Drawing and listing order; the section's place in the list by default. */
  sortOrder: z.number().int().min(-1_000_000).max(1_000_000).optional(),
  /** Reserved sections only. */
  rows: z.array(rowInput).max(1_000).optional(),
});
export type SectionInput = z.output<typeof sectionInput>;

export const seatMapInput = z.strictObject({
  priceTiers: z.array(priceTierInput).max(50),
  sections: z.array(sectionInput).max(200),
});
export type SeatMapInput = z.output<typeof seatMapInput>;

export const seatMapDesign = z.object({
  priceTiers: z.array(
    z.object({ id: z.string(), name: z.string(), priceCents: z.number().int(), currency: z.string() }),
  ),
  sections: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      kind: z.enum(['reserved', 'general']),
      priceTier: z.string(),
      capacity: z.number().int(),
      geometry: z.record(z.string(), z.unknown()),
      sortOrder: z.number().int(),
      rows: z.array(
        z.object({
          label: z.string(),
          seats: z.array(
            z.object({
              id: z.string(),
              label: z.string(),
              x: z.number().nullable(),
              y: z.number().nullable(),
              priceTier: z.string(),
              blocked: z.boolean(),
            }),
          ),
        }),
      ),
    }),
  ),
});
export type SeatMapDesign = z.infer<typeof seatMapDesign>;
