import type { DropConfig } from '../drops/drop-config.ts';
import { entryIdOf } from '../fairness/permutation.ts';

/** The drop's phase as the scripts compute it (prelude.lua, phase_of). */
export type Phase = 'prequeue' | 'opening' | 'open' | 'paused' | 'sold_out' | 'closed';

/** What a fan is told. */
export type FanState = 'prequeue' | 'waiting' | 'admitted' | 'sold_out' | 'closed' | 'paused';

export interface AdmissionRecord {
  /** The drop's n-th admission; part of the token id. */
  number: number;
  admittedAt: number;
  /** End of the admission window (the token's `exp`), epoch ms. */
  expiresAt: number;
  /** The fan's place in line when admitted. */
  place: number;
}

export type Standing =
  | { kind: 'admitted'; admission: AdmissionRecord }
  | { kind: 'waiting'; ahead: number }
  | { kind: 'prequeue'; prequeued: number }
  | { kind: 'none'; outcome: string };

const phases = new Set<string>(['prequeue', 'opening', 'open', 'paused', 'sold_out', 'closed']);

export function parsePhase(value: unknown): Phase | undefined {
  return typeof value === 'string' && phases.has(value) ? (value as Phase) : undefined;
}

/** Reads one (kind, detail) pair as the scripts return it. */
export function parseStanding(kind: unknown, detail: unknown): Standing | undefined {
  switch (kind) {
    case 'admitted': {
      const [number, admittedAt, expiresAt, place] = String(detail).split('|').map(Number);
      if ([number, admittedAt, expiresAt, place].some((n) => n === undefined || !Number.isFinite(n))) return undefined;
      return { kind, admission: { number: number!, admittedAt: admittedAt!, expiresAt: expiresAt!, place: place! } };
    }
    case 'waiting':
      return { kind, ahead: Number(detail) };
    case 'prequeue':
      return { kind, prequeued: Number(detail) };
    case 'none':
      return { kind, outcome: typeof detail === 'string' ? detail : '' };
    default:
      return undefined;
  }
}

/** The drop-wide numbers an answer needs, from this instance's last tick. */
export interface ReleasePace {
  /** Admissions per second measured over the last minute; undefined before any. */
  measuredPerSecond: number | undefined;
}

export interface QueueStatus {
  dropId: string;
  state: FanState;
  /** 1 for the next fan to be admitted; null while the order is not fixed yet or once admitted. */
  position: number | null;
  aheadOfYou: number | null;
  /** Expected seconds until admission; null when nothing moves (paused, sold out, closed) or once admitted. */
  etaSeconds: number | null;
  /** Fans in the pre-queue (only while in it). */
  prequeueSize?: number;
  opensAt: string;
  /** The fan's public id in the fairness record. */
  entryId: string;
  /** How often to ask (or keep the socket open) so as not to lose the place. */
  heartbeatSeconds: number;
  admissionToken?: string;
  admissionExpiresAt?: string;
}

/** Seconds a fan with `ahead` fans before them can expect to wait at this pace. */
export function etaSeconds(ahead: number, perSecond: number): number {
  return Math.max(1, Math.ceil((ahead + 1) / perSecond));
}

export function pacePerSecond(config: DropConfig, pace: ReleasePace | undefined): number {
  // Before anyone is admitted there is nothing to measure: the organizer's
  // rate is the best estimate.
  const measured = pace?.measuredPerSecond;
  return measured !== undefined && measured > 0 ? measured : config.releaseRatePerMinute / 60;
}

export interface PresentOptions {
  config: DropConfig;
  userId: string;
  phase: Phase;
  standing: Exclude<Standing, { kind: 'none' }>;
  pace: ReleasePace | undefined;
  heartbeatSeconds: number;
  now: number;
  /** The signed token for an admitted fan. */
  admissionToken?: string;
}

export function presentStatus(options: PresentOptions): QueueStatus {
  const { config, standing, phase } = options;
  const base = {
    dropId: config.dropId,
    opensAt: new Date(config.opensAt).toISOString(),
    entryId: entryIdOf(config.dropId, options.userId),
    heartbeatSeconds: options.heartbeatSeconds,
  };
  const perSecond = pacePerSecond(config, options.pace);
  if (standing.kind === 'admitted') {
    return {
      ...base,
      state: 'admitted',
      position: null,
      aheadOfYou: null,
      etaSeconds: 0,
      ...(options.admissionToken ? { admissionToken: options.admissionToken } : {}),
      admissionExpiresAt: new Date(standing.admission.expiresAt).toISOString(),
    };
  }
  const stalled = phase === 'paused' || phase === 'sold_out' || phase === 'closed';
  const state: FanState = stalled ? phase : standing.kind === 'prequeue' ? 'prequeue' : 'waiting';
  if (standing.kind === 'prequeue') {
    // Where in the pre-queue a fan lands is not known until the start; on
    // average they are in the middle of it.
    const untilOpen = Math.max(0, Math.ceil((config.opensAt - options.now) / 1000));
    return {
      ...base,
      state,
      position: null,
      aheadOfYou: null,
      etaSeconds: stalled ? null : untilOpen + Math.ceil(standing.prequeued / 2 / perSecond),
      prequeueSize: standing.prequeued,
    };
  }
  return {
    ...base,
    state,
    position: standing.ahead + 1,
    aheadOfYou: standing.ahead,
    etaSeconds: stalled ? null : etaSeconds(standing.ahead, perSecond),
  };
}
