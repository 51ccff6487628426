import { formatDateTime, formatDuration, formatEstimate, formatShortDateTime } from './format.ts';

describe('dates in the venue time zone', () => {
  const start = '2027-03-14T19:30:00.000Z';

  it('writes the same local time, with the zone, in the long and the short form', () => {
    expect(formatDateTime(start, 'Europe/Paris')).toBe('Sunday, 14 March 2027 at 20:30 CET');
    expect(formatShortDateTime(start, 'Europe/Paris')).toBe('Sun, 14 Mar 2027, 20:30 CET');
    expect(formatShortDateTime(start, 'America/New_York')).toBe('Sun, 14 Mar 2027, 15:30 GMT-4');
  });

  it('follows summer time by the date, not by today', () => {
    expect(formatShortDateTime('2027-07-14T18:30:00.000Z', 'Europe/Paris')).toBe('Wed, 14 Jul 2027, 20:30 CEST');
  });

  it('falls back to UTC, said as such, for an unknown zone, and keeps a date it cannot read', () => {
    expect(formatShortDateTime(start, 'Mars/Olympus_Mons')).toBe('Sun, 14 Mar 2027, 19:30 UTC');
    expect(formatShortDateTime('soon', 'Europe/Paris')).toBe('soon');
  });
});

describe('durations', () => {
  it('counts down to the second and estimates without flicker', () => {
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(185)).toBe('3 min 05 s');
    expect(formatDuration(7_800)).toBe('2 h 10 min');
    expect(formatEstimate(30)).toBe('less than a minute');
    expect(formatEstimate(130)).toBe('about 2 minutes');
    expect(formatEstimate(null)).toBe('unknown');
  });
});
