/**
 * The messages booking publishes (through its outbox) and the other services
 * consume. One topic exchange; the routing key is the message type. Every
 * message has a unique id (consumers deduplicate on it); seat changes carry
 * each seat's version so a consumer can drop stale or repeated updates.
 */
export const eventsExchange = 'ticketing.events';
export const deadLetterExchange = 'ticketing.events.dlx';

export interface Envelope<T extends keyof MessageTypes = keyof MessageTypes> {
  id: string;
  type: T;
  occurredAt: string;
  data: MessageTypes[T];
}

export type SeatStatus = 'available' | 'held' | 'sold' | 'blocked';

export interface SeatState {
  seatId: string;
  sectionId: string;
  status: SeatStatus;
  /** Increases with every change of this seat; newer wins. */
  version: number;
  /** For a held seat, when its hold lapses (ISO time): the seat is free from then on, sweeper or not. */
  heldUntil?: string | null;
}

export interface SeatsChanged {
  eventId: string;
  dropId: string | null;
  seats: SeatState[];
}

export interface HoldEnded {
  holdId: string;
  eventId: string;
  dropId: string;
  userId: string;
  reason: 'released' | 'expired' | 'converted';
}

export interface OrderSummary {
  orderId: string;
  userId: string;
  email: string | null;
  name: string | null;
  eventId: string;
  dropId: string;
  totalCents: number;
  currency: string;
}

export interface TicketRef {
  ticketId: string;
  orderId: string;
  seatId: string;
  eventId: string;
  userId: string;
  version: number;
}

export interface DropInventory {
  dropId: string;
  eventId: string;
  /** Seats free right now (not held, not sold). */
  available: number;
  /** Seats in live holds, which may still come back. */
  held: number;
  soldOut: boolean;
  /**
   * Grows by one with every report booking publishes for the drop: newer
   * wins. Order by it, not by `occurredAt` (the clock of whichever process
   * wrote the report). Absent from reports of publishers that predate it.
   */
  sequence?: number;
}

export interface DropChanged {
  dropId: string;
  eventId: string;
  version: number;
}

export interface MessageTypes {
  'seat.held': SeatsChanged;
  'seat.released': SeatsChanged;
  'seat.sold': SeatsChanged;
  /** Seats taken off sale without a ticket (a refund that does not return them to sale). */
  'seat.blocked': SeatsChanged;
  'hold.created': Omit<HoldEnded, 'reason'> & { seatCount: number; expiresAt: string };
  'hold.ended': HoldEnded;
  'order.created': OrderSummary;
  'order.paid': OrderSummary & { tickets: TicketRef[] };
  'order.expired_not_charged': OrderSummary;
  /** A pending order that can no longer be paid (the provider cancelled its payment); its hold was released. */
  'order.cancelled': OrderSummary;
  'order.refunded': OrderSummary & { refundedCents: number; ticketIds: string[]; seatsReturned: boolean };
  'ticket.reissued': TicketRef & { previousVersion: number; email: string | null };
  'payment.capture_requested': {
    orderId: string;
    paymentId: string;
    provider: string;
    providerRef: string | null;
    amountCents: number;
  };
  'payment.cancel_requested': { orderId: string; paymentId: string; provider: string; providerRef: string | null };
  /** Money to return through the provider; `refundId` is unique per refund and keys the provider call. */
  'payment.refund_requested': {
    orderId: string;
    paymentId: string;
    provider: string;
    providerRef: string | null;
    amountCents: number;
    currency: string;
    refundId: string;
  };
  'drop.changed': DropChanged;
  'drop.inventory': DropInventory;
  /** A drop opens soon: fans who asked to be reminded get a mail (published by the notifier's scheduler). */
  'drop.reminder_due': DropReminderDue;
}

export interface DropReminderDue {
  dropId: string;
  eventId: string;
  dropName: string;
  opensAt: string;
}

export type MessageType = keyof MessageTypes;
