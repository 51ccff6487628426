import { mayManage, type Actor } from '../actor.ts';
import { epochMs, type Sql } from '../db/sql.ts';
import type { EventStatus } from '../events/status.ts';

/*
 * Drops and their events. Every read names the actor: what they may not
 * manage is as absent as what does not exist. Timestamps are read as epoch
 * milliseconds (db/sql.ts) and handed out as Dates.
 */

export interface DropRecord {
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
  paused: boolean;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** The settings an organizer chooses; `paused` and `version` change only through their own use cases. */
export type DropSettings = Omit<DropRecord, 'id' | 'eventId' | 'paused' | 'version' | 'createdAt' | 'updatedAt'>;

export interface EventRecord {
  id: string;
  organizerId: string;
  status: EventStatus;
}

interface DropRow {
  id: string;
  event_id: string;
  name: string;
  size: number;
  release_rate_per_minute: number;
  max_active: number;
  hold_seconds: number;
  per_user_limit: number;
  prequeue_opens_at: number | null;
  opens_at: number;
  closes_at: number | null;
  queue_enabled: boolean;
  paused: boolean;
  version: number;
  created_at: number;
  updated_at: number;
}

/** Each setting's column; the only names ever put into an UPDATE's text. */
const settingColumns: Record<keyof DropSettings, string> = {
  name: 'name',
  size: 'size',
  releaseRatePerMinute: 'release_rate_per_minute',
  maxActive: 'max_active',
  holdSeconds: 'hold_seconds',
  perUserLimit: 'per_user_limit',
  prequeueOpensAt: 'prequeue_opens_at',
  opensAt: 'opens_at',
  closesAt: 'closes_at',
  queueEnabled: 'queue_enabled',
};

const dropColumns = (d: string) => `${d}.id, ${d}.event_id, ${d}.name, ${d}.size, ${d}.release_rate_per_minute,
  ${d}.max_active, ${d}.hold_seconds, ${d}.per_user_limit,
  ${epochMs(`${d}.prequeue_opens_at`)} AS prequeue_opens_at, ${epochMs(`${d}.opens_at`)} AS opens_at,
  ${epochMs(`${d}.closes_at`)} AS closes_at, ${d}.queue_enabled, ${d}.paused, ${d}.version,
  ${epochMs(`${d}.created_at`)} AS created_at, ${epochMs(`${d}.updated_at`)} AS updated_at`;

const dateOrNull = (ms: number | null) => (ms === null ? null : new Date(ms));

function toDrop(row: DropRow): DropRecord {
  return {
    id: row.id,
    eventId: row.event_id,
    name: row.name,
    size: row.size,
    releaseRatePerMinute: row.release_rate_per_minute,
    maxActive: row.max_active,
    holdSeconds: row.hold_seconds,
    perUserLimit: row.per_user_limit,
    prequeueOpensAt: dateOrNull(row.prequeue_opens_at),
    opensAt: new Date(row.opens_at),
    closesAt: dateOrNull(row.closes_at),
    queueEnabled: row.queue_enabled,
    paused: row.paused,
    version: row.version,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

export async function findManagedEvent(sql: Sql, actor: Actor, eventId: string): Promise<EventRecord | undefined> {
  const [row] = await sql.query<{ id: string; organizer_id: string; status: EventRecord['status'] }>(
    'SELECT id, organizer_id, status FROM events WHERE id = ?',
    [eventId],
  );
  if (!row || !mayManage(actor, row.organizer_id)) return undefined;
  return { id: row.id, organizerId: row.organizer_id, status: row.status };
}

/**
 * The drop, if the actor may manage it. With `lock`, the drop's row is
 * locked for the rest of the transaction, so changes to one drop are applied
 * one at a time and each sees the version the one before it wrote.
 */
export async function findManagedDrop(
  sql: Sql,
  actor: Actor,
  dropId: string,
  options: { lock?: boolean } = {},
): Promise<DropRecord | undefined> {
  const [row] = await sql.query<DropRow & { organizer_id: string }>(
    `SELECT ${dropColumns('d')}, e.organizer_id
       FROM drops d JOIN events e ON e.id = d.event_id
      WHERE d.id = ? ${options.lock ? 'FOR UPDATE OF d' : ''}`,
    [dropId],
  );
  return row && mayManage(actor, row.organizer_id) ? toDrop(row) : undefined;
}

export async function listEventDrops(sql: Sql, eventId: string): Promise<DropRecord[]> {
  const rows = await sql.query<DropRow>(
    `SELECT ${dropColumns('d')} FROM drops d WHERE d.event_id = ? ORDER BY d.opens_at, d.id`,
    [eventId],
  );
  return rows.map(toDrop);
}

/** A new drop: not paused, version 1. */
export async function insertDrop(sql: Sql, drop: { id: string; eventId: string } & DropSettings): Promise<DropRecord> {
  const [row] = await sql.query<DropRow>(
    `INSERT INTO drops AS d (id, event_id, name, size, release_rate_per_minute, max_active, hold_seconds,
                             per_user_limit, prequeue_opens_at, opens_at, closes_at, queue_enabled, paused, version)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, false, 1)
     RETURNING ${dropColumns('d')}`,
    [
      drop.id,
      drop.eventId,
      drop.name,
      drop.size,
      drop.releaseRatePerMinute,
      drop.maxActive,
      drop.holdSeconds,
      drop.perUserLimit,
      drop.prequeueOpensAt,
      drop.opensAt,
      drop.closesAt,
      drop.queueEnabled,
    ],
  );
  if (!row) throw new Error(`drop ${drop.id} was not inserted`);
  return toDrop(row);
}

/** Applies the changes and the next version to a drop the caller has locked. */
export async function writeDropChanges(
  sql: Sql,
  dropId: string,
  changes: Partial<DropSettings> & { paused?: boolean },
): Promise<DropRecord> {
  const columns = { ...settingColumns, paused: 'paused' };
  const entries = Object.entries(changes).filter(([, value]) => value !== undefined) as Array<
    [keyof typeof columns, unknown]
  >;
  const assignments = entries.map(([field]) => `${columns[field]} = ?`);
  const [row] = await sql.query<DropRow>(
    `UPDATE drops AS d SET ${[...assignments, 'version = d.version + 1', 'updated_at = now()'].join(', ')}
      WHERE d.id = ?
      RETURNING ${dropColumns('d')}`,
    [...entries.map(([, value]) => value), dropId],
  );
  if (!row) throw new Error(`drop ${dropId} was not updated`);
  return toDrop(row);
}
