import { appendFile } from 'node:fs/promises';
import type { PaymentGateway } from './gateway.ts';

export class DevGatewayInProductionError extends Error {
  constructor() {
    super(
      'the development payment gateway completes payments without charging anyone and cannot run with ' +
        'NODE_ENV=production: set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET',
    );
    this.name = 'DevGatewayInProductionError';
  }
}

/**
 * The payment gateway for machines without Stripe keys. No money moves:
 * the site "confirms the card" by calling POST /payments/dev/:paymentId/confirm,
 * which runs the very same authorization transaction a Stripe webhook runs.
 * Capture, cancel and refund succeed at once. It refuses to exist in production.
 *
 * With a ledger file, every call is appended to it as one JSON line once it
 * has taken effect, before the caller hears of it: the provider's own record
 * of what money moved, which a fault test compares with the database after
 * processes were killed between the call and its recording.
 */
export function createDevGateway(options: { nodeEnv: string | undefined; ledgerFile?: string }): PaymentGateway {
  if (options.nodeEnv === 'production') throw new DevGatewayInProductionError();
  const record = async (entry: DevLedgerEntry) => {
    if (options.ledgerFile !== undefined) await appendFile(options.ledgerFile, `${JSON.stringify(entry)}\n`);
  };
  return {
    provider: 'dev',
    async createPayment(input) {
      const providerRef = `dev_${input.paymentId}`;
      await record({
        call: 'create',
        providerRef,
        idempotencyKey: input.idempotencyKey,
        amountCents: input.amountCents,
      });
      return { providerRef, clientSecret: null, confirmUrl: devConfirmPath(input.paymentId) };
    },
    async capture(input) {
      await record({ call: 'capture', ...input });
      return 'captured';
    },
    async cancel(input) {
      await record({ call: 'cancel', ...input });
      return 'cancelled';
    },
    async refund(input) {
      await record({ call: 'refund', ...input });
      return { refundRef: `dev_${input.idempotencyKey}` };
    },
  };
}

/** One line of the development gateway's ledger. */
export interface DevLedgerEntry {
  call: 'create' | 'capture' | 'cancel' | 'refund';
  providerRef: string;
  idempotencyKey: string;
  amountCents?: number;
}

export const devConfirmPath = (paymentId: string) => `/payments/dev/${paymentId}/confirm`;
