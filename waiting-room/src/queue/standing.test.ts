import type { DropConfig } from '../drops/drop-config.ts';
import { etaSeconds, parseStanding, presentStatus } from './standing.ts';

const config: DropConfig = {
  dropId: 'd1',
  eventId: 'e1',
  organizerId: 'o1',
  size: 100,
  releaseRatePerMinute: 600,
  maxActive: 50,
  holdSeconds: 600,
  perUserLimit: 4,
  opensAt: 1_000_000,
  prequeueOpensAt: null,
  closesAt: null,
  enabled: true,
  paused: false,
  version: 1,
};
const base = { config, userId: 'u1', heartbeatSeconds: 15, now: 1_000_000 };

test('the ETA comes from the measured pace, falling back to the configured rate before any admission', () => {
  const waiting = { kind: 'waiting', ahead: 99 } as const;
  // 600 a minute is 10 a second: 100 fans to go take 10 seconds.
  expect(presentStatus({ ...base, phase: 'open', standing: waiting, pace: undefined }).etaSeconds).toBe(10);
  expect(presentStatus({ ...base, phase: 'open', standing: waiting, pace: { measuredPerSecond: 2 } }).etaSeconds).toBe(
    50,
  );
  expect(presentStatus({ ...base, phase: 'open', standing: waiting, pace: { measuredPerSecond: 2 } })).toMatchObject({
    state: 'waiting',
    position: 100,
    aheadOfYou: 99,
  });
  expect(etaSeconds(0, 1000)).toBe(1);
});

test('a stalled line keeps places but gives no ETA', () => {
  for (const phase of ['paused', 'sold_out', 'closed'] as const) {
    expect(presentStatus({ ...base, phase, standing: { kind: 'waiting', ahead: 3 }, pace: undefined })).toMatchObject({
      state: phase,
      position: 4,
      etaSeconds: null,
    });
  }
});

test('a pre-queued fan has no place yet; the ETA counts to the start plus half the pre-queue', () => {
  const status = presentStatus({
    ...base,
    now: config.opensAt - 30_000,
    phase: 'prequeue',
    standing: { kind: 'prequeue', prequeued: 200 },
    pace: undefined,
  });
  expect(status).toMatchObject({
    state: 'prequeue',
    position: null,
    aheadOfYou: null,
    etaSeconds: 30 + 10,
    prequeueSize: 200,
  });
});

test('admission records and unknown replies are read strictly', () => {
  expect(parseStanding('admitted', '7|1000|61000|42')).toEqual({
    kind: 'admitted',
    admission: { number: 7, admittedAt: 1000, expiresAt: 61000, place: 42 },
  });
  expect(parseStanding('admitted', 'garbage')).toBeUndefined();
  expect(parseStanding('elsewhere', '1')).toBeUndefined();
});
