/**
 * The payment port: what the booking core needs from a payment provider.
 * Stripe is the real adapter; the development gateway completes payments
 * locally on machines without Stripe keys. Every call is made outside any
 * database transaction and is idempotent on the key it is given, so a
 * retried call after a crash or timeout never charges twice.
 */

export type PaymentProvider = 'stripe' | 'dev';

export interface CreatePaymentInput {
  orderId: string;
  paymentId: string;
  amountCents: number;
  currency: string;
  /** The provider's idempotency key: the order id, so a retry finds the same payment. */
  idempotencyKey: string;
}

export interface CreatedPayment {
  /** The provider's id for the payment (a PaymentIntent id for Stripe). */
  providerRef: string;
  /** What the browser needs to confirm the card (Stripe.js), if the provider uses one. */
  clientSecret: string | null;
  /** Where the site confirms the payment itself (development gateway). */
  confirmUrl: string | null;
}

export interface CaptureInput {
  providerRef: string;
  amountCents: number;
  idempotencyKey: string;
}

/** `not_capturable`: the authorization is gone (cancelled or expired at the provider). */
export type CaptureOutcome = 'captured' | 'not_capturable';

export interface CancelInput {
  providerRef: string;
  idempotencyKey: string;
}

/** `already_captured`: the money was taken before the cancel arrived; it needs a refund. */
export type CancelOutcome = 'cancelled' | 'already_captured';

export interface RefundInput {
  providerRef: string;
  amountCents: number;
  idempotencyKey: string;
}

export interface PaymentGateway {
  readonly provider: PaymentProvider;
  createPayment(input: CreatePaymentInput): Promise<CreatedPayment>;
  capture(input: CaptureInput): Promise<CaptureOutcome>;
  cancel(input: CancelInput): Promise<CancelOutcome>;
  refund(input: RefundInput): Promise<{ refundRef: string }>;
}

/**
 * What a provider tells us about a payment, once its notification has been
 * verified and read: the booking core only acts on these three facts.
 */
export type PaymentNotification =
  | { kind: 'authorized'; eventId: string; orderId: string | null; providerRef: string; amountCents: number }
  | { kind: 'failed'; eventId: string; orderId: string | null; providerRef: string }
  | { kind: 'canceled'; eventId: string; orderId: string | null; providerRef: string }
  | { kind: 'ignored'; eventId: string; type: string };

/** Idempotency keys of the provider calls the payment commands make. */
export const providerKeys = {
  capture: (orderId: string) => `capture:${orderId}`,
  cancel: (orderId: string) => `cancel:${orderId}`,
  refund: (refundId: string) => `refund:${refundId}`,
};
