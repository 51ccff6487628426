import { z } from 'zod';

/*
 * A drop's settings as organizers send them, and a drop as it is answered.
 * The bounds are the database's CHECK constraints of the `drops` table (and
 * sane upper limits for int4 columns), so a value the schema lets through is
 * one PostgreSQL accepts.
 */

const instant = z.iso.datetime({ offset: true }).transform((value) => new Date(value));

export const maxDropSize = 1_000_000;

export const dropSettingSchemas = {
  name: z.string().trim().min(1).max(200),
  size: z.number().int().min(0).max(maxDropSize),
  releaseRatePerMinute: z.number().int().min(1).max(1_000_000),
  maxActive: z.number().int().min(1).max(1_000_000),
  holdSeconds: z.number().int().min(30).max(3_600),
  perUserLimit: z.number().int().min(1).max(50),
  prequeueOpensAt: instant.nullable(),
  opensAt: instant,
  closesAt: instant.nullable(),
  queueEnabled: z.boolean(),
};

const s = dropSettingSchemas;

export const createDropInput = z.strictObject({
  name: s.name,
  size: s.size,
  opensAt: s.opensAt,
  releaseRatePerMinute: s.releaseRatePerMinute.optional(),
  maxActive: s.maxActive.optional(),
  holdSeconds: s.holdSeconds.optional(),
  perUserLimit: s.perUserLimit.optional(),
  prequeueOpensAt: s.prequeueOpensAt.optional(),
  closesAt: s.closesAt.optional(),
  queueEnabled: s.queueEnabled.optional(),
});
export type CreateDropInput = z.output<typeof createDropInput>;

/** Any subset of the settings; `paused` changes only through pause and resume. */
export const dropChanges = createDropInput
  .partial()
  .refine((body) => Object.values(body).some((value) => value !== undefined), {
    message: 'give at least one setting to change',
  });
export type DropChanges = z.output<typeof dropChanges>;

export const dropPhase = z.enum(['scheduled', 'prequeue', 'open', 'paused', 'closed']);

export const dropView = z.object({
  id: z.string(),
  eventId: z.string(),
  name: z.string(),
  size: z.number().int(),
  releaseRatePerMinute: z.number().int(),
  maxActive: z.number().int(),
  holdSeconds: z.number().int(),
  perUserLimit: z.number().int(),
  prequeueOpensAt: z.string().nullable(),
  opensAt: z.string(),
  closesAt: z.string().nullable(),
  queueEnabled: z.boolean(),
  paused: z.boolean(),
  /** Where the sale stands now, from the schedule and the pause switch. */
  phase: dropPhase,
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type DropView = z.input<typeof dropView>;
