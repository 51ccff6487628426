import { verifyTicketCode, type TicketVerificationKey } from '@ticketing/common';
import type { ScanAnswer, ScanInput } from '@ticketing/common/contracts/gate';
import type { Database } from '../db/database.ts';
import type { Sql } from '../db/sql.ts';
import { admitOnline, answerOfNonce, findScannedTicket, insertScan, settleScan, type ScannedTicket } from './repo.ts';

/**
 * A scan at the door, online, in one transaction:
 *
 * 1. The code's signature is checked before any database work (as a device
 *    would, offline): a forged or garbled code is `invalid`, a code for
 *    another event `wrong_event`.
 * 2. The scan is recorded under its (device, nonce) first. A retry of the
 *    nonce, even one arriving while the original is still running, waits for
 *    it and is told the original answer; it never scans again.
 * 3. One conditional update admits the ticket (valid, this version, this
 *    event, not yet used). Of fifty simultaneous scans one wins; the rest
 *    find it used and are told when and at which gate.
 * 4. Otherwise the ticket says why not, in this order: revoked (refunded),
 *    reissued (the code's version is older than the ticket's), already used.
 */
export async function scanTicket(
  db: Database,
  keys: readonly TicketVerificationKey[],
  scannedBy: string,
  input: ScanInput,
): Promise<ScanAnswer> {
  const verified = verifyTicketCode(input.code, keys);
  const claims = verified.ok ? verified.claims : null;
  return db.transaction(
    async (sql) => {
      const scanId = await insertScan(sql, {
        eventId: input.eventId ?? claims?.eventId ?? null,
        gateId: input.gateId,
        deviceId: input.deviceId,
        nonce: input.nonce,
        mode: 'online',
        scannedBy,
        scannedAt: null,
        ticketId: null,
        codeVersion: claims?.version ?? null,
        // A placeholder: settled below, in this transaction, before anyone can read it.
        result: 'invalid',
        admitted: false,
        answer: { result: 'invalid' },
      });
      if (!scanId) {
        const first = await answerOfNonce(sql, input.deviceId, input.nonce);
        if (!first) throw new Error(`scan ${input.deviceId}/${input.nonce} is known and has no answer`);
        return first;
      }
      const { answer, ticketId } = await decide(sql, input, claims);
      await settleScan(sql, scanId, { result: answer.result, admitted: answer.result === 'valid', answer, ticketId });
      return answer;
    },
    { retry: true },
  );
}

async function decide(
  sql: Sql,
  input: ScanInput,
  claims: { ticketId: string; eventId: string; version: number } | null,
): Promise<{ answer: ScanAnswer; ticketId: string | null }> {
  if (!claims) return { answer: { result: 'invalid' }, ticketId: null };
  if (input.eventId !== undefined && claims.eventId !== input.eventId) {
    return { answer: { result: 'wrong_event' }, ticketId: null };
  }
  const admitted = await admitOnline(sql, {
    ticketId: claims.ticketId,
    version: claims.version,
    eventId: claims.eventId,
    gateId: input.gateId,
    deviceId: input.deviceId,
  });
  if (admitted) return { answer: { result: 'valid', ticket: ticketOf(admitted) }, ticketId: admitted.id };
  const ticket = await findScannedTicket(sql, claims.ticketId);
  // Signed by us for a ticket that is not there, or for a version it never had: not a real ticket.
  if (!ticket || ticket.event_id !== claims.eventId || ticket.version < claims.version) {
    return { answer: { result: 'invalid' }, ticketId: null };
  }
  const ticketId = ticket.id;
  if (ticket.status === 'revoked') return { answer: { result: 'revoked', ticket: ticketOf(ticket) }, ticketId };
  if (ticket.version > claims.version) return { answer: { result: 'reissued', ticket: ticketOf(ticket) }, ticketId };
  return {
    answer: {
      result: 'already_used',
      ticket: ticketOf(ticket),
      ...(ticket.used_at ? { firstUsedAt: ticket.used_at } : {}),
      ...(ticket.used_gate ? { firstGateId: ticket.used_gate } : {}),
    },
    ticketId,
  };
}

function ticketOf(ticket: ScannedTicket): NonNullable<ScanAnswer['ticket']> {
  return { ticketId: ticket.id, version: ticket.version, seat: ticket.seat };
}
