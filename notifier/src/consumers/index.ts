import type { MessageHandlers } from '@ticketing/common';
import type { NotifierContext } from './context.ts';
import { dropReminderHandler } from './drop-reminder.ts';
import { orderExpiredNotChargedHandler } from './order-expired-not-charged.ts';
import { orderPaidHandler } from './order-paid.ts';
import { orderRefundedHandler } from './order-refunded.ts';
import { ticketReissuedHandler } from './ticket-reissued.ts';
import { ticketTransferOfferedHandler } from './ticket-transfer-offered.ts';
import { ticketTransferredHandler } from './ticket-transferred.ts';

/** Every message type the notifier handles, one file each. */
export function notifierHandlers(context: NotifierContext): MessageHandlers {
  return {
    'order.paid': orderPaidHandler(context),
    'order.expired_not_charged': orderExpiredNotChargedHandler(context),
    'order.refunded': orderRefundedHandler(context),
    'ticket.reissued': ticketReissuedHandler(context),
    'ticket.transfer_offered': ticketTransferOfferedHandler(context),
    'ticket.transferred': ticketTransferredHandler(context),
    'drop.reminder_due': dropReminderHandler(context),
  };
}
