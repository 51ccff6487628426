import { z } from 'zod';
import { id } from '../ids.ts';
import { orderStatus } from '../orders/schema.ts';

export const stripeWebhookInput = {
  headers: z.object({ 'stripe-signature': z.string().max(8_192).optional() }),
  // The event is read from the raw bytes once the signature over them verifies.
  body: z.unknown(),
};

export const webhookReceived = z.object({ received: z.literal(true), outcome: z.string() });

export const devConfirmInput = {
  params: z.object({ paymentId: id }),
};

export const devConfirmed = z.object({
  orderId: z.uuid(),
  status: orderStatus,
  /** False when the seats were lost before the authorization: the fan pays nothing. */
  charged: z.boolean(),
});
