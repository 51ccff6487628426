import { randomUUID } from 'node:crypto';
import { signGateList } from '../gate-list.ts';
import { encodeTicketCode, generateTicketSigningKey, ticketPublicJwk } from '../ticket-code.ts';
import { base64urlBytes, gateListSignedBytes, parseTicketCode } from './signed-bytes.ts';

/* The browser's reading of codes and gate lists, checked with WebCrypto against what node signs. */

const key = generateTicketSigningKey();

async function webVerify(signed: Uint8Array, signature: Uint8Array): Promise<boolean> {
  const publicKey = await crypto.subtle.importKey('jwk', ticketPublicJwk(key), { name: 'Ed25519' }, false, ['verify']);
  return crypto.subtle.verify({ name: 'Ed25519' }, publicKey, signature, signed);
}

test('a ticket code parses to its claims and verifies with WebCrypto; a changed byte does not', async () => {
  const claims = { ticketId: randomUUID(), eventId: randomUUID(), version: 70_000 };
  const code = encodeTicketCode(claims, key);
  const parsed = parseTicketCode(code)!;
  expect(parsed.keyId).toBe(key.keyId);
  expect(parsed.claims).toEqual(claims);
  expect(await webVerify(parsed.signed, parsed.signature)).toBe(true);
  const tampered = parsed.signed.slice();
  tampered[tampered.length - 1] = (tampered.at(-1) ?? 0) ^ 1;
  expect(await webVerify(tampered, parsed.signature)).toBe(false);
});

test('codes of the wrong shape are not parsed', () => {
  for (const code of ['', 'a.b', 'a.b.c', 'x.!!!.y', `${key.keyId}.AAAA.AAAA`])
    expect(parseTicketCode(code)).toBeUndefined();
});

test('a gate list signature verifies over the payload text as received', async () => {
  const document = signGateList(
    {
      format: 'gate-list.v1',
      eventId: randomUUID(),
      generatedAt: new Date().toISOString(),
      since: null,
      cursor: '12',
      tickets: [],
    },
    key,
  );
  const signed = gateListSignedBytes(document.keyId, document.payload);
  expect(await webVerify(signed, base64urlBytes(document.signature)!)).toBe(true);
  expect(
    await webVerify(gateListSignedBytes(document.keyId, `${document.payload} `), base64urlBytes(document.signature)!),
  ).toBe(false);
});
