/** What an admin reads when a desk action did not work: the back office's codes in plain words. */
const messages: Record<string, string> = {
  order_not_found: 'There is no order with that id.',
  event_not_found: 'There is no event with that id.',
  ticket_not_found: 'There is no ticket with that id.',
  order_not_refundable: 'This order cannot be refunded: it was never paid, or everything in it is refunded already.',
  ticket_already_revoked: 'One of the chosen tickets is already refunded or void.',
  ticket_revoked: 'A refunded ticket cannot be reissued.',
  idempotency_key_reused: 'This form was already used for a different request. Reload the page and try again.',
  validation_failed: 'Something in the form is missing or not allowed. Please check it and try again.',
  invalid_cursor: 'That page of results has expired. Please search again.',
  insufficient_role: 'Your account is not allowed to do this.',
  signed_out: 'Your session has ended. Please sign in again.',
  unreachable: 'The back office is not answering. Nothing was changed; please try again in a moment.',
  no_reason: 'Please say why, in a few words.',
  no_tickets_chosen: 'Choose at least one ticket to refund, or refund the whole order.',
};

const fallback = 'Something went wrong on our side. Nothing was changed; please try again in a moment.';

export function deskMessage(code: string | undefined | null): string {
  return (code && messages[code]) || fallback;
}

/** Timeline and audit entries in words. */
const kinds: Record<string, string> = {
  'hold.placed': 'Seats held',
  'hold.ended': 'Hold ended',
  'order.placed': 'Order placed',
  'order.paid': 'Paid',
  email: 'Email to the fan',
  message: 'Message',
  'order.refunded': 'Refunded',
  'ticket.reissued': 'Ticket reissued',
  'ticket.transfer_offered': 'Transfer offered',
  'ticket.transfer_cancelled': 'Transfer cancelled',
  'ticket.transferred': 'Ticket transferred to another fan',
  'event.cancelled': 'Event cancelled',
  scan: 'Scanned at the door',
};

export function kindInWords(kind: string): string {
  return kinds[kind] ?? kind;
}
