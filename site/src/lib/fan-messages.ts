/**
 * What a fan reads when something did not work: the services' stable codes
 * in plain words. Nothing here shows a code, a status or a stack.
 */
const messages: Record<string, string> = {
  seat_unavailable: 'Sorry, someone else just took that seat. Please pick another one.',
  per_user_limit_exceeded: 'You have reached the ticket limit for this sale.',
  admission_seat_limit_exceeded: 'You picked more seats than you are allowed for this sale.',
  admission_required: 'Your turn in the line has not come yet. Please go back to the line.',
  admission_expired: 'Your time to choose seats has run out. Please join the line again.',
  admission_invalid: 'Your place in the line could not be confirmed. Please go back to the line.',
  admission_unknown_key: 'Your place in the line could not be confirmed. Please go back to the line.',
  admission_wrong_drop: 'Your place in the line is for another sale. Please go back to the line.',
  admission_wrong_user: 'Your place in the line belongs to another account. Please go back to the line.',
  drop_not_open: 'This sale is not open right now.',
  event_not_on_sale: 'This event is no longer on sale.',
  hold_expired: 'Your seats were released because the time to pay ran out. You have not been charged.',
  hold_not_found: 'We could not find those seats on hold any more.',
  hold_already_ordered: 'These seats are already in an order. Please check My tickets.',
  busy: 'Lots of fans are choosing seats right now. Please try again.',
  rate_limited: 'Too many tries in a short time. Please wait a moment and try again.',
  queue_closed: 'The line for this sale is closed.',
  queue_not_open: 'The line for this sale has not opened yet.',
  queue_unavailable: 'The line is catching its breath. Your place is kept; we will keep trying.',
  not_in_queue: 'You are not in the line for this sale.',
  drop_not_found: 'We could not find this sale.',
  payment_not_found: 'We could not find this payment.',
  payment_provider_unavailable: 'The payment service is not answering. You have not been charged; please try again.',
  payment_rejected: 'The payment was declined. You have not been charged.',
  order_not_found: 'We could not find this order.',
  ticket_not_found: 'We could not find this ticket in your account.',
  ticket_revoked: 'This ticket was refunded, so it cannot be transferred.',
  ticket_already_used: 'This ticket was already scanned at the door, so it cannot be transferred.',
  ticket_not_transferable: 'The sender no longer holds this ticket.',
  transfer_to_self: 'That is your own email address. Enter the address of the fan you are sending the ticket to.',
  transfer_pending: 'This ticket is already waiting for someone to accept it. Cancel that transfer first.',
  transfers_disabled: 'The organizer does not allow tickets for this event to be transferred.',
  transfer_deadline_passed: 'Transfers for this event have closed.',
  transfer_not_found: 'We could not find this transfer. It may have been sent to another email address.',
  transfer_not_pending: 'This transfer was already accepted or cancelled.',
  transfer_email_invalid: 'Please enter a valid email address for the receiver.',
  email_not_verified: 'Please verify your email address with your account before accepting a ticket.',
  event_cancelled: 'This event is cancelled.',
  signed_out: 'Your session has ended. Please sign in again.',
  unreachable: 'We could not reach our ticket service. Please check your connection and try again.',
};

const fallback = 'Something went wrong on our side. Please try again in a moment.';

const transferDone: Record<string, string> = {
  offered: 'Ticket sent. It stays yours until the receiver accepts it.',
  accepted: 'The ticket is yours. Its new QR code is below and on its way to your inbox.',
  cancelled: 'Transfer cancelled. The ticket is still yours, with the same QR code.',
};

/** What a fan reads after a transfer form went through, or undefined for anything else. */
export function transferDoneMessage(done: string | undefined): string | undefined {
  return done === undefined ? undefined : transferDone[done];
}

export function fanMessage(code: string | undefined): string {
  return (code && messages[code]) || fallback;
}
