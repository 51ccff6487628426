import { SignJWT } from 'jose';
import { cachedAuthenticator } from './cached-authenticator.ts';
import type { Authenticator, Principal } from './principal.ts';

const secret = new TextEncoder().encode('only-the-shape-of-the-token-matters-here');
const tokenExpiringIn = (seconds: number) =>
  new SignJWT({ sub: 'fan-1' })
    .setProtectedHeader({ alg: 'HS256' })
    .setExpirationTime(Math.floor(Date.now() / 1000) + seconds)
    .sign(secret);

/** Counts verifications; refuses the tokens it is told to. */
function countingVerifier(refused: Set<string>): Authenticator & { calls: number } {
  const principal: Principal = {
    id: 'fan-1',
    roles: ['fan'],
    username: 'fan',
    email: undefined,
    name: undefined,
    clientId: undefined,
  };
  return {
    calls: 0,
    async verify(token) {
      this.calls += 1;
      if (refused.has(token)) throw new Error('refused');
      return principal;
    },
  };
}

test('a verified token is verified once until it expires; a refused one every time', async () => {
  const refused = new Set<string>();
  const inner = countingVerifier(refused);
  const cached = cachedAuthenticator(inner);
  const good = await tokenExpiringIn(300);
  await cached.verify(good);
  await cached.verify(good);
  expect(inner.calls).toBe(1);

  const bad = await tokenExpiringIn(301);
  refused.add(bad);
  await expect(cached.verify(bad)).rejects.toThrow('refused');
  await expect(cached.verify(bad)).rejects.toThrow('refused');
  expect(inner.calls).toBe(3);
});

test('a token already past its expiry is never remembered', async () => {
  const inner = countingVerifier(new Set());
  const cached = cachedAuthenticator(inner);
  const stale = await tokenExpiringIn(-10);
  await cached.verify(stale);
  await cached.verify(stale);
  expect(inner.calls).toBe(2);
});
