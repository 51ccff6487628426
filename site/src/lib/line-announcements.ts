import type { QueueStatus } from './api/queue.ts';
import { formatEstimate } from './format.ts';

/**
 * What a screen reader is told about the fan's place: every change of
 * state, and otherwise the position at most every 30 seconds, so a line
 * that moves every second does not talk every second.
 */
const quietMs = 30_000;

export function announcementFor(status: QueueStatus): string {
  switch (status.state) {
    case 'prequeue':
      return 'You are in the pre-queue. You will get a place in line when the sale opens.';
    case 'waiting':
      return `You are number ${status.position ?? '?'} in line. Estimated wait: ${formatEstimate(status.etaSeconds)}.`;
    case 'admitted':
      return 'It is your turn. Taking you to the seat map.';
    case 'paused':
      return 'The sale is paused. You keep your place.';
    case 'sold_out':
      return 'Sold out for now. You keep your place in case seats come back.';
    case 'closed':
      return 'This sale has closed.';
  }
}

export function shouldAnnounce(last: { at: number; status: QueueStatus }, next: QueueStatus, now: number): boolean {
  if (last.status.state !== next.state) return true;
  if (next.state !== 'waiting') return false;
  return now - last.at >= quietMs && last.status.position !== next.position;
}

export function goneText(reason: string): string {
  switch (reason) {
    case 'finished':
      return 'You completed your purchase for this sale.';
    case 'inactive':
      return 'Your place lapsed because this page was closed or offline for too long.';
    case 'left':
      return 'You left the line.';
    case 'admission_expired':
    case 'abandoned':
      return 'Your turn to choose seats ran out.';
    default:
      return 'Your place in this line has ended.';
  }
}
