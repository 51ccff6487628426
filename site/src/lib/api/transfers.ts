import { z } from 'zod';
import { callApi, type ApiAnswer, type FanContext } from './client.ts';
import { parsed } from './booking.ts';

/** Booking's face-value transfers, as far as the storefront reads them. */
export const transfer = z.object({
  transferId: z.string(),
  ticketId: z.string(),
  status: z.enum(['pending', 'accepted', 'cancelled']),
  toEmail: z.string(),
  from: z.object({ name: z.string().nullable(), email: z.string().nullable() }),
  event: z.object({ eventId: z.string(), name: z.string(), startsAt: z.string() }),
  section: z.string(),
  row: z.string(),
  seat: z.string(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
});
export type Transfer = z.infer<typeof transfer>;

const transferList = z.object({ incoming: z.array(transfer), outgoing: z.array(transfer) });

export async function listTransfers(context: FanContext): Promise<ApiAnswer<z.infer<typeof transferList>>> {
  return parsed(await callApi(context, 'booking', '/me/transfers'), transferList);
}

export async function offerTransfer(
  context: FanContext,
  ticketId: string,
  toEmail: string,
): Promise<ApiAnswer<Transfer>> {
  return parsed(
    await callApi(context, 'booking', `/me/tickets/${ticketId}/transfers`, { method: 'POST', body: { toEmail } }),
    transfer,
  );
}

export async function decideTransfer(
  context: FanContext,
  transferId: string,
  decision: 'accept' | 'cancel',
): Promise<ApiAnswer<Transfer>> {
  return parsed(
    await callApi(context, 'booking', `/me/transfers/${transferId}/${decision}`, { method: 'POST' }),
    transfer,
  );
}
