import { createHash } from 'node:crypto';
import { EncryptJWT, decodeProtectedHeader, jwtDecrypt, type JWTPayload } from 'jose';

/**
 * Sealed cookies: a compact JWE (`dir`, A256GCM) whose key is derived from a
 * configured secret. Nothing is kept on the server, so any number of site
 * copies read the same cookie. Several secrets allow rotation: the first
 * seals, every one opens (chosen by `kid`).
 */
interface SealKey {
  kid: string;
  key: Uint8Array;
}

function keyOf(secret: string): SealKey {
  const key = createHash('sha256').update(`ticketing-site-seal:${secret.trim()}`).digest();
  return { kid: createHash('sha256').update(key).digest('base64url').slice(0, 8), key: new Uint8Array(key) };
}

export interface Sealer {
  seal(payload: JWTPayload, ttlSeconds: number): Promise<string>;
  /** The payload, or undefined for anything forged, expired, sealed with an unknown key or malformed. */
  open(sealed: string): Promise<JWTPayload | undefined>;
}

export function createSealer(secrets: string): Sealer {
  const keys = secrets
    .split(',')
    .filter((s) => s.trim() !== '')
    .map(keyOf);
  const current = keys[0];
  if (!current) throw new Error('no session secret configured');
  return {
    seal(payload, ttlSeconds) {
      return new EncryptJWT(payload)
        .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', kid: current.kid })
        .setIssuedAt()
        .setExpirationTime(`${Math.max(1, Math.round(ttlSeconds))}s`)
        .encrypt(current.key);
    },
    async open(sealed) {
      try {
        const { kid } = decodeProtectedHeader(sealed);
        const match = keys.find((k) => k.kid === kid);
        if (!match) return undefined;
        const { payload } = await jwtDecrypt(sealed, match.key, {
          keyManagementAlgorithms: ['dir'],
          contentEncryptionAlgorithms: ['A256GCM'],
        });
        return payload;
      } catch {
        return undefined;
      }
    },
  };
}
