import { z } from 'zod';

/** Drops one dashboard stream follows at most: each costs a few reads a second. */
export const maxDashboardDrops = 20;

const uuid = z.uuid().transform((value) => value.toLowerCase());

/** `?dropIds=<id>,<id>`: the drops to follow, each one the caller manages. */
export const dashboardQuery = z.strictObject({
  dropIds: z
    .string()
    .transform((value) => value.split(',').map((part) => part.trim()))
    .pipe(
      z
        .array(uuid)
        .min(1)
        .max(maxDashboardDrops)
        .refine((ids) => new Set(ids).size === ids.length, 'each drop once'),
    ),
});
