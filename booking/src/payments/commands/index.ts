import type { Envelope, MessageHandlers } from '@ticketing/common';
import { cancelPayment } from './cancel-payment.ts';
import { capturePayment } from './capture-payment.ts';
import type { CommandResult, PaymentCommandDeps } from './context.ts';
import { refundPayment } from './refund-payment.ts';

export type { CommandResult, PaymentCommandDeps } from './context.ts';
export { NotYetError } from './context.ts';

/** The message types the payments worker consumes. */
export const paymentCommandTypes = [
  'payment.capture_requested',
  'payment.cancel_requested',
  'payment.refund_requested',
] as const;

/**
 * Runs one payment command message: the provider call the sale decided on,
 * made outside any transaction, idempotent by its provider key and by the
 * payment's recorded state. Other message types are not ours: `skipped`.
 */
export async function runPaymentCommand(deps: PaymentCommandDeps, envelope: Envelope): Promise<CommandResult> {
  switch (envelope.type) {
    case 'payment.capture_requested':
      return capturePayment(deps, envelope as Envelope<'payment.capture_requested'>);
    case 'payment.cancel_requested':
      return cancelPayment(deps, envelope as Envelope<'payment.cancel_requested'>);
    case 'payment.refund_requested':
      return refundPayment(deps, envelope as Envelope<'payment.refund_requested'>);
    default:
      return 'skipped';
  }
}

/** The handlers the payments worker gives the shared queue factory (common/messaging): each runs `runPaymentCommand`. */
export function paymentCommandHandlers(deps: PaymentCommandDeps): MessageHandlers {
  const run = async (envelope: Envelope) => {
    const result = await runPaymentCommand(deps, envelope);
    deps.logger.debug({ type: envelope.type, messageId: envelope.id, result }, 'payment command');
  };
  return Object.fromEntries(paymentCommandTypes.map((type) => [type, run]));
}
