import { verifyTicketCode, type TicketVerificationKey } from '@ticketing/common';
import type { OfflineUpload, OfflineUploadReport } from '@ticketing/common/contracts/gate';
import type { Database } from '../db/database.ts';
import { pgArray } from '../db/sql.ts';
import { admittedMoreThanOnce, insertScan, recordOfflineAdmission } from './repo.ts';

/**
 * Scans made without the platform (a device on its own, or a gate hub),
 * uploaded when the line is back, in one transaction:
 *
 * - each scan is stored under its (device, nonce), so uploading the same
 *   batch again, or a batch that overlaps an earlier one, stores nothing new;
 * - a scan the device admitted marks its ticket used at the device's time
 *   (the earliest admission wins), so online scans and gate lists refuse it
 *   from then on;
 * - the report names every ticket of the upload that more than one scan let
 *   in, across devices, hubs and online scans, with each of those scans.
 *   It is computed from what is stored, so a repeated upload reports the same.
 *
 * Tickets are updated in ascending id order, so two uploads touching the
 * same tickets queue behind each other instead of deadlocking.
 */
export async function uploadOfflineScans(
  db: Database,
  keys: readonly TicketVerificationKey[],
  uploadedBy: string,
  upload: OfflineUpload,
): Promise<OfflineUploadReport> {
  const scans = upload.scans.map((scan) => {
    const verified = verifyTicketCode(scan.code, keys);
    const claims = verified.ok ? verified.claims : null;
    // A ticket of another event is not this event's to mark; the scan is kept as the device reported it.
    const ticketId = claims && claims.eventId === upload.eventId ? claims.ticketId : null;
    return { scan, claims, ticketId };
  });
  scans.sort((a, b) => (a.ticketId ?? '').localeCompare(b.ticketId ?? ''));

  return db.transaction(
    async (sql) => {
      // A signed code for a ticket that is not there (or not this event's) is stored unattached.
      const candidates = [...new Set(scans.flatMap((s) => (s.ticketId ? [s.ticketId] : [])))];
      const known = new Set(
        (
          await sql.query<{ id: string }>('SELECT id FROM tickets WHERE id = ANY(?::uuid[]) AND event_id = ?', [
            pgArray(candidates),
            upload.eventId,
          ])
        ).map((row) => row.id),
      );
      let accepted = 0;
      for (const { scan, claims, ticketId } of scans) {
        const admitted = scan.result === 'valid';
        const ticket = ticketId && known.has(ticketId) ? ticketId : null;
        const stored = await insertScan(sql, {
          eventId: upload.eventId,
          gateId: scan.gateId,
          deviceId: scan.deviceId,
          nonce: scan.nonce,
          mode: 'offline',
          scannedBy: uploadedBy,
          scannedAt: scan.scannedAt,
          ticketId: ticket,
          codeVersion: claims?.version ?? null,
          result: scan.result,
          admitted,
          answer: { result: scan.result },
        });
        if (!stored) continue;
        accepted++;
        if (ticket && admitted) {
          await recordOfflineAdmission(sql, {
            ticketId: ticket,
            eventId: upload.eventId,
            at: scan.scannedAt,
            gateId: scan.gateId,
            deviceId: scan.deviceId,
          });
        }
      }
      const duplicates = await admittedMoreThanOnce(sql, [...known]);
      return {
        accepted,
        alreadyKnown: upload.scans.length - accepted,
        duplicates: duplicates.map((d) => ({ ticketId: d.ticket_id, scans: d.scans })),
      };
    },
    { retry: true },
  );
}
