import { z } from 'zod';

/** The fairness record of a drop: the commitment before the start, the evidence after it (waiting room → storefront). */
export const fairnessRecordSchema = z.object({
  dropId: z.string(),
  algorithm: z.string(),
  /** hex(SHA-256(seed)), published from the moment the drop is first seen. */
  seedCommitment: z.string(),
  committedAt: z.string(),
  opensAt: z.string(),
  revealed: z.boolean(),
  prequeueSize: z.number().int().nonnegative(),
  /** Present once the pre-queue has been ordered (at or just after opensAt). */
  seed: z.string().optional(),
  placedAt: z.string().optional(),
  /** Entry ids of every fan in the pre-queue at the start, sorted (the input). */
  entrants: z.array(z.string()).optional(),
  /** The same entry ids in the order they were placed in line (the claim). */
  order: z.array(z.string()).optional(),
});

export type FairnessRecord = z.infer<typeof fairnessRecordSchema>;
