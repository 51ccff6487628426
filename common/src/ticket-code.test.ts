import { randomUUID } from 'node:crypto';
import {
  encodeTicketCode,
  generateTicketSigningKey,
  importTicketPublicKeys,
  loadTicketSigningKey,
  ticketPublicJwk,
  verifyTicketCode,
} from './ticket-code.ts';

const key = generateTicketSigningKey();
const publicKeys = importTicketPublicKeys([ticketPublicJwk(key)]);
const claims = { ticketId: randomUUID(), eventId: randomUUID(), version: 3 };

describe('ticket codes', () => {
  test('round-trip through the public key alone, and stay compact', () => {
    const code = encodeTicketCode(claims, key);
    expect(code.length).toBeLessThan(160);
    expect(code.startsWith(`${key.keyId}.`)).toBe(true);
    expect(verifyTicketCode(code, publicKeys)).toEqual({ ok: true, keyId: key.keyId, claims });
  });

  test('a changed version, ticket or key id does not verify', () => {
    const code = encodeTicketCode(claims, key);
    const [kid, payload, signature] = code.split('.') as [string, string, string];
    const bytes = Buffer.from(payload, 'base64url');
    bytes.writeUInt32BE(4, 32);
    const bumped = `${kid}.${bytes.toString('base64url')}.${signature}`;
    expect(verifyTicketCode(bumped, publicKeys)).toEqual({ ok: false, reason: 'bad_signature' });

    const other = generateTicketSigningKey();
    const relabelled = `${other.keyId}.${payload}.${signature}`;
    const bothKeys = [...publicKeys, { keyId: other.keyId, publicKey: other.publicKey }];
    expect(verifyTicketCode(relabelled, bothKeys)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  test('an unknown key and garbage are told apart', () => {
    const other = generateTicketSigningKey();
    expect(verifyTicketCode(encodeTicketCode(claims, other), publicKeys)).toEqual({ ok: false, reason: 'unknown_key' });
    for (const garbage of ['', 'abc', 'a.b.c', `${key.keyId}.!!.??`, 'x'.repeat(400)]) {
      expect(verifyTicketCode(garbage, publicKeys)).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  test('keys load from PEM (with escaped newlines) and from a JWK with its own kid', () => {
    const pem = key.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const fromPem = loadTicketSigningKey(pem.replaceAll('\n', '\\n'));
    expect(fromPem.keyId).toBe(key.keyId);
    const code = encodeTicketCode(claims, fromPem);
    expect(verifyTicketCode(code, publicKeys).ok).toBe(true);

    const jwk = { ...key.privateKey.export({ format: 'jwk' }), kid: 'k2026' };
    const fromJwk = loadTicketSigningKey(JSON.stringify(jwk));
    expect(fromJwk.keyId).toBe('k2026');
    const verified = verifyTicketCode(encodeTicketCode(claims, fromJwk), [
      { keyId: 'k2026', publicKey: key.publicKey },
    ]);
    expect(verified).toEqual({ ok: true, keyId: 'k2026', claims });
  });

  test('refuses keys that are not Ed25519', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(() => loadTicketSigningKey(privateKey.export({ format: 'pem', type: 'pkcs8' }).toString())).toThrow(
      /Ed25519/,
    );
  });
});
