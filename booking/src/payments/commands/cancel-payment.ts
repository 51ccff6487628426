import type { Envelope } from '@ticketing/common';
import { findPayment, transitionPayment } from '../../orders/repo.ts';
import { providerKeys } from '../gateway.ts';
import { commandData, gatewayFor, type CommandResult, type PaymentCommandDeps } from './context.ts';

/**
 * Releases the authorization of an order whose seats were lost: the fan is
 * never charged. Keyed by the order at the provider, so it cancels once.
 */
export async function cancelPayment(
  deps: PaymentCommandDeps,
  envelope: Envelope<'payment.cancel_requested'>,
): Promise<CommandResult> {
  const { orderId, paymentId } = commandData.parse(envelope.data);
  const payment = await deps.db.read((sql) => findPayment(sql, paymentId));
  if (!payment || payment.order_id !== orderId) {
    deps.logger.warn({ orderId, paymentId }, 'cancel requested for an unknown payment');
    return 'skipped';
  }
  if (payment.status === 'cancelled') return 'skipped';
  if (payment.status === 'captured' || payment.status === 'capture_queued') {
    deps.logger.error({ orderId, paymentId, status: payment.status }, 'cancel requested for money being captured');
    return 'skipped';
  }
  if (payment.provider_ref) {
    const outcome = await gatewayFor(deps, payment.provider).cancel({
      providerRef: payment.provider_ref,
      idempotencyKey: providerKeys.cancel(orderId),
    });
    if (outcome === 'already_captured') {
      deps.logger.error({ orderId, paymentId }, 'the provider captured a payment we asked to cancel');
      await deps.db.read((sql) =>
        transitionPayment(sql, paymentId, ['authorized', 'requires_authorization', 'failed'], 'captured'),
      );
      return 'done';
    }
  }
  await deps.db.read((sql) =>
    transitionPayment(sql, paymentId, ['authorized', 'requires_authorization', 'failed'], 'cancelled'),
  );
  return 'done';
}
