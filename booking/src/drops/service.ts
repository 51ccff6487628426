import { randomUUID } from 'node:crypto';
import { conflict, notFound } from '@ticketing/common';
import type { Actor } from '../actor.ts';
import { writeAudit } from '../audit/repo.ts';
import type { Database } from '../db/database.ts';
import type { Sql } from '../db/sql.ts';
import { enqueue } from '../outbox/enqueue.ts';
import {
  findManagedDrop,
  findManagedEvent,
  insertDrop,
  listEventDrops,
  writeDropChanges,
  type DropRecord,
  type DropSettings,
} from './repo.ts';
import { checkSchedule, checkScheduleUnlocked, phaseOf, type DropSchedule } from './rules.ts';
import type { CreateDropInput, DropChanges, DropView } from './schema.ts';

/*
 * The organizer's drop use cases. PostgreSQL is the source of truth: each
 * change is one transaction that bumps the drop's version, writes
 * `drop.changed` to the outbox (the waiting room re-reads the drop when it
 * arrives) and an audit row. A change that changes nothing writes nothing.
 * Back-office commands are retried when PostgreSQL picks them as a deadlock
 * or serialization victim: nobody is there to press the button again.
 */

const dropNotFound = () => notFound('drop_not_found', 'There is no such drop');
const eventNotFound = () => notFound('event_not_found', 'There is no such event');

export async function createDrop(
  db: Database,
  actor: Actor,
  eventId: string,
  input: CreateDropInput,
): Promise<DropView> {
  const settings: DropSettings = {
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
  return db.transaction(
    async (sql) => {
      const event = await findManagedEvent(sql, actor, eventId);
      if (!event) throw eventNotFound();
      if (event.status === 'cancelled') throw conflict('event_cancelled', 'The event is cancelled');
      if (event.status === 'ended') throw conflict('event_ended', 'The event has ended');
      const drop = await insertDrop(sql, { id: randomUUID(), eventId, ...settings });
      await announce(sql, actor, drop, 'drop.created', { settings: auditValues(settings) });
      return present(drop);
    },
    { retry: true },
  );
}

export async function updateDrop(
  db: Database,
  actor: Actor,
  dropId: string,
  changes: DropChanges,
  expectedVersion: number | undefined,
): Promise<DropView> {
  return db.transaction(
    async (sql) => {
      const drop = await lockDrop(sql, actor, dropId, expectedVersion);
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
      const changed = await writeDropChanges(sql, drop.id, Object.fromEntries(diff));
      await announce(sql, actor, changed, 'drop.updated', { changes: audit });
      return present(changed);
    },
    { retry: true },
  );
}

/** Pausing stops the waiting room's releases; fans keep their places. Repeating it changes nothing. */
export async function setDropPaused(
  db: Database,
  actor: Actor,
  dropId: string,
  paused: boolean,
  expectedVersion: number | undefined,
): Promise<DropView> {
  return db.transaction(
    async (sql) => {
      const drop = await lockDrop(sql, actor, dropId, expectedVersion);
      if (drop.paused === paused) return present(drop);
      const changed = await writeDropChanges(sql, drop.id, { paused });
      await announce(sql, actor, changed, paused ? 'drop.paused' : 'drop.resumed', {});
      return present(changed);
    },
    { retry: true },
  );
}

/**
 * Pauses every drop of an event that is not paused yet, each a new version
 * with its message and audit row, inside the caller's transaction (an event
 * that ends stops its lines). Returns the drops it paused.
 */
export async function pauseEventDrops(sql: Sql, actor: Actor, eventId: string, reason: string): Promise<string[]> {
  const paused: string[] = [];
  for (const listed of await listEventDrops(sql, eventId)) {
    if (listed.paused) continue;
    const drop = await findManagedDrop(sql, actor, listed.id, { lock: true });
    if (!drop || drop.paused) continue;
    const changed = await writeDropChanges(sql, drop.id, { paused: true });
    await announce(sql, actor, changed, 'drop.paused', { reason });
    paused.push(drop.id);
  }
  return paused;
}

export async function getDrop(db: Database, actor: Actor, dropId: string): Promise<DropView> {
  const drop = await db.read((sql) => findManagedDrop(sql, actor, dropId));
  if (!drop) throw dropNotFound();
  return present(drop);
}

export async function listDrops(db: Database, actor: Actor, eventId: string): Promise<DropView[]> {
  return db.read(async (sql) => {
    const event = await findManagedEvent(sql, actor, eventId);
    if (!event) throw eventNotFound();
    return (await listEventDrops(sql, eventId)).map((drop) => present(drop));
  });
}

async function lockDrop(
  sql: Sql,
  actor: Actor,
  dropId: string,
  expectedVersion: number | undefined,
): Promise<DropRecord> {
  const drop = await findManagedDrop(sql, actor, dropId, { lock: true });
  if (!drop) throw dropNotFound();
  if (expectedVersion !== undefined && drop.version !== expectedVersion) {
    throw conflict('version_mismatch', 'The drop was changed since you read it; reload and try again', {
      details: { currentVersion: drop.version },
    });
  }
  return drop;
}

async function announce(
  sql: Sql,
  actor: Actor,
  drop: DropRecord,
  action: string,
  details: Record<string, unknown>,
): Promise<void> {
  await enqueue(sql, 'drop.changed', { dropId: drop.id, eventId: drop.eventId, version: drop.version });
  await writeAudit(sql, {
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
function differences(drop: DropRecord, changes: DropChanges): Map<Setting, SettingValue> {
  const diff = new Map<Setting, SettingValue>();
  for (const [field, value] of Object.entries(changes) as Array<[Setting, SettingValue | undefined]>) {
    if (value === undefined) continue;
    if (auditValue(value) !== auditValue(drop[field])) diff.set(field, value);
  }
  return diff;
}

const auditValue = (value: SettingValue | undefined) => (value instanceof Date ? value.toISOString() : (value ?? null));

function scheduleOf(drop: DropRecord): DropSchedule & { paused: boolean } {
  return {
    prequeueOpensAt: drop.prequeueOpensAt,
    opensAt: drop.opensAt,
    closesAt: drop.closesAt,
    paused: drop.paused,
  };
}

function auditValues(settings: DropSettings): Record<string, SettingValue> {
  return Object.fromEntries(Object.entries(settings).map(([field, value]) => [field, auditValue(value)]));
}

function present(drop: DropRecord, now = new Date()): DropView {
  const iso = (date: Date | null) => (date ? date.toISOString() : null);
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
