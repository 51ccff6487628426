import { LockMode, type InferEntity } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Drop, Event } from '@ticketing/booking/db/entities';
import { mayManage, type Actor } from '../actor.ts';

/*
 * Drops and their events through booking's entities. Every read names the
 * actor: what they may not manage is as absent as what does not exist.
 */

export type DropEntity = InferEntity<typeof Drop>;
export type EventEntity = InferEntity<typeof Event>;

export async function findManagedEvent(
  em: EntityManager,
  actor: Actor,
  eventId: string,
): Promise<EventEntity | undefined> {
  const event = await em.findOne(Event, eventId);
  return event && mayManage(actor, event.organizerId) ? event : undefined;
}

/**
 * The drop, if the actor may manage it. With `lock`, the row is locked for
 * the rest of the transaction, so changes to one drop are applied one at a
 * time and each sees the version the one before it wrote.
 */
export async function findManagedDrop(
  em: EntityManager,
  actor: Actor,
  dropId: string,
  options: { lock?: boolean } = {},
): Promise<{ drop: DropEntity; event: EventEntity } | undefined> {
  const drop = await em.findOne(
    Drop,
    dropId,
    options.lock ? { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true } : {},
  );
  if (!drop) return undefined;
  const event = await findManagedEvent(em, actor, drop.eventId);
  return event ? { drop, event } : undefined;
}

export async function listEventDrops(em: EntityManager, eventId: string): Promise<DropEntity[]> {
  return em.find(Drop, { eventId }, { orderBy: { opensAt: 'asc', id: 'asc' } });
}

/** A drop's settings as it is created: not paused, version 1. */
export interface NewDrop {
  id: string;
  eventId: string;
  name: string;
  size: number;
  releaseRatePerMinute: number;
  maxActive: number;
  holdSeconds: number;
  perUserLimit: number;
  prequeueOpensAt: Date | null;
  opensAt: Date;
  closesAt: Date | null;
  queueEnabled: boolean;
}

/** Adds the drop to the unit of work; it is inserted at the next flush. */
export function addDrop(em: EntityManager, values: NewDrop): DropEntity {
  return em.create(Drop, { ...values, paused: false, version: 1 });
}
