import { z } from 'zod';
import { gateListCursor } from '@ticketing/common/contracts/gate';

/* The HTTP side of the gate routes; scans, lists and uploads are common's contracts (contracts/gate.ts). */

export const eventParams = z.object({ eventId: z.uuid().transform((value) => value.toLowerCase()) });

/** Without `since`, the full list; with it, the tickets changed at or after that cursor. */
export const listQuery = z.object({ since: gateListCursor.optional() });

/** The ticket keys' public halves, as JWKs with their key ids: what a device checks codes and lists with. */
export const gateKeys = z.object({
  keys: z.array(
    z.object({
      kty: z.literal('OKP'),
      crv: z.literal('Ed25519'),
      x: z.string(),
      kid: z.string(),
      alg: z.literal('EdDSA'),
      use: z.literal('sig'),
    }),
  ),
});
