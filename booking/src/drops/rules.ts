import { conflict, invalid } from '@ticketing/common';
import type { DropView } from './schema.ts';

/** The settings the rules look at, after a change is applied. */
export interface DropSchedule {
  prequeueOpensAt: Date | null;
  opensAt: Date;
  closesAt: Date | null;
}

interface RuleViolation {
  in: 'body';
  path: string;
  code: string;
  message: string;
}

/**
 * The rules between settings (also CHECK constraints of the `drops` table):
 * the sale closes after it opens, and the pre-queue opens no later than the
 * sale. Every broken rule is reported at once, in the shape of
 * `validation_failed`, under the code `drop_schedule_invalid`.
 */
export function checkSchedule(schedule: DropSchedule): void {
  const errors: RuleViolation[] = [];
  if (schedule.closesAt !== null && schedule.closesAt.getTime() <= schedule.opensAt.getTime()) {
    errors.push({
      in: 'body',
      path: 'closesAt',
      code: 'closes_not_after_opens',
      message: 'closesAt must be after opensAt',
    });
  }
  if (schedule.prequeueOpensAt !== null && schedule.prequeueOpensAt.getTime() > schedule.opensAt.getTime()) {
    errors.push({
      in: 'body',
      path: 'prequeueOpensAt',
      code: 'prequeue_after_opens',
      message: 'prequeueOpensAt must not be after opensAt',
    });
  }
  if (errors.length > 0) {
    throw invalid('drop_schedule_invalid', "The drop's schedule is inconsistent", { details: { errors } });
  }
}

/**
 * Once a drop has opened, its pre-queue has been ordered by the committed
 * seed at `opensAt` and fans have been admitted: moving either time would
 * rewrite a line people are standing in. Closing time, rate and sizes stay
 * tunable during the sale.
 */
export function checkScheduleUnlocked(current: DropSchedule, changed: ReadonlySet<string>, now = new Date()): void {
  const moved = ['opensAt', 'prequeueOpensAt'].filter((field) => changed.has(field));
  if (moved.length > 0 && current.opensAt.getTime() <= now.getTime()) {
    throw conflict('drop_schedule_locked', 'The drop has opened; its opening and pre-queue times can no longer move', {
      details: { fields: moved },
    });
  }
}

/** Where the sale stands at `now`. */
export function phaseOf(drop: DropSchedule & { paused: boolean }, now = new Date()): DropView['phase'] {
  const t = now.getTime();
  if (drop.closesAt !== null && drop.closesAt.getTime() <= t) return 'closed';
  if (drop.paused) return 'paused';
  if (drop.opensAt.getTime() <= t) return 'open';
  if (drop.prequeueOpensAt !== null && drop.prequeueOpensAt.getTime() <= t) return 'prequeue';
  return 'scheduled';
}
