import { dropConsequences, dropSettingsFrom } from './drop-settings.ts';

describe('drop settings', () => {
  it('reads the form, times in the venue’s zone', () => {
    const form = new FormData();
    form.set('name', 'Main');
    form.set('size', '200');
    form.set('opensAt', '2030-07-01T20:00');
    form.set('prequeueOpensAt', '');
    expect(dropSettingsFrom(form, 'Europe/Amsterdam')).toEqual({
      kind: 'ok',
      body: { name: 'Main', size: 200, opensAt: '2030-07-01T18:00:00.000Z', prequeueOpensAt: null },
    });
  });
  it('says how long the line takes and compares max active with the seats', () => {
    const lines = dropConsequences({
      size: 1000,
      releaseRatePerMinute: 300,
      maxActive: 100,
      holdSeconds: 600,
      perUserLimit: 4,
      seats: 200,
    });
    expect(lines[0]).toBe('At 300 a minute, a line of 1000 fans clears in about 4 minutes.');
    expect(lines[1]).toContain('more than the 200 on sale');
  });
});
