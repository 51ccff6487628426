/** How big and how long a run is. `full` is `npm run faults`; `short` is the run inside `npm test`. */
export interface Profile {
  name: 'full' | 'short';
  fans: number;
  seats: number;
  /** How long faults are injected while fans buy. */
  windowMs: number;
  killsPerRole: number;
  cutMs: readonly [number, number];
  killGapMs: number;
  /** Over how long fans arrive. */
  arrivalMs: number;
  /** At least 30 (the drops table allows no less). */
  holdSeconds: number;
  releaseRatePerMinute: number;
  maxActive: number;
  slowPayerShare: number;
  requestTimeoutMs: number;
  /** How long fans may go on after the last fault before giving up. */
  tailMs: number;
  /**
   * The longest wait, after everything is restored, for the platform to settle. Long enough for the
   * notifier's retries to outlast its in-flight lease (a send cut short by a kill); a run that settles
   * sooner goes on at once.
   */
  drainMs: number;
}

export const profiles: Record<Profile['name'], Profile> = {
  full: {
    name: 'full',
    fans: 150,
    seats: 80,
    windowMs: 90_000,
    killsPerRole: 2,
    cutMs: [3_000, 8_000],
    killGapMs: 15_000,
    arrivalMs: 30_000,
    holdSeconds: 30,
    releaseRatePerMinute: 240,
    maxActive: 40,
    slowPayerShare: 0.1,
    requestTimeoutMs: 5_000,
    tailMs: 60_000,
    drainMs: 180_000,
  },
  short: {
    name: 'short',
    fans: 30,
    seats: 16,
    windowMs: 24_000,
    killsPerRole: 1,
    cutMs: [1_000, 2_000],
    killGapMs: 10_000,
    arrivalMs: 6_000,
    holdSeconds: 30,
    releaseRatePerMinute: 300,
    maxActive: 20,
    slowPayerShare: 0.1,
    requestTimeoutMs: 4_000,
    tailMs: 30_000,
    drainMs: 180_000,
  },
};
