import type { ApiAnswer } from './api/client.ts';

/** Where a transfer form post sends the fan back to: My tickets, saying what happened. */
export function transferOutcome(answer: ApiAnswer<unknown>, done: 'offered' | 'accepted' | 'cancelled'): string {
  if (answer.kind === 'ok') return `/me/tickets?transfer=${done}`;
  if (answer.kind === 'problem') {
    const code = answer.code === 'validation_failed' ? 'transfer_email_invalid' : answer.code;
    return `/me/tickets?problem=${encodeURIComponent(code)}`;
  }
  return '/me/tickets?problem=unreachable';
}
