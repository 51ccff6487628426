import { formText } from './form-text.ts';
import { localInputToIso } from './local-time.ts';

const numbers = ['size', 'releaseRatePerMinute', 'maxActive', 'holdSeconds', 'perUserLimit'] as const;

/** A drop form's fields as the admin API's body; times are the venue's wall clock. */
export function dropSettingsFrom(
  form: FormData,
  timeZone: string,
): { kind: 'ok'; body: Record<string, unknown> } | { kind: 'invalid'; message: string } {
  const text = (name: string) => formText(form, name);
  const body: Record<string, unknown> = {};
  if (text('name')) body.name = text('name');
  for (const field of numbers) {
    const value = text(field);
    if (value === '') continue;
    const n = Number(value);
    if (!Number.isInteger(n)) return { kind: 'invalid', message: `${field} must be a whole number.` };
    body[field] = n;
  }
  const opensAt = text('opensAt');
  if (opensAt) {
    const iso = localInputToIso(opensAt, timeZone);
    if (!iso) return { kind: 'invalid', message: 'The opening time is not a date and time.' };
    body.opensAt = iso;
  }
  if (form.has('prequeueOpensAt')) {
    const prequeue = text('prequeueOpensAt');
    body.prequeueOpensAt = prequeue === '' ? null : (localInputToIso(prequeue, timeZone) ?? prequeue);
  }
  return { kind: 'ok', body };
}

/** What the settings mean, in words, as the organizer types. */
export function dropConsequences(input: {
  size: number;
  releaseRatePerMinute: number;
  maxActive: number;
  holdSeconds: number;
  perUserLimit: number;
  seats: number;
  line?: number;
}): string[] {
  const lines: string[] = [];
  const line = input.line ?? input.size;
  if (input.releaseRatePerMinute > 0 && line > 0) {
    const minutes = Math.ceil(line / input.releaseRatePerMinute);
    lines.push(
      `At ${input.releaseRatePerMinute} a minute, a line of ${line} fans clears in about ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`,
    );
  }
  if (input.maxActive > 0) {
    lines.push(
      input.maxActive * input.perUserLimit > input.seats
        ? `Up to ${input.maxActive} fans choose at once and may hold ${input.maxActive * input.perUserLimit} seats between them, more than the ${input.seats} on sale: late fans may find nothing left.`
        : `Up to ${input.maxActive} fans choose at once, holding at most ${input.maxActive * input.perUserLimit} of the ${input.seats} seats.`,
    );
  }
  if (input.holdSeconds > 0) {
    lines.push(
      `A fan has ${Math.round(input.holdSeconds / 60)} min ${input.holdSeconds % 60} s to pay before seats go back.`,
    );
  }
  if (input.size > input.seats && input.seats > 0) {
    lines.push(`The drop offers ${input.size} places but the map has ${input.seats} seats.`);
  }
  return lines;
}
