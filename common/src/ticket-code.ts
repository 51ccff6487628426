import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';

/**
 * The ticket's QR payload: a compact token signed with Ed25519 over the
 * ticket id, the event id and the ticket version, so a gate (or anyone with
 * the public key) can check it offline. Reissuing a ticket bumps its
 * version, which makes every earlier code stale.
 *
 *   <keyId>.<base64url(ticket uuid 16 B | event uuid 16 B | version uint32 BE)>.<base64url(signature 64 B)>
 *
 * About 150 characters, which fits a QR code scanners read at a glance. The
 * signature covers a format label, the key id and the payload, so a code
 * cannot be re-labelled with another key id or mistaken for another format.
 */

export interface TicketClaims {
  ticketId: string;
  eventId: string;
  version: number;
}

export interface TicketSigningKey {
  keyId: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export interface TicketVerificationKey {
  keyId: string;
  publicKey: KeyObject;
}

export type TicketCodeResult =
  | { ok: true; claims: TicketClaims; keyId: string }
  | { ok: false; reason: 'malformed' | 'unknown_key' | 'bad_signature' };

const formatLabel = 'ticket-code:v1:';
const payloadBytes = 36;
const signatureBytes = 64;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const base64url = /^[A-Za-z0-9_-]+$/;

/** A short, stable id for a public key: the first 8 bytes of SHA-256 over its raw bytes. */
export function ticketKeyId(publicKey: KeyObject): string {
  const jwk = publicKey.export({ format: 'jwk' });
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') {
    throw new Error('ticket codes are signed with Ed25519 keys only');
  }
  return createHash('sha256').update(Buffer.from(jwk.x, 'base64url')).digest().subarray(0, 8).toString('base64url');
}

/**
 * Reads a signing key from configuration: a PKCS#8 PEM (literal `\n`
 * escapes allowed, as environment variables often carry them) or a private
 * JWK (`{"kty":"OKP","crv":"Ed25519","d":...,"x":...}`), whose `kid`, if
 * present, names the key instead of the derived id.
 */
export function loadTicketSigningKey(material: string): TicketSigningKey {
  const text = material.trim();
  let privateKey: KeyObject;
  let keyId: string | undefined;
  if (text.startsWith('{')) {
    const jwk = JSON.parse(text) as JsonWebKey & { kid?: unknown };
    privateKey = createPrivateKey({ key: jwk, format: 'jwk' });
    keyId = typeof jwk.kid === 'string' && jwk.kid !== '' ? jwk.kid : undefined;
  } else {
    privateKey = createPrivateKey(text.replaceAll('\\n', '\n'));
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('the ticket signing key must be an Ed25519 key');
  const publicKey = createPublicKey(privateKey);
  keyId ??= ticketKeyId(publicKey);
  if (!base64url.test(keyId)) throw new Error('a ticket key id may use only base64url characters');
  return { keyId, privateKey, publicKey };
}

/** A fresh key, for tests and for generating a production key. */
export function generateTicketSigningKey(): TicketSigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { keyId: ticketKeyId(publicKey), privateKey, publicKey };
}

/** The public half as a JWK (with `kid`), for gate devices and other verifiers. */
export function ticketPublicJwk(key: TicketVerificationKey): JsonWebKey & { kid: string; alg: string; use: string } {
  return { ...key.publicKey.export({ format: 'jwk' }), kid: key.keyId, alg: 'EdDSA', use: 'sig' };
}

/** Imports public JWKs (as `ticketPublicJwk` writes them) into verification keys. */
export function importTicketPublicKeys(jwks: ReadonlyArray<JsonWebKey & { kid?: unknown }>): TicketVerificationKey[] {
  return jwks.map((jwk) => {
    const publicKey = createPublicKey({ key: jwk, format: 'jwk' });
    return { keyId: typeof jwk.kid === 'string' ? jwk.kid : ticketKeyId(publicKey), publicKey };
  });
}

export function encodeTicketCode(claims: TicketClaims, key: TicketSigningKey): string {
  if (!Number.isInteger(claims.version) || claims.version < 1 || claims.version > 0xffffffff) {
    throw new Error(`ticket version out of range: ${claims.version}`);
  }
  const payload = Buffer.alloc(payloadBytes);
  uuidBytes(claims.ticketId).copy(payload, 0);
  uuidBytes(claims.eventId).copy(payload, 16);
  payload.writeUInt32BE(claims.version, 32);
  const signature = sign(null, signedBytes(key.keyId, payload), key.privateKey);
  return `${key.keyId}.${payload.toString('base64url')}.${signature.toString('base64url')}`;
}

/**
 * Checks a scanned code: its shape, its key and its signature. It says
 * nothing about whether the ticket is still valid or the version current:
 * the verifier compares `claims.version` with what it knows of the ticket.
 */
export function verifyTicketCode(code: string, keys: readonly TicketVerificationKey[]): TicketCodeResult {
  const parts = code.trim().split('.');
  if (parts.length !== 3 || !parts.every((p) => p.length > 0 && base64url.test(p))) {
    return { ok: false, reason: 'malformed' };
  }
  const [keyId, payloadText, signatureText] = parts as [string, string, string];
  const payload = Buffer.from(payloadText, 'base64url');
  const signature = Buffer.from(signatureText, 'base64url');
  if (payload.length !== payloadBytes || signature.length !== signatureBytes) return { ok: false, reason: 'malformed' };
  const key = keys.find((k) => k.keyId === keyId);
  if (!key) return { ok: false, reason: 'unknown_key' };
  if (!verify(null, signedBytes(keyId, payload), key.publicKey, signature)) {
    return { ok: false, reason: 'bad_signature' };
  }
  return {
    ok: true,
    keyId,
    claims: {
      ticketId: uuidText(payload.subarray(0, 16)),
      eventId: uuidText(payload.subarray(16, 32)),
      version: payload.readUInt32BE(32),
    },
  };
}

function signedBytes(keyId: string, payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${formatLabel}${keyId}:`, 'ascii'), payload]);
}

function uuidBytes(uuid: string): Buffer {
  if (!uuidPattern.test(uuid)) throw new Error(`not a uuid: ${uuid}`);
  return Buffer.from(uuid.replaceAll('-', ''), 'hex');
}

function uuidText(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
