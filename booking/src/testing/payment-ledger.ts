import { createLogger, type Envelope } from '@ticketing/common';
import { runPaymentCommand } from '../payments/commands/index.ts';
import { createDevGateway } from '../payments/dev-gateway.ts';
import type { PaymentGateway, RefundInput } from '../payments/gateway.ts';
import type { BookingTestDatabase } from './booking-database.ts';

/**
 * Where money moves in a test: every payment command in the outbox (capture,
 * cancel, refund) is run through the payments worker's own command code
 * against a development gateway that records its calls and, like Stripe,
 * does a call with a known idempotency key only once. Each message is run
 * twice, as a redelivery would.
 */
export interface PaymentLedger {
  /** Refunds the provider carried out, one per distinct idempotency key. */
  refunds: RefundInput[];
  captures: string[];
}

export async function settlePayments(booking: Pick<BookingTestDatabase, 'db' | 'sql'>): Promise<PaymentLedger> {
  const ledger: PaymentLedger = { refunds: [], captures: [] };
  const dev = createDevGateway({ nodeEnv: 'test' });
  const seen = new Set<string>();
  const gateway: PaymentGateway = {
    ...dev,
    async capture(input) {
      if (!seen.has(input.idempotencyKey)) ledger.captures.push(input.idempotencyKey);
      seen.add(input.idempotencyKey);
      return dev.capture(input);
    },
    async refund(input) {
      if (!seen.has(input.idempotencyKey)) ledger.refunds.push(input);
      seen.add(input.idempotencyKey);
      return dev.refund(input);
    },
  };
  const deps = { db: booking.db, gateways: { dev: gateway }, logger: createLogger('payment-ledger', 'silent') };
  const rows = await booking.sql().execute<Array<{ payload: Envelope }>>(
    `SELECT payload FROM outbox WHERE routing_key LIKE 'payment.%' ORDER BY
         CASE routing_key WHEN 'payment.capture_requested' THEN 0 ELSE 1 END, id`,
  );
  for (const { payload } of rows) {
    await runPaymentCommand(deps, payload);
    await runPaymentCommand(deps, payload);
  }
  return ledger;
}
