import type { ApiAnswer } from '../api/client.ts';

const words: Record<string, string> = {
  validation_failed: 'Some fields need a look',
  seat_map_invalid: 'The seat map has a problem',
  seat_map_locked: 'The seat map can no longer change: the sale has started or seats are held or sold.',
  seat_map_empty: 'Add at least one section with seats before publishing.',
  event_has_no_drops: 'Create a drop before opening the sale.',
  event_transition_invalid: 'That step is not possible from the event’s current status.',
  version_mismatch: 'Someone changed this in the meantime. Reload the page to see the latest version.',
  drop_schedule_invalid:
    'The times do not fit together: the pre-queue must open before the sale, and closing after it.',
  drop_schedule_locked: 'The opening times cannot move once the drop has opened.',
  venue_not_found: 'That venue was not found.',
  event_not_found: 'That event was not found.',
  drop_not_found: 'That drop was not found.',
  unavailable: 'Our organizer service is not answering right now. Please try again in a moment.',
};

interface FieldError {
  path?: unknown;
  message?: unknown;
  code?: unknown;
}

/** A refusal from the admin API, in words an organizer understands, with each bad field. */
export function describeProblem(answer: ApiAnswer<unknown>): string {
  if (answer.kind === 'ok') return '';
  if (answer.kind === 'signed_out') return 'Your session has ended. Please sign in again.';
  if (answer.kind === 'unreachable') return words.unavailable!;
  const headline =
    words[answer.code] ?? (typeof answer.body.message === 'string' ? answer.body.message : 'That did not work.');
  const errors = Array.isArray(answer.body.errors) ? (answer.body.errors as FieldError[]) : [];
  const details = errors
    .slice(0, 6)
    .map((e) => [e.path, e.message ?? e.code].filter((part) => typeof part === 'string' && part !== '').join(': '))
    .filter((line) => line !== '');
  return details.length > 0 ? `${headline}: ${details.join('; ')}.` : headline;
}
