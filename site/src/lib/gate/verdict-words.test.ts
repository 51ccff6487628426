import { verdictWords } from './verdict-words.ts';

const at = '2026-12-07T21:03:00.000Z';
const verdict = (result: 'valid' | 'already_used' | 'revoked' | 'reissued' | 'wrong_event' | 'invalid') => ({
  result,
  mode: 'online' as const,
  at,
});

test('already used names the gate and the time in the venue zone', () => {
  const words = verdictWords(
    { ...verdict('already_used'), firstUsedAt: at, firstGateId: 'north-1' },
    'Europe/Amsterdam',
  );
  expect(words).toEqual({
    ok: false,
    headline: 'Already used',
    reason: 'Already used at gate north-1 at Mon, 7 Dec 2026, 22:03 CET.',
  });
});

test('only a valid ticket is green, and every answer has words', () => {
  for (const result of ['valid', 'already_used', 'revoked', 'reissued', 'wrong_event', 'invalid'] as const) {
    const words = verdictWords(verdict(result), 'UTC');
    expect(words.ok).toBe(result === 'valid');
    expect(words.headline.length).toBeGreaterThan(3);
    expect(words.reason).toMatch(/\.$/);
  }
});
