import { z } from 'zod';

export const dropParams = z.object({ dropId: z.uuid() });

export const queueStatusSchema = z.object({
  dropId: z.string(),
  state: z.enum(['prequeue', 'waiting', 'admitted', 'sold_out', 'closed', 'paused']),
  position: z.number().int().positive().nullable(),
  aheadOfYou: z.number().int().nonnegative().nullable(),
  etaSeconds: z.number().int().nonnegative().nullable(),
  prequeueSize: z.number().int().nonnegative().optional(),
  opensAt: z.string(),
  entryId: z.string(),
  heartbeatSeconds: z.number().int().positive(),
  admissionToken: z.string().optional(),
  admissionExpiresAt: z.string().optional(),
});
