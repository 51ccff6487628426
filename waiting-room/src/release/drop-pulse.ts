import { parsePhase, type Phase, type ReleasePace } from '../queue/standing.ts';

/** What one tick saw of a drop: the numbers behind ETAs, sockets and the dashboard. */
export interface DropPulse {
  phase: Phase;
  /** Fans admitted by this tick. */
  admittedNow: number;
  waiting: number;
  prequeued: number;
  /** Admitted fans who have not finished. */
  active: number;
  recentAdmissions: number;
  rateWindowMs: number;
  admittedTotal: number;
  finishedTotal: number;
  expiredTotal: number;
  droppedTotal: number;
  soldOut: boolean;
  available: number | null;
  held: number | null;
  placed: boolean;
  /** Closed longer than the retention period: no longer ticked, its keys expiring. */
  retired: boolean;
  /** Epoch ms when this instance read it. */
  at: number;
}

/** Reads the tick script's reply (tick.lua); undefined when the drop has no settings. */
export function parsePulse(reply: unknown, at: number): DropPulse | undefined {
  if (!Array.isArray(reply)) return undefined;
  const phase = parsePhase(reply[0]);
  if (!phase) return undefined;
  const n = (i: number) => Number(reply[i] ?? 0);
  const optional = (i: number) => (reply[i] === '' || reply[i] === undefined ? null : Number(reply[i]));
  return {
    phase,
    admittedNow: n(1),
    waiting: n(2),
    prequeued: n(3),
    active: n(4),
    recentAdmissions: n(5),
    rateWindowMs: n(6),
    admittedTotal: n(7),
    finishedTotal: n(8),
    expiredTotal: n(9),
    droppedTotal: n(10),
    soldOut: reply[11] === '1',
    available: optional(12),
    held: optional(13),
    placed: reply[14] === '1',
    retired: reply[15] === '1',
    at,
  };
}

export function paceOf(pulse: DropPulse | undefined): ReleasePace | undefined {
  if (!pulse) return undefined;
  return {
    measuredPerSecond: pulse.recentAdmissions > 0 ? pulse.recentAdmissions / (pulse.rateWindowMs / 1000) : undefined,
  };
}

/** The latest pulse of every drop this instance ticks. */
export type PulseBoard = Map<string, DropPulse>;
