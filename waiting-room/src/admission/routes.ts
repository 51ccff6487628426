import { z } from 'zod';
import { defineRoute } from '@ticketing/common';
import type { AdmissionIssuer } from './issuer.ts';

const jwksSchema = z.object({ keys: z.array(z.record(z.string(), z.unknown())) });

export function admissionRoutes(issuer: AdmissionIssuer) {
  return [
    defineRoute({
      method: 'get',
      path: '/.well-known/jwks.json',
      access: 'public',
      output: { 200: jwksSchema },
      async handler() {
        // Short enough that a key added for rotation reaches verifiers long
        // before it starts signing.
        return { status: 200, body: issuer.jwks, headers: { 'Cache-Control': 'public, max-age=300' } };
      },
    }),
  ];
}
