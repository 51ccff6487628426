import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import { z } from 'zod';

/** A private JSON Web Key Set; the first key signs, all of them are published. */
export interface PrivateJwks {
  keys: JWK[];
}

export interface PublicJwks {
  keys: JWK[];
}

const privateMembers = new Set(['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k']);

const privateJwksSchema = z.object({
  keys: z
    .array(z.object({ kty: z.string(), kid: z.string().min(1), d: z.string().min(1) }).catchall(z.unknown()))
    .min(1),
});

/** An RS256 signing key with a thumbprint `kid`, the algorithm Keycloak signs with by default. */
export async function generateSigningKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: 'RS256', use: 'sig' };
}

/** Reads IDENTITY_SIGNING_KEYS: a private JWKS as JSON, every key with a `kid`. */
export function parsePrivateJwks(json: string): PrivateJwks {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new Error('signing keys are not valid JSON');
  }
  const result = privateJwksSchema.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`signing keys must be a private JWKS whose keys have kid and d (${problems})`);
  }
  return result.data;
}

export function publicJwksOf(jwks: PrivateJwks): PublicJwks {
  return {
    keys: jwks.keys.map((key) => Object.fromEntries(Object.entries(key).filter(([k]) => !privateMembers.has(k)))),
  };
}
