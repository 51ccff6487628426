import { z } from 'zod';
import { id } from '../ids.ts';

export const offerTransferInput = {
  params: z.object({ ticketId: id }),
  body: z.object({ toEmail: z.email().max(254) }),
};

export const transferParams = { params: z.object({ id }) };

export const transferView = z.object({
  transferId: z.uuid(),
  ticketId: z.uuid(),
  status: z.enum(['pending', 'accepted', 'cancelled']),
  toEmail: z.string(),
  /** Who offered it, as their identity provider named them. */
  from: z.object({ name: z.string().nullable(), email: z.string().nullable() }),
  event: z.object({ eventId: z.uuid(), name: z.string(), startsAt: z.string() }),
  section: z.string(),
  row: z.string(),
  seat: z.string(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
});
export type TransferView = z.infer<typeof transferView>;

export const transferList = z.object({ incoming: z.array(transferView), outgoing: z.array(transferView) });
