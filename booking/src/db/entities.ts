import { defineEntity, p } from '@mikro-orm/core';

/*
 * Entities over the tables of migrations/0001-initial.sql. Foreign keys are
 * kept as plain ids: the use cases load what they need explicitly, and the
 * hot paths (holds, sales) run as hand-written SQL under advisory locks.
 */

const timestamps = {
  createdAt: p.datetime().onCreate(() => new Date()),
};

export const Venue = defineEntity({
  name: 'Venue',
  tableName: 'venues',
  properties: {
    id: p.uuid().primary(),
    name: p.string(),
    city: p.string(),
    address: p.string().default(''),
    timezone: p.string().default('UTC'),
    ...timestamps,
  },
});

export const Event = defineEntity({
  name: 'Event',
  tableName: 'events',
  properties: {
    id: p.uuid().primary(),
    venueId: p.uuid(),
    organizerId: p.string(),
    name: p.string(),
    description: p.text().default(''),
    startsAt: p.datetime(),
    endsAt: p.datetime().nullable(),
    status: p.enum(['draft', 'published', 'cancelled'] as const).default('draft'),
    ...timestamps,
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});

export const PriceTier = defineEntity({
  name: 'PriceTier',
  tableName: 'price_tiers',
  properties: {
    id: p.uuid().primary(),
    eventId: p.uuid(),
    name: p.string(),
    priceCents: p.integer(),
    currency: p.string().length(3).default('EUR'),
  },
});

export const Section = defineEntity({
  name: 'Section',
  tableName: 'sections',
  properties: {
    id: p.uuid().primary(),
    eventId: p.uuid(),
    name: p.string(),
    kind: p.enum(['reserved', 'general'] as const),
    priceTierId: p.uuid(),
    capacity: p.integer(),
    geometry: p.json<Record<string, unknown>>().default('{}'),
    sortOrder: p.integer().default(0),
  },
});

export const Drop = defineEntity({
  name: 'Drop',
  tableName: 'drops',
  properties: {
    id: p.uuid().primary(),
    eventId: p.uuid(),
    name: p.string(),
    size: p.integer(),
    releaseRatePerMinute: p.integer().default(600),
    maxActive: p.integer().default(500),
    holdSeconds: p.integer().default(600),
    perUserLimit: p.integer().default(4),
    prequeueOpensAt: p.datetime().nullable(),
    opensAt: p.datetime(),
    closesAt: p.datetime().nullable(),
    queueEnabled: p.boolean().default(true),
    paused: p.boolean().default(false),
    version: p.integer().default(1),
    ...timestamps,
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});

export const Order = defineEntity({
  name: 'Order',
  tableName: 'orders',
  properties: {
    id: p.uuid().primary(),
    userId: p.string(),
    userEmail: p.string().nullable(),
    userName: p.string().nullable(),
    eventId: p.uuid(),
    dropId: p.uuid(),
    holdId: p.uuid(),
    idempotencyKey: p.string(),
    status: p
      .enum(['pending_payment', 'paid', 'expired_not_charged', 'cancelled', 'refunded', 'partially_refunded'] as const)
      .default('pending_payment'),
    totalCents: p.integer(),
    refundedCents: p.integer().default(0),
    currency: p.string().length(3),
    ...timestamps,
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
    paidAt: p.datetime().nullable(),
  },
});

export const Payment = defineEntity({
  name: 'Payment',
  tableName: 'payments',
  properties: {
    id: p.uuid().primary(),
    orderId: p.uuid(),
    provider: p.enum(['stripe', 'dev'] as const),
    providerRef: p.string().nullable(),
    status: p.enum([
      'requires_authorization',
      'authorized',
      'capture_queued',
      'captured',
      'cancelled',
      'failed',
    ] as const),
    amountCents: p.integer(),
    refundedCents: p.integer().default(0),
    currency: p.string().length(3),
    clientSecret: p.string().nullable(),
    ...timestamps,
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});

export const Ticket = defineEntity({
  name: 'Ticket',
  tableName: 'tickets',
  properties: {
    id: p.uuid().primary(),
    orderId: p.uuid(),
    seatId: p.uuid(),
    eventId: p.uuid(),
    userId: p.string(),
    version: p.integer().default(1),
    status: p.enum(['valid', 'revoked'] as const).default('valid'),
    issuedAt: p.datetime().onCreate(() => new Date()),
    revokedAt: p.datetime().nullable(),
    usedAt: p.datetime().nullable(),
    usedGate: p.string().nullable(),
  },
});

export const entities = [Venue, Event, PriceTier, Section, Drop, Order, Payment, Ticket];
