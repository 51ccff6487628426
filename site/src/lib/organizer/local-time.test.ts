import { isoToLocalInput, localInputToIso } from './local-time.ts';

describe('venue wall-clock times', () => {
  it('reads a local time in the venue’s zone, across daylight saving', () => {
    expect(localInputToIso('2030-07-01T20:00', 'Europe/Amsterdam')).toBe('2030-07-01T18:00:00.000Z');
    expect(localInputToIso('2030-01-01T20:00', 'Europe/Amsterdam')).toBe('2030-01-01T19:00:00.000Z');
    expect(localInputToIso('2030-01-01T20:00', 'UTC')).toBe('2030-01-01T20:00:00.000Z');
  });
  it('refuses what is not a local time', () => {
    expect(localInputToIso('tomorrow', 'UTC')).toBeUndefined();
  });
  it('writes an instant back as the venue’s wall clock', () => {
    expect(isoToLocalInput('2030-07-01T18:00:00.000Z', 'Europe/Amsterdam')).toBe('2030-07-01T20:00');
  });
});
