import type { Envelope } from '@ticketing/common';
import { z } from 'zod';
import { findPayment } from '../../orders/repo.ts';
import { providerKeys } from '../gateway.ts';
import { commandData, gatewayFor, NotYetError, type CommandResult, type PaymentCommandDeps } from './context.ts';

const refundData = commandData.extend({ amountCents: z.number().int().positive(), refundId: z.uuid() });

/**
 * Returns money of a refunded order through the provider. The refund was
 * decided (and the order's books updated) in the refund transaction; this
 * only moves the money, keyed by the refund, so a repeated message refunds once.
 */
export async function refundPayment(
  deps: PaymentCommandDeps,
  envelope: Envelope<'payment.refund_requested'>,
): Promise<CommandResult> {
  const { orderId, paymentId, amountCents, refundId } = refundData.parse(envelope.data);
  const payment = await deps.db.read((sql) => findPayment(sql, paymentId));
  if (!payment || payment.order_id !== orderId) {
    deps.logger.warn({ orderId, paymentId }, 'refund requested for an unknown payment');
    return 'skipped';
  }
  // Money not yet captured cannot be refunded: wait for the capture command to land first.
  if (payment.status === 'capture_queued') throw new NotYetError(`payment ${paymentId} is not captured yet`);
  if (payment.status !== 'captured' || !payment.provider_ref) {
    deps.logger.error({ orderId, paymentId, status: payment.status }, 'refund requested for money never captured');
    return 'skipped';
  }
  await gatewayFor(deps, payment.provider).refund({
    providerRef: payment.provider_ref,
    amountCents,
    idempotencyKey: providerKeys.refund(refundId),
  });
  deps.logger.info({ orderId, paymentId, amountCents, refundId }, 'refund sent to the provider');
  return 'done';
}
