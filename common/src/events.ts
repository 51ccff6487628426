import { z } from 'zod';

/**
 * The messages booking publishes (through its outbox) and the other services
 * consume. One topic exchange; the routing key is the message type. Every
 * message has a unique id (consumers deduplicate on it); seat changes carry
 * each seat's version so a consumer can drop stale or repeated updates.
 *
 * The schemas are the contract: booking's one outbox writer validates what
 * it enqueues against them, and the types below are inferred from them.
 */
export const eventsExchange = 'ticketing.events';
export const deadLetterExchange = 'ticketing.events.dlx';

// Any 8-4-4-4-12 hex id: the database, not the contract, decides which uuid versions it makes.
const uuid = z.guid();
const isoTime = z.iso.datetime({ offset: true });

export const seatStatus = z.enum(['available', 'held', 'sold', 'blocked']);
export type SeatStatus = z.infer<typeof seatStatus>;

export const seatStateSchema = z.object({
  seatId: uuid,
  sectionId: uuid,
  status: seatStatus,
  /** Increases with every change of this seat; newer wins. */
  version: z.number().int().nonnegative(),
  /** For a held seat, when its hold lapses (ISO time): the seat is free from then on, sweeper or not. */
  heldUntil: isoTime.nullable().optional(),
});
export type SeatState = z.infer<typeof seatStateSchema>;

const seatsChanged = z.object({ eventId: uuid, dropId: uuid.nullable(), seats: z.array(seatStateSchema) });
export type SeatsChanged = z.infer<typeof seatsChanged>;

const holdEnded = z.object({
  holdId: uuid,
  eventId: uuid,
  dropId: uuid,
  userId: z.string().min(1),
  reason: z.enum(['released', 'expired', 'converted']),
});
export type HoldEnded = z.infer<typeof holdEnded>;

const orderSummary = z.object({
  orderId: uuid,
  userId: z.string().min(1),
  email: z.string().nullable(),
  name: z.string().nullable(),
  eventId: uuid,
  dropId: uuid,
  totalCents: z.number().int().nonnegative(),
  currency: z.string().length(3),
});
export type OrderSummary = z.infer<typeof orderSummary>;

const ticketRef = z.object({
  ticketId: uuid,
  orderId: uuid,
  seatId: uuid,
  eventId: uuid,
  userId: z.string().min(1),
  version: z.number().int().positive(),
});
export type TicketRef = z.infer<typeof ticketRef>;

const dropInventory = z.object({
  dropId: uuid,
  eventId: uuid,
  /** Seats free right now (not held, not sold). */
  available: z.number().int().nonnegative(),
  /** Seats in live holds, which may still come back. */
  held: z.number().int().nonnegative(),
  soldOut: z.boolean(),
  /**
   * Grows by one with every report booking publishes for the drop: newer
   * wins. Order by it, not by `occurredAt` (the clock of whichever process
   * wrote the report). Absent from reports of publishers that predate it.
   */
  sequence: z.number().int().optional(),
});
export type DropInventory = z.infer<typeof dropInventory>;

const dropChanged = z.object({ dropId: uuid, eventId: uuid, version: z.number().int().positive() });
export type DropChanged = z.infer<typeof dropChanged>;

/** Where an event stands; the public (catalog, holds) sees `published` and `on_sale` alike. */
export const eventStatus = z.enum(['draft', 'published', 'on_sale', 'ended', 'cancelled']);
export type EventStatus = z.infer<typeof eventStatus>;

/** `version` grows with every change of the event or its seat map (the entity tag organizers send back). */
const eventChanged = z.object({ eventId: uuid, version: z.number().int().positive(), status: eventStatus });
export type EventChanged = z.infer<typeof eventChanged>;

const seatMapChanged = z.object({
  eventId: uuid,
  version: z.number().int().positive(),
  status: eventStatus,
  sections: z.number().int().nonnegative(),
  seats: z.number().int().nonnegative(),
});
export type SeatMapChanged = z.infer<typeof seatMapChanged>;

const dropReminderDue = z.object({ dropId: uuid, eventId: uuid, dropName: z.string(), opensAt: isoTime });
export type DropReminderDue = z.infer<typeof dropReminderDue>;

