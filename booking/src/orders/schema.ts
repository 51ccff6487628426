import { z } from 'zod';
import { orderStatus } from '@ticketing/common/contracts/desk';
import { id } from '../ids.ts';

export { orderStatus } from '@ticketing/common/contracts/desk';

export const placeOrderInput = {
  headers: z.object({
    // Chosen by the client per checkout attempt; a retry with the same key returns the same order.
    'idempotency-key': z.string().min(1).max(200),
  }),
  body: z.object({ holdId: id }),
};

export const paymentInstructions = z.object({
  provider: z.enum(['stripe', 'dev']),
  paymentId: z.uuid(),
  /** Stripe.js confirms the card with it. */
  clientSecret: z.string().optional(),
  /** The development gateway's stand-in for the card form. */
  confirmUrl: z.string().optional(),
});

export const placedOrder = z.object({
  orderId: z.uuid(),
  status: orderStatus,
  totalCents: z.number().int().nonnegative(),
  currency: z.string().length(3),
  /** The hold's expiry: the payment must be authorized by then. */
  expiresAt: z.iso.datetime(),
  payment: paymentInstructions,
});

export type PlacedOrderBody = z.input<typeof placedOrder>;
