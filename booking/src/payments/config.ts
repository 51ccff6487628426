import { z } from 'zod';
import { createDevGateway } from './dev-gateway.ts';
import type { PaymentGateway } from './gateway.ts';
import { createStripeGateway, type StripeGateway } from './stripe-gateway.ts';

/**
 * Payment settings, spread into the booking service's config. Stripe is
 * used when STRIPE_SECRET_KEY is set; without it the development gateway
 * completes payments locally (and refuses to start in production).
 */
export const paymentConfigShape = {
  // Stripe secret API key (sk_live_… / sk_test_…); unset selects the development gateway
  STRIPE_SECRET_KEY: z.string().min(1).optional(),
  // Signing secret of the Stripe webhook endpoint (whsec_…); required with STRIPE_SECRET_KEY
  STRIPE_WEBHOOK_SECRET: z.string().min(1).optional(),
  // Seconds a webhook signature stays acceptable, against replays of captured requests
  STRIPE_WEBHOOK_TOLERANCE_SECONDS: z.coerce.number().int().min(1).max(3600).default(300),
  // Another Stripe API base URL (a local stand-in in tests); unset talks to Stripe
  STRIPE_API_BASE: z.url().optional(),
  // File the development gateway appends each call it completes to (one JSON line); unset keeps no record
  DEV_PAYMENTS_LEDGER: z.string().min(1).optional(),
};

export interface PaymentConfig {
  NODE_ENV: string;
  STRIPE_SECRET_KEY?: string | undefined;
  STRIPE_WEBHOOK_SECRET?: string | undefined;
  STRIPE_WEBHOOK_TOLERANCE_SECONDS: number;
  STRIPE_API_BASE?: string | undefined;
  DEV_PAYMENTS_LEDGER?: string | undefined;
}

export interface PaymentGateways {
  /** The gateway new orders are paid through. */
  gateway: PaymentGateway;
  /** Present when Stripe is configured: its webhook route needs the verifier. */
  stripe: StripeGateway | undefined;
}

export function createPaymentGateways(config: PaymentConfig): PaymentGateways {
  if (config.STRIPE_SECRET_KEY) {
    if (!config.STRIPE_WEBHOOK_SECRET) {
      throw new Error('STRIPE_WEBHOOK_SECRET is required when STRIPE_SECRET_KEY is set');
    }
    const stripe = createStripeGateway({
      secretKey: config.STRIPE_SECRET_KEY,
      webhookSecret: config.STRIPE_WEBHOOK_SECRET,
      webhookToleranceSeconds: config.STRIPE_WEBHOOK_TOLERANCE_SECONDS,
      apiBase: config.STRIPE_API_BASE,
    });
    return { gateway: stripe, stripe };
  }
  const ledgerFile = config.DEV_PAYMENTS_LEDGER;
  const gateway = createDevGateway({ nodeEnv: config.NODE_ENV, ...(ledgerFile === undefined ? {} : { ledgerFile }) });
  return { gateway, stripe: undefined };
}
