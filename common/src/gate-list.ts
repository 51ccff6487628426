import { sign, verify } from 'node:crypto';
import { gateListPayload, type GateListPayload, type SignedGateList } from './contracts/gate.ts';
import type { TicketSigningKey, TicketVerificationKey } from './ticket-code.ts';

/**
 * Signs and verifies gate lists with the ticket keys. The same Ed25519 key
 * that signs QR codes signs the list, so a device trusts one key set
 * (`GET /gate/keys`) for both; the signed bytes start with their own format
 * label, so no list signature can ever pass as a ticket code's, or the
 * reverse. A browser verifies the same bytes with WebCrypto's Ed25519.
 */

const formatLabel = 'gate-list:v1:';

/** The bytes a gate list's signature covers. */
export function gateListSignedBytes(keyId: string, payload: string): Buffer {
  return Buffer.concat([Buffer.from(`${formatLabel}${keyId}:`, 'ascii'), Buffer.from(payload, 'utf8')]);
}

export function signGateList(payload: GateListPayload, key: TicketSigningKey): SignedGateList {
  const text = JSON.stringify(payload);
  const signature = sign(null, gateListSignedBytes(key.keyId, text), key.privateKey);
  return { keyId: key.keyId, algorithm: 'Ed25519', signature: signature.toString('base64url'), payload: text };
}

export type GateListVerification =
  { ok: true; payload: GateListPayload } | { ok: false; reason: 'unknown_key' | 'bad_signature' | 'malformed' };

export function verifyGateList(document: SignedGateList, keys: readonly TicketVerificationKey[]): GateListVerification {
  const key = keys.find((k) => k.keyId === document.keyId);
  if (!key) return { ok: false, reason: 'unknown_key' };
  const signature = Buffer.from(document.signature, 'base64url');
  if (!verify(null, gateListSignedBytes(document.keyId, document.payload), key.publicKey, signature)) {
    return { ok: false, reason: 'bad_signature' };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(document.payload);
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const payload = gateListPayload.safeParse(parsed);
  return payload.success ? { ok: true, payload: payload.data } : { ok: false, reason: 'malformed' };
}
