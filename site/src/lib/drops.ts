import type { DropSchedule } from './catalog.ts';

/** Where a drop stands at a moment, as a fan would describe it. */
export type DropPhase = 'announced' | 'prequeue' | 'open' | 'paused' | 'closed';

export function dropPhase(drop: DropSchedule, now: Date = new Date()): DropPhase {
  const at = now.getTime();
  if (drop.closesAt !== null && Date.parse(drop.closesAt) <= at) return 'closed';
  if (Date.parse(drop.opensAt) <= at) return drop.paused ? 'paused' : 'open';
  if (drop.prequeueOpensAt !== null && Date.parse(drop.prequeueOpensAt) <= at) return 'prequeue';
  return 'announced';
}

export const phaseLabel: Record<DropPhase, string> = {
  announced: 'Coming soon',
  prequeue: 'Pre-queue open',
  open: 'On sale now',
  paused: 'Sale paused',
  closed: 'Sale closed',
};

export const phaseBadge: Record<DropPhase, string> = {
  announced: 'soon',
  prequeue: 'soon',
  open: 'live',
  paused: 'off',
  closed: 'off',
};

/** A fan can get in line from the pre-queue on, and while the sale runs (paused included: places are kept). */
export function canQueue(phase: DropPhase): boolean {
  return phase === 'prequeue' || phase === 'open' || phase === 'paused';
}

export function linePath(eventId: string, dropId: string): string {
  return `/events/${encodeURIComponent(eventId)}/drops/${encodeURIComponent(dropId)}/line`;
}

export function seatsPath(eventId: string, dropId: string): string {
  return `/events/${encodeURIComponent(eventId)}/drops/${encodeURIComponent(dropId)}/seats`;
}

export function fairnessPath(eventId: string, dropId: string): string {
  return `/events/${encodeURIComponent(eventId)}/drops/${encodeURIComponent(dropId)}/fairness`;
}
