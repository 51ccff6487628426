import { z } from 'zod';
import {
  loadTestEmail,
  loadTestUserId,
  loadTestUsername,
  parseLoadTestUserId,
  parseLoadTestUsername,
} from './load-test-users.ts';

describe('load-test users', () => {
  it('are named with five digits or more', () => {
    expect(loadTestUsername(1)).toBe('loadtest-00001');
    expect(loadTestUsername(100000)).toBe('loadtest-100000');
    expect(loadTestEmail(7)).toBe('loadtest-00007@loadtest.test');
  });

  it('have ids that are valid UUIDs, distinct and stable', () => {
    const ids = [1, 2, 99999, 100000].map(loadTestUserId);
    for (const id of ids) expect(z.uuid().safeParse(id).success).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(loadTestUserId(42)).toBe(loadTestUserId(42));
  });

  it('round-trip between number, name and id', () => {
    for (const n of [1, 42, 100000, 2 ** 40]) {
      expect(parseLoadTestUsername(loadTestUsername(n))).toBe(n);
      expect(parseLoadTestUserId(loadTestUserId(n))).toBe(n);
    }
  });

  it('accept only the canonical spelling of a name', () => {
    expect(parseLoadTestUsername('loadtest-1')).toBeUndefined();
    expect(parseLoadTestUsername('loadtest-000001')).toBeUndefined();
    expect(parseLoadTestUsername('loadtest-00000')).toBeUndefined();
    expect(parseLoadTestUsername('fan')).toBeUndefined();
    expect(parseLoadTestUserId('8d3f1c52-6a0e-4b7c-9f21-3e5a7c9b1d01')).toBeUndefined();
  });

  it('refuse numbers outside the id space', () => {
    expect(() => loadTestUserId(0)).toThrow(RangeError);
    expect(() => loadTestUsername(1.5)).toThrow(RangeError);
  });
});
