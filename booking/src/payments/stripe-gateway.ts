import Stripe from 'stripe';
import { z } from 'zod';
import { DomainError, invalid, unavailable } from '@ticketing/common';
import type {
  CancelInput,
  CancelOutcome,
  CaptureInput,
  CaptureOutcome,
  CreatedPayment,
  CreatePaymentInput,
  PaymentGateway,
  PaymentNotification,
  RefundInput,
} from './gateway.ts';

export interface StripeGatewayOptions {
  secretKey: string;
  webhookSecret: string;
  /** Seconds a webhook signature's timestamp may be old (replay window). */
  webhookToleranceSeconds?: number;
  /** Another API base, such as a local stand-in in tests. */
  apiBase?: string;
  timeoutMs?: number;
  maxNetworkRetries?: number;
}

export interface StripeGateway extends PaymentGateway {
  readonly provider: 'stripe';
  /** Verifies a webhook's signature over the raw body and reads the fact it reports. */
  parseWebhook(rawBody: Buffer, signature: string | undefined): PaymentNotification;
}

const intentObject = z.object({
  id: z.string().min(1),
  amount: z.number().int().nonnegative().optional(),
  amount_capturable: z.number().int().nonnegative().optional(),
  metadata: z.record(z.string(), z.string()).optional(),
});

const webhookEvent = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  data: z.object({ object: z.unknown() }),
});

export function createStripeGateway(options: StripeGatewayOptions): StripeGateway {
  const stripe = new Stripe(options.secretKey, {
    ...apiBaseOptions(options.apiBase),
    timeout: options.timeoutMs ?? 20_000,
    maxNetworkRetries: options.maxNetworkRetries ?? 2,
    telemetry: false,
  });
  const tolerance = options.webhookToleranceSeconds ?? 300;

  return {
    provider: 'stripe',

    async createPayment(input: CreatePaymentInput): Promise<CreatedPayment> {
      const intent = await rejectedAsUnprocessable(() =>
        stripe.paymentIntents.create(
          {
            amount: input.amountCents,
            currency: input.currency.toLowerCase(),
            // Authorize now, capture only once the seats are confirmed sold.
            capture_method: 'manual',
            automatic_payment_methods: { enabled: true },
            metadata: { orderId: input.orderId, paymentId: input.paymentId },
          },
          { idempotencyKey: input.idempotencyKey },
        ),
      );
      return { providerRef: intent.id, clientSecret: intent.client_secret ?? null, confirmUrl: null };
    },

    async capture(input: CaptureInput): Promise<CaptureOutcome> {
      try {
        await call(() =>
          stripe.paymentIntents.capture(
            input.providerRef,
            { amount_to_capture: input.amountCents },
            { idempotencyKey: input.idempotencyKey },
          ),
        );
        return 'captured';
      } catch (error) {
        if (!isUnexpectedState(error)) throw error;
        // Captured by an earlier attempt, or the authorization lapsed: ask what it is now.
        const intent = await call(() => stripe.paymentIntents.retrieve(input.providerRef));
        if (intent.status === 'succeeded') return 'captured';
        if (intent.status === 'canceled') return 'not_capturable';
        throw error;
      }
    },

    async cancel(input: CancelInput): Promise<CancelOutcome> {
      try {
        await call(() => stripe.paymentIntents.cancel(input.providerRef, {}, { idempotencyKey: input.idempotencyKey }));
        return 'cancelled';
      } catch (error) {
        if (!isUnexpectedState(error)) throw error;
        const intent = await call(() => stripe.paymentIntents.retrieve(input.providerRef));
        if (intent.status === 'canceled') return 'cancelled';
        if (intent.status === 'succeeded') return 'already_captured';
        throw error;
      }
    },

    async refund(input: RefundInput): Promise<{ refundRef: string }> {
      const refund = await call(() =>
        stripe.refunds.create(
          { payment_intent: input.providerRef, amount: input.amountCents },
          { idempotencyKey: input.idempotencyKey },
        ),
      );
      return { refundRef: refund.id };
    },

    parseWebhook(rawBody: Buffer, signature: string | undefined): PaymentNotification {
      if (!signature) throw invalid('webhook_signature_invalid', 'The Stripe-Signature header is missing');
      let event: unknown;
      try {
        event = stripe.webhooks.constructEvent(rawBody, signature, options.webhookSecret, tolerance);
      } catch (error) {
        if (error instanceof Stripe.errors.StripeSignatureVerificationError) {
          throw invalid('webhook_signature_invalid', 'The webhook signature does not verify', { cause: error });
        }
        throw invalid('webhook_malformed', 'The webhook body is not a Stripe event', { cause: error });
      }
      return readEvent(event);
    },
  };
}

function readEvent(raw: unknown): PaymentNotification {
  const event = webhookEvent.safeParse(raw);
  if (!event.success) throw invalid('webhook_malformed', 'The webhook body is not a Stripe event');
  const { id: eventId, type } = event.data;
  const kind = kindOfType[type];
  if (!kind) return { kind: 'ignored', eventId, type };
  const intent = intentObject.safeParse(event.data.data.object);
  if (!intent.success) throw invalid('webhook_malformed', `The ${type} event carries no payment intent`);
  // Other systems may share the Stripe account: only our uuid-shaped order ids are ours.
  const metadataOrderId = intent.data.metadata?.orderId;
  const orderId = metadataOrderId !== undefined && z.uuid().safeParse(metadataOrderId).success ? metadataOrderId : null;
  const providerRef = intent.data.id;
  if (kind === 'authorized') {
    const amountCents = intent.data.amount_capturable ?? intent.data.amount ?? 0;
    return { kind, eventId, orderId, providerRef, amountCents };
  }
  return { kind, eventId, orderId, providerRef };
}

const kindOfType: Record<string, 'authorized' | 'failed' | 'canceled' | undefined> = {
  // With manual capture, this is the moment the card is authorized for the amount.
  'payment_intent.amount_capturable_updated': 'authorized',
  'payment_intent.payment_failed': 'failed',
  'payment_intent.canceled': 'canceled',
};

function apiBaseOptions(apiBase: string | undefined): { host?: string; port?: number; protocol?: 'http' | 'https' } {
  if (!apiBase) return {};
  const url = new URL(apiBase);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return { host: url.hostname, port: url.port ? Number(url.port) : protocol === 'http' ? 80 : 443, protocol };
}

function isUnexpectedState(error: unknown): boolean {
  return error instanceof Stripe.errors.StripeInvalidRequestError && error.code === 'payment_intent_unexpected_state';
}

/** Stripe being unreachable or overloaded is an outage the caller may retry; anything else stays what it is. */
async function call<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    if (
      error instanceof Stripe.errors.StripeConnectionError ||
      error instanceof Stripe.errors.StripeAPIError ||
      error instanceof Stripe.errors.StripeRateLimitError
    ) {
      throw unavailable('payment_provider_unavailable', 'The payment provider cannot be reached', {
        cause: error,
        retryAfter: 2,
      });
    }
    throw error;
  }
}

/**
 * Stripe refusing to create a payment (an amount below its minimum, such as
 * a free order, or a currency the account cannot take) is a fact about the
 * order, not an outage: the client is told, nothing is retried.
 */
async function rejectedAsUnprocessable<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await call(request);
  } catch (error) {
    if (error instanceof Stripe.errors.StripeInvalidRequestError || error instanceof Stripe.errors.StripeCardError) {
      throw new DomainError('unprocessable', 'payment_rejected', 'The payment provider cannot take this payment', {
        cause: error,
        details: { providerCode: error.code ?? null },
      });
    }
    throw error;
  }
}
