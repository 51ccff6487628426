import { conflict, invalid } from '@ticketing/common';
import type { EventStatus } from './status.ts';

interface RuleViolation {
  in: 'body';
  path: string;
  code: string;
  message: string;
}

export interface EventDates {
  startsAt: Date;
  endsAt: Date | null;
}

/**
 * The rules between an event's dates (the second is also `events_dates_ck`):
 * it ends no earlier than it starts, and a start that is being set lies in
 * the future. Every broken rule is reported at once, in the shape of
 * `validation_failed`, under the code `event_dates_invalid`.
 */
export function checkEventDates(dates: EventDates, settingStart: boolean, now = new Date()): void {
  const errors: RuleViolation[] = [];
  if (settingStart && dates.startsAt.getTime() <= now.getTime()) {
    errors.push({ in: 'body', path: 'startsAt', code: 'starts_in_past', message: 'startsAt must be in the future' });
  }
  if (dates.endsAt !== null && dates.endsAt.getTime() < dates.startsAt.getTime()) {
    errors.push({
      in: 'body',
      path: 'endsAt',
      code: 'ends_before_starts',
      message: 'endsAt must not be before startsAt',
    });
  }
  if (errors.length > 0) throw eventDatesInvalid(errors);
}

export function eventDatesInvalid(errors: RuleViolation[], cause?: unknown) {
  return invalid('event_dates_invalid', "The event's dates are inconsistent", { details: { errors }, cause });
}

/** An event's details are the organizer's draft until it is published; after that fans rely on them. */
export function checkDraft(status: EventStatus): void {
  if (status !== 'draft') {
    throw conflict('event_not_draft', 'Only a draft event can be edited', { details: { eventStatus: status } });
  }
}

export function versionMismatch(currentVersion: number) {
  return conflict('version_mismatch', 'The event was changed since you read it; reload and try again', {
    details: { currentVersion },
  });
}
