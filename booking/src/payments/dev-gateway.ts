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
 */
export function createDevGateway(options: { nodeEnv: string | undefined }): PaymentGateway {
  if (options.nodeEnv === 'production') throw new DevGatewayInProductionError();
  return {
    provider: 'dev',
    async createPayment(input) {
      return {
        providerRef: `dev_${input.paymentId}`,
        clientSecret: null,
        confirmUrl: devConfirmPath(input.paymentId),
      };
    },
    async capture() {
      return 'captured';
    },
    async cancel() {
      return 'cancelled';
    },
    async refund(input) {
      return { refundRef: `dev_${input.idempotencyKey}` };
    },
  };
}

export const devConfirmPath = (paymentId: string) => `/payments/dev/${paymentId}/confirm`;
