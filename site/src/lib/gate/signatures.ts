import {
  gateListPayload,
  type CodeClaims,
  type GateListPayload,
  type SignedGateList,
} from '@ticketing/common/contracts/gate';
import { base64urlBytes, gateListSignedBytes, parseTicketCode } from '@ticketing/common/contracts/signed-bytes';

/**
 * The scanner's own checks with WebCrypto's Ed25519 against the platform's
 * public ticket keys (`/gate/keys`): a QR code's signature, and a gate
 * list's before any of it is believed.
 */
export type PublicJwk = JsonWebKey & { kid?: string };
export type KeyRing = Map<string, CryptoKey>;

export async function importKeys(jwks: PublicJwk[]): Promise<KeyRing> {
  const ring: KeyRing = new Map();
  for (const jwk of jwks) {
    if (typeof jwk.kid !== 'string' || jwk.crv !== 'Ed25519') continue;
    const { kid, ...material } = jwk;
    ring.set(kid, await crypto.subtle.importKey('jwk', material, { name: 'Ed25519' }, false, ['verify']));
  }
  return ring;
}

async function verifies(ring: KeyRing, keyId: string, signature: Uint8Array, signed: Uint8Array): Promise<boolean> {
  const key = ring.get(keyId);
  if (!key) return false;
  try {
    return await crypto.subtle.verify({ name: 'Ed25519' }, key, signature as BufferSource, signed as BufferSource);
  } catch {
    return false;
  }
}

/** What a code claims, if its signature holds; null for anything else. */
export async function verifiedClaims(code: string, ring: KeyRing): Promise<CodeClaims | null> {
  const parsed = parseTicketCode(code);
  if (!parsed) return null;
  return (await verifies(ring, parsed.keyId, parsed.signature, parsed.signed)) ? parsed.claims : null;
}

/** The list's payload, if its signature holds over the text as received; undefined otherwise. */
export async function verifiedList(document: SignedGateList, ring: KeyRing): Promise<GateListPayload | undefined> {
  const signature = base64urlBytes(document.signature);
  if (!signature) return undefined;
  if (!(await verifies(ring, document.keyId, signature, gateListSignedBytes(document.keyId, document.payload)))) {
    return undefined;
  }
  try {
    const parsed = gateListPayload.safeParse(JSON.parse(document.payload));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
