import { mayManage, type Actor } from '../actor.ts';
import { epochMs, type Sql } from '../db/sql.ts';
import type { VenueView } from './schema.ts';

/* Venues. Every read names the actor: a venue they may not manage is as absent as one that does not exist. */

export interface VenueRecord {
  id: string;
  name: string;
  city: string;
  address: string;
  timezone: string;
  organizerId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export type VenueFields = Pick<VenueRecord, 'name' | 'city' | 'address' | 'timezone'>;

interface VenueRow {
  id: string;
  name: string;
  city: string;
  address: string;
  timezone: string;
  organizer_id: string | null;
  created_at: number;
  updated_at: number;
}

const venueColumns = `v.id, v.name, v.city, v.address, v.timezone, v.organizer_id,
  ${epochMs('v.created_at')} AS created_at, ${epochMs('v.updated_at')} AS updated_at`;

const fieldColumns: Record<keyof VenueFields, string> = {
  name: 'name',
  city: 'city',
  address: 'address',
  timezone: 'timezone',
};

function toVenue(row: VenueRow): VenueRecord {
  return {
    id: row.id,
    name: row.name,
    city: row.city,
    address: row.address,
    timezone: row.timezone,
    organizerId: row.organizer_id,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

/** An unowned venue is an admin's to manage. */
const manages = (actor: Actor, organizerId: string | null) =>
  organizerId === null ? actor.isAdmin : mayManage(actor, organizerId);

export async function findManagedVenue(
  sql: Sql,
  actor: Actor,
  venueId: string,
  options: { lock?: boolean } = {},
): Promise<VenueRecord | undefined> {
  const [row] = await sql.query<VenueRow>(
    `SELECT ${venueColumns} FROM venues v WHERE v.id = ? ${options.lock ? 'FOR UPDATE' : ''}`,
    [venueId],
  );
  return row && manages(actor, row.organizer_id) ? toVenue(row) : undefined;
}

/** The actor's venues by name; an admin sees every venue. */
export async function listManagedVenues(sql: Sql, actor: Actor): Promise<VenueRecord[]> {
  const rows = await sql.query<VenueRow>(
    `SELECT ${venueColumns} FROM venues v
      WHERE ?::boolean OR v.organizer_id = ?
      ORDER BY lower(v.name), v.id`,
    [actor.isAdmin, actor.id],
  );
  return rows.map(toVenue);
}

export async function insertVenue(
  sql: Sql,
  venue: { id: string; organizerId: string } & VenueFields,
): Promise<VenueRecord> {
  const [row] = await sql.query<VenueRow>(
    `INSERT INTO venues AS v (id, name, city, address, timezone, organizer_id) VALUES (?, ?, ?, ?, ?, ?)
     RETURNING ${venueColumns}`,
    [venue.id, venue.name, venue.city, venue.address, venue.timezone, venue.organizerId],
  );
  if (!row) throw new Error(`venue ${venue.id} was not inserted`);
  return toVenue(row);
}

export async function writeVenueChanges(
  sql: Sql,
  venueId: string,
  changes: Partial<VenueFields>,
): Promise<VenueRecord> {
  const entries = Object.entries(changes).filter(([, value]) => value !== undefined) as Array<
    [keyof VenueFields, string]
  >;
  const assignments = [...entries.map(([field]) => `${fieldColumns[field]} = ?`), 'updated_at = now()'];
  const [row] = await sql.query<VenueRow>(
    `UPDATE venues AS v SET ${assignments.join(', ')} WHERE v.id = ? RETURNING ${venueColumns}`,
    [...entries.map(([, value]) => value), venueId],
  );
  if (!row) throw new Error(`venue ${venueId} was not updated`);
  return toVenue(row);
}

export function presentVenue(venue: VenueRecord): VenueView {
  return {
    id: venue.id,
    name: venue.name,
    city: venue.city,
    address: venue.address,
    timezone: venue.timezone,
    organizerId: venue.organizerId,
    createdAt: venue.createdAt.toISOString(),
    updatedAt: venue.updatedAt.toISOString(),
  };
}
