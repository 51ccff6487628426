import type { JSONWebKeySet, JWK } from 'jose';
import { z } from 'zod';
import {
  admissionAlgorithm,
  importAdmissionKey,
  signAdmissionToken,
  type AdmissionGrant,
  type AdmissionSigningKey,
} from '@ticketing/common';

/**
 * The waiting room's admission keys. The configuration holds a private JWKS
 * (newest key first); one key signs (the first, or the one named by kid) and
 * every key is published, so a rotation is: add the new key and deploy,
 * wait until booking has fetched the key set, switch signing to it, and drop
 * the old key once the last token it signed has expired.
 */
export interface AdmissionIssuer {
  readonly signingKid: string;
  /** Public keys for GET /.well-known/jwks.json. */
  readonly jwks: JSONWebKeySet;
  sign(grant: AdmissionGrant): Promise<string>;
}

const privateMembers = new Set(['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k']);

const privateJwksSchema = z.object({
  keys: z
    .array(
      z
        .object({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), kid: z.string().min(1), d: z.string().min(1) })
        .catchall(z.unknown()),
    )
    .min(1),
});

/** Reads ADMISSION_SIGNING_KEYS: a private JWKS of Ed25519 keys, each with a `kid`. */
export function parseAdmissionKeys(json: string): JWK[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new Error('admission signing keys are not valid JSON');
  }
  const parsed = privateJwksSchema.safeParse(value);
  if (!parsed.success) {
    throw new Error(
      `admission signing keys must be a private JWKS of Ed25519 keys with kid and d: ${parsed.error.message}`,
    );
  }
  const kids = parsed.data.keys.map((k) => k.kid);
  if (new Set(kids).size !== kids.length) throw new Error('admission signing keys must have distinct kids');
  return parsed.data.keys;
}

export async function createAdmissionIssuer(privateJwks: JWK[], signingKid?: string): Promise<AdmissionIssuer> {
  const chosen = signingKid ? privateJwks.find((k) => k.kid === signingKid) : privateJwks[0];
  if (!chosen) throw new Error(`no admission key has kid ${signingKid ?? '(none)'}`);
  const signingKey: AdmissionSigningKey = await importAdmissionKey(chosen);
  const jwks: JSONWebKeySet = {
    keys: privateJwks.map((key) => ({
      ...Object.fromEntries(Object.entries(key).filter(([member]) => !privateMembers.has(member))),
      alg: admissionAlgorithm,
      use: 'sig',
    })),
  };
  return {
    signingKid: signingKey.kid,
    jwks,
    sign: (grant) => signAdmissionToken(grant, signingKey),
  };
}