const paymentRef = { orderId: uuid, paymentId: uuid, provider: z.string().min(1), providerRef: z.string().nullable() };

/** Every message type and the schema of its `data`. */
export const messageSchemas = {
  'seat.held': seatsChanged,
  'seat.released': seatsChanged,
  'seat.sold': seatsChanged,
  /** Seats taken off sale without a ticket (a refund that does not return them to sale). */
  'seat.blocked': seatsChanged,
  'hold.created': holdEnded
    .omit({ reason: true })
    .extend({ seatCount: z.number().int().positive(), expiresAt: isoTime }),
  'hold.ended': holdEnded,
  'order.created': orderSummary,
  'order.paid': orderSummary.extend({ tickets: z.array(ticketRef) }),
  'order.expired_not_charged': orderSummary,
  /** A pending order that can no longer be paid (the provider cancelled its payment); its hold was released. */
  'order.cancelled': orderSummary,
  'order.refunded': orderSummary.extend({
    refundedCents: z.number().int().nonnegative(),
    ticketIds: z.array(uuid),
    seatsReturned: z.boolean(),
  }),
  'ticket.reissued': ticketRef.extend({
    previousVersion: z.number().int().positive(),
    email: z.string().nullable(),
    /** The holder's name when the holder is not the order's buyer (a transferred ticket); else the order's. */
    name: z.string().nullable().optional(),
  }),
  /** A fan offered a ticket to another fan's address; the notifier invites the receiver to sign in and accept it. */
  'ticket.transfer_offered': z.object({
    transferId: uuid,
    ticketId: uuid,
    orderId: uuid,
    seatId: uuid,
    eventId: uuid,
    fromName: z.string().nullable(),
    fromEmail: z.string().nullable(),
    toEmail: z.string().min(1),
  }),
  /**
   * A fan accepted a face-value transfer: the ticket is now `userId`'s at `version` (a `ticket.reissued` in the same
   * transaction mails the new holder the new code); the sender is told their code is void.
   */
  'ticket.transferred': ticketRef.extend({
    transferId: uuid,
    previousVersion: z.number().int().positive(),
    fromUserId: z.string().min(1),
    fromEmail: z.string().nullable(),
    fromName: z.string().nullable(),
    toEmail: z.string().min(1),
    toName: z.string().nullable(),
  }),
  /**
   * An admin cancelled an event: its drops are closed (each also sends `drop.changed`) and every paid order is
   * refunded after this message, each with its own `order.refunded` (which mails the fan).
   */
  'event.cancelled': z.object({
    eventId: uuid,
    reason: z.string().min(1),
    cancelledAt: isoTime,
    dropIds: z.array(uuid),
  }),
  'payment.capture_requested': z.object({ ...paymentRef, amountCents: z.number().int().nonnegative() }),
  'payment.cancel_requested': z.object(paymentRef),
  /** Money to return through the provider; `refundId` is unique per refund and keys the provider call. */
  'payment.refund_requested': z.object({
    ...paymentRef,
    amountCents: z.number().int().positive(),
    currency: z.string().length(3),
    refundId: uuid,
  }),
  'drop.changed': dropChanged,
  /** An event's details or lifecycle changed (created, edited, published, on sale, ended): re-read it. */
  'event.changed': eventChanged,
  /**
   * An event's price tiers, sections or seats were replaced: seats may have
   * appeared, gone or changed ids, so a cache of its seats is rebuilt, not patched.
   */
  'seatmap.changed': seatMapChanged,
  'drop.inventory': dropInventory,
  /** A drop opens soon: fans who asked to be reminded get a mail (published by the notifier's scheduler). */
  'drop.reminder_due': dropReminderDue,
} as const;

export type MessageTypes = { [T in keyof typeof messageSchemas]: z.infer<(typeof messageSchemas)[T]> };
export type MessageType = keyof MessageTypes;
export const messageTypes = Object.keys(messageSchemas) as MessageType[];

export interface Envelope<T extends MessageType = MessageType> {
  id: string;
  type: T;
  occurredAt: string;
  data: MessageTypes[T];
}

/** The schema of a whole envelope of one type. */
export function typedEnvelopeSchema<T extends MessageType>(type: T) {
  return z.object({ id: uuid, type: z.literal(type), occurredAt: isoTime, data: messageSchemas[type] });
}
