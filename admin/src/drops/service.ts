import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { conflict, notFound } from '@ticketing/common';
import { retryingTransaction } from '@ticketing/booking/db/retry';
import { enqueue } from '@ticketing/booking/outbox/enqueue';
import { writeAudit } from '@ticketing/booking/tickets/repo';
import type { Actor } from '../actor.ts';
import { addDrop, findManagedDrop, findManagedEvent, listEventDrops, type DropEntity } from './repo.ts';
import { checkSchedule, checkScheduleUnlocked, phaseOf, type DropSchedule } from './rules.ts';
import type { CreateDropInput, DropChanges, DropView } from './schema.ts';

/*
 * The organizer's drop use cases. PostgreSQL is the source of truth: each
 * change is one transaction that bumps the drop's version, writes
 * `drop.changed` to the outbox (the waiting room re-reads the drop when it
 * arrives) and an audit row. A change that changes nothing writes nothing.
 */

const dropNotFound = () => notFound('drop_not_found', 'There is no such drop');
const eventNotFound = () => notFound('event_not_found', 'There is no such event');

export async function createDrop(
  em: EntityManager,
  actor: Actor,
  eventId: string,
  input: CreateDropInput,
): Promise<DropView> {
  const settings = {
    name: input.name,
    size: input.size,
    releaseRatePerMinute: input.releaseRatePerMinute ?? 600,
    maxActive: input.maxActive ?? 500,
    holdSeconds: input.holdSeconds ?? 600,
    perUserLimit: input.perUserLimit ?? 4,
    prequeueOpensAt: input.prequeueOpensAt ?? null,
    opensAt: input.opensAt,
    closesAt: input.closesAt ?? null,
    queueEnabled: input.queueEnabled ?? true,
  };
  checkSchedule(settings);
  return retryingTransaction(em, async (tx) => {
    const event = await findManagedEvent(tx, actor, eventId);
    if (!event) throw eventNotFound();
    if (event.status === 'cancelled') throw conflict('event_cancelled', 'The event is cancelled');
    const drop = addDrop(tx, { id: randomUUID(), eventId, ...settings });
    await tx.flush();
    await announce(tx, actor, drop, 'drop.created', { settings: auditValues(settings) });
    return present(drop);
  });
}

export async function updateDrop(
  em: EntityManager,
  actor: Actor,
  dropId: string,
  changes: DropChanges,
  expectedVersion: number | undefined,
): Promise<DropView> {
  return retryingTransaction(em, async (tx) => {
    const drop = await lockDrop(tx, actor, dropId, expectedVersion);
    const diff = differences(drop, changes);
    const current = scheduleOf(drop);
    checkSchedule({
      prequeueOpensAt: changes.prequeueOpensAt === undefined ? current.prequeueOpensAt : changes.prequeueOpensAt,
      opensAt: changes.opensAt ?? current.opensAt,
      closesAt: changes.closesAt === undefined ? current.closesAt : changes.closesAt,
    });
    if (diff.size === 0) return present(drop);
    checkScheduleUnlocked(current, new Set(diff.keys()));
    const audit = Object.fromEntries(
      [...diff].map(([field, to]) => [field, { from: auditValue(drop[field]), to: auditValue(to) }]),
    );
    tx.assign(drop, Object.fromEntries(diff));
    drop.version += 1;
    await tx.flush();
    await announce(tx, actor, drop, 'drop.updated', { changes: audit });
    return present(drop);
  });
}

/** Pausing stops the waiting room's releases; fans keep their places. Repeating it changes nothing. */
export async function setDropPaused(
  em: EntityManager,
  actor: Actor,
  dropId: string,
  paused: boolean,
  expectedVersion: number | undefined,
): Promise<DropView> {
  return retryingTransaction(em, async (tx) => {
    const drop = await lockDrop(tx, actor, dropId, expectedVersion);
    if (drop.paused === paused) return present(drop);
    drop.paused = paused;
    drop.version += 1;
    await tx.flush();
    await announce(tx, actor, drop, paused ? 'drop.paused' : 'drop.resumed', {});
    return present(drop);
  });
}

export async function getDrop(em: EntityManager, actor: Actor, dropId: string): Promise<DropView> {
  const found = await findManagedDrop(em, actor, dropId);
  if (!found) throw dropNotFound();
  return present(found.drop);
}

export async function listDrops(em: EntityManager, actor: Actor, eventId: string): Promise<DropView[]> {
  const event = await findManagedEvent(em, actor, eventId);
  if (!event) throw eventNotFound();
  return (await listEventDrops(em, eventId)).map((drop) => present(drop));
}

async function lockDrop(
  tx: EntityManager,
  actor: Actor,
  dropId: string,
  expectedVersion: number | undefined,
): Promise<DropEntity> {
  const found = await findManagedDrop(tx, actor, dropId, { lock: true });
  if (!found) throw dropNotFound();
  if (expectedVersion !== undefined && found.drop.version !== expectedVersion) {
    throw conflict('version_mismatch', 'The drop was changed since you read it; reload and try again', {
      details: { currentVersion: found.drop.version },
    });
  }
  return found.drop;
}

async function announce(
  tx: EntityManager,
  actor: Actor,
  drop: DropEntity,
  action: string,
  details: Record<string, unknown>,
): Promise<void> {
  await enqueue(tx, 'drop.changed', { dropId: drop.id, eventId: drop.eventId, version: drop.version });
  await writeAudit(tx, {
    actorId: actor.id,
    action,
    subjectType: 'drop',
    subjectId: drop.id,
    details: { ...details, version: drop.version },
  });
}

type Setting = keyof DropChanges;
type SettingValue = string | number | boolean | Date | null;

/** The settings whose requested value differs from the stored one. */
function differences(drop: DropEntity, changes: DropChanges): Map<Setting, SettingValue> {
  const diff = new Map<Setting, SettingValue>();
  for (const [field, value] of Object.entries(changes) as Array<[Setting, SettingValue | undefined]>) {
    if (value === undefined) continue;
    if (auditValue(value) !== auditValue(drop[field])) diff.set(field, value);
  }
  return diff;
}

const auditValue = (value: SettingValue | undefined) => (value instanceof Date ? value.toISOString() : (value ?? null));

function scheduleOf(drop: DropEntity): DropSchedule & { paused: boolean } {
  return {
    prequeueOpensAt: drop.prequeueOpensAt ?? null,
    opensAt: drop.opensAt,
    closesAt: drop.closesAt ?? null,
    paused: drop.paused,
  };
}

function auditValues(settings: Record<string, SettingValue>): Record<string, SettingValue> {
  return Object.fromEntries(Object.entries(settings).map(([field, value]) => [field, auditValue(value)]));
}

export function present(drop: DropEntity, now = new Date()): DropView {
  const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);
  return {
    id: drop.id,
    eventId: drop.eventId,
    name: drop.name,
    size: drop.size,
    releaseRatePerMinute: drop.releaseRatePerMinute,
    maxActive: drop.maxActive,
    holdSeconds: drop.holdSeconds,
    perUserLimit: drop.perUserLimit,
    prequeueOpensAt: iso(drop.prequeueOpensAt),
    opensAt: drop.opensAt.toISOString(),
    closesAt: iso(drop.closesAt),
    queueEnabled: drop.queueEnabled,
    paused: drop.paused,
    phase: phaseOf(scheduleOf(drop), now),
    version: drop.version,
    createdAt: drop.createdAt.toISOString(),
    updatedAt: drop.updatedAt.toISOString(),
  };
}
