import type { OfflineUploadReport } from '@ticketing/common/contracts/gate';

/**
 * Tickets the platform reported let in more than once, after this phone's
 * uploads, kept per event on the phone until the steward has read them: a
 * reload must not lose the report, and the upload that brought it is not
 * sent again.
 */
export type Duplicates = OfflineUploadReport['duplicates'];

const keyOf = (eventId: string) => `gate-scanner.duplicates.${eventId}`;

export function keptDuplicates(eventId: string): Duplicates {
  try {
    const kept = JSON.parse(localStorage.getItem(keyOf(eventId)) ?? '[]') as unknown;
    return Array.isArray(kept) ? (kept as Duplicates) : [];
  } catch {
    return [];
  }
}

/** Adds a report's tickets to those kept, the newest report of a ticket replacing the older. */
export function keepDuplicates(eventId: string, reported: Duplicates): Duplicates {
  const byTicket = new Map(keptDuplicates(eventId).map((d) => [d.ticketId, d]));
  for (const duplicate of reported) byTicket.set(duplicate.ticketId, duplicate);
  const all = [...byTicket.values()];
  localStorage.setItem(keyOf(eventId), JSON.stringify(all));
  return all;
}

export function forgetDuplicates(eventId: string): void {
  localStorage.removeItem(keyOf(eventId));
}
