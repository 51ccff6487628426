import type { Sql } from '../db/sql.ts';
import { verifyTicketCode, type TicketVerificationKey } from '@ticketing/common';
import { findTicket, type TicketRow } from './repo.ts';

export type TicketCodeCheck =
  | { verdict: 'valid'; ticket: TicketRow }
  /** Signed by us, but for an earlier version: the ticket was reissued since. */
  | { verdict: 'superseded'; ticket: TicketRow }
  | { verdict: 'revoked'; ticket: TicketRow }
  | { verdict: 'invalid'; reason: string };

/**
 * What a scanned code is worth against the database: its signature first
 * (offline, as a gate device would), then the ticket's current version and
 * status. A code for an old version never admits anyone.
 */
export async function checkTicketCode(
  sql: Sql,
  keys: readonly TicketVerificationKey[],
  code: string,
): Promise<TicketCodeCheck> {
  const verified = verifyTicketCode(code, keys);
  if (!verified.ok) return { verdict: 'invalid', reason: verified.reason };
  const ticket = await findTicket(sql, verified.claims.ticketId);
  if (!ticket || ticket.event_id !== verified.claims.eventId) return { verdict: 'invalid', reason: 'unknown_ticket' };
  if (ticket.status === 'revoked') return { verdict: 'revoked', ticket };
  if (ticket.version !== verified.claims.version) return { verdict: 'superseded', ticket };
  return { verdict: 'valid', ticket };
}
