import type { Envelope } from '@ticketing/common';
import { findPayment, transitionPayment } from '../../orders/repo.ts';
import { providerKeys } from '../gateway.ts';
import { commandData, gatewayFor, type CommandResult, type PaymentCommandDeps } from './context.ts';

/**
 * Takes the authorized money of a paid order. Runs outside any transaction;
 * the provider call is keyed by the order, so a repeated message captures once.
 */
export async function capturePayment(
  deps: PaymentCommandDeps,
  envelope: Envelope<'payment.capture_requested'>,
): Promise<CommandResult> {
  const { orderId, paymentId } = commandData.parse(envelope.data);
  const payment = await deps.db.read((sql) => findPayment(sql, paymentId));
  if (!payment || payment.order_id !== orderId) {
    deps.logger.warn({ orderId, paymentId }, 'capture requested for an unknown payment');
    return 'skipped';
  }
  if (payment.status !== 'capture_queued') return 'skipped';
  if (!payment.provider_ref) throw new Error(`payment ${paymentId} has no provider reference to capture`);
  const outcome = await gatewayFor(deps, payment.provider).capture({
    providerRef: payment.provider_ref,
    amountCents: payment.amount_cents,
    idempotencyKey: providerKeys.capture(orderId),
  });
  if (outcome === 'not_capturable') {
    // The authorization lapsed at the provider: the fan holds tickets nobody paid for; a person must decide.
    deps.logger.error({ orderId, paymentId }, 'authorization no longer capturable');
    await deps.db.read((sql) => transitionPayment(sql, paymentId, ['capture_queued'], 'failed'));
    return 'done';
  }
  await deps.db.read((sql) => transitionPayment(sql, paymentId, ['capture_queued'], 'captured'));
  return 'done';
}
