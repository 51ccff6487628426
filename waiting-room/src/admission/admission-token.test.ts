import { randomUUID } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, type JWK } from 'jose';
import {
  createAdmissionVerifier,
  generateAdmissionKey,
  signAdmissionToken,
  type AdmissionKeyPair,
} from '@ticketing/common';
import { DomainError } from '@ticketing/common';
import { createHarness, eventually, type Harness } from '../testing/harness.ts';
import { insertDrop, type DropFixture } from '../testing/drops.ts';
import { fanClient } from '../testing/fan-client.ts';
import type { RunningWaitingRoom } from '../composition.ts';

const windowSeconds = 3;
let h: Harness;
let k1: AdmissionKeyPair;
let k2: AdmissionKeyPair;
let drop: DropFixture;
let otherDrop: DropFixture;

const keysEnv = (keys: AdmissionKeyPair[], signingKid?: string) => ({
  ADMISSION_SIGNING_KEYS: JSON.stringify({ keys: keys.map((k) => k.privateJwk) }),
  ADMISSION_WINDOW_SECONDS: String(windowSeconds),
  ...(signingKid ? { ADMISSION_SIGNING_KID: signingKid } : {}),
});

beforeAll(async () => {
  h = await createHarness('wr-admission');
  k1 = await generateAdmissionKey('k1');
  k2 = await generateAdmissionKey('k2');
  drop = await insertDrop(h.database.pool, { perUserLimit: 6 });
  otherDrop = await insertDrop(h.database.pool);
});
afterAll(() => h.close());

/** Joins a fan through `room` and returns their admission token once they are let in. */
async function admit(room: RunningWaitingRoom, dropId: string, userId = randomUUID()) {
  const client = fanClient(room.url, dropId, await h.identity.token(userId));
  await client.join();
  const token = await eventually(async () => {
    const body = (await (await client.me()).json()) as { state: string; admissionToken?: string };
    return body.state === 'admitted' ? body.admissionToken : undefined;
  });
  return { userId, token: token };
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return `${error.kind}:${error.code}`;
    throw error;
  }
  throw new Error('the token was accepted');
}

const jwksOf = async (room: RunningWaitingRoom) => {
  const response = await fetch(`${room.url}/.well-known/jwks.json`);
  expect(response.status).toBe(200);
  return (await response.json()) as { keys: JWK[] };
};

test('booking accepts a token for its fan and drop, and refuses another drop, another fan, an unknown key, an expired one', async () => {
  const room = await h.start(keysEnv([k1]));
  const { userId, token } = await admit(room, drop.id);
  expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'EdDSA', kid: 'k1' });
  const booking = createAdmissionVerifier(
    { jwksUri: `${room.url}/.well-known/jwks.json` },
    { clockToleranceSeconds: 0 },
  );
  const expected = { userId, dropId: drop.id, eventId: drop.eventId };

  const claims = await booking.verify(token, expected);
  expect(claims).toMatchObject({ sub: userId, drop: drop.id, event: drop.eventId, maxSeats: 6 });
  expect(claims.jti).toMatch(new RegExp(`^${drop.id}\\.\\d+$`));
  expect(claims.exp - claims.iat).toBe(windowSeconds);

  expect(await refusal(booking.verify(token, { ...expected, dropId: otherDrop.id, eventId: otherDrop.eventId }))).toBe(
    'forbidden:admission_wrong_drop',
  );
  expect(await refusal(booking.verify(token, { ...expected, userId: randomUUID() }))).toBe(
    'forbidden:admission_wrong_user',
  );
  const stranger = await generateAdmissionKey('k1-lookalike');
  const forged = await signAdmissionToken(
    { sub: userId, drop: drop.id, event: drop.eventId, maxSeats: 6, exp: Math.floor(Date.now() / 1000) + 60 },
    stranger,
  );
  expect(await refusal(booking.verify(forged, expected))).toBe('forbidden:admission_unknown_key');
  // Signed with the published key id but not by its key.
  const impostor = await signAdmissionToken(
    { sub: userId, drop: drop.id, event: drop.eventId, maxSeats: 6, exp: Math.floor(Date.now() / 1000) + 60 },
    { kid: 'k1', privateKey: stranger.privateKey },
  );
  expect(await refusal(booking.verify(impostor, expected))).toBe('forbidden:admission_invalid');

  await new Promise((resolve) => setTimeout(resolve, (windowSeconds + 1) * 1000));
  expect(await refusal(booking.verify(token, expected))).toBe('forbidden:admission_expired');
  await room.close();
}, 30_000);

test('rotating keys: old tokens stay valid while their key is published, new ones use the new key', async () => {
  // Step 1: every instance publishes both keys, still signing with the old one.
  const before = await h.start(keysEnv([k2, k1], 'k1'));
  const old = await admit(before, drop.id);
  expect(decodeProtectedHeader(old.token).kid).toBe('k1');
  const published = await jwksOf(before);
  expect(published.keys.map((k) => k.kid)).toEqual(['k2', 'k1']);
  for (const key of published.keys) expect(key).not.toHaveProperty('d');

  // Step 2: the new key signs; the old key is still published.
  await before.close();
  const after = await h.start(keysEnv([k2, k1]));
  const fresh = await admit(after, otherDrop.id);
  expect(decodeProtectedHeader(fresh.token).kid).toBe('k2');
  const booking = createAdmissionVerifier(
    { jwksUri: `${after.url}/.well-known/jwks.json` },
    { clockToleranceSeconds: 0 },
  );
  await expect(
    booking.verify(old.token, { userId: old.userId, dropId: drop.id, eventId: drop.eventId }),
  ).resolves.toMatchObject({
    sub: old.userId,
  });
  await expect(
    booking.verify(fresh.token, { userId: fresh.userId, dropId: otherDrop.id, eventId: otherDrop.eventId }),
  ).resolves.toMatchObject({ sub: fresh.userId });
  expect(decodeJwt(old.token).exp! * 1000).toBeGreaterThan(Date.now());

  // Step 3, after the old tokens have expired: the old key is withdrawn.
  await after.close();
  const done = await h.start(keysEnv([k2]));
  expect((await jwksOf(done)).keys.map((k) => k.kid)).toEqual(['k2']);
  const later = createAdmissionVerifier({ jwksUri: `${done.url}/.well-known/jwks.json` }, { clockToleranceSeconds: 0 });
  expect(
    await refusal(later.verify(old.token, { userId: old.userId, dropId: drop.id, eventId: drop.eventId })),
  ).toMatch(/^forbidden:admission_(unknown_key|expired)$/);
}, 30_000);

test('the key configuration is checked at start', async () => {
  await expect(h.start({ ADMISSION_SIGNING_KEYS: '{"keys":[]}' })).rejects.toThrow(/private JWKS/);
  await expect(h.start({ ADMISSION_SIGNING_KEYS: JSON.stringify({ keys: [k1.publicJwk] }) })).rejects.toThrow(
    /private JWKS/,
  );
  await expect(h.start(keysEnv([k1], 'nope'))).rejects.toThrow(/no admission key has kid nope/);
});
