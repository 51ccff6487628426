import { z } from 'zod';
import { baseConfig, devSecret, flag, port, url, instanceScoped } from '@ticketing/common';
import { defaultRealmFile } from './realm.ts';
import { parsePrivateJwks } from './signing-keys.ts';

export const identityConfig = {
  ...baseConfig,
  // port the development identity provider listens on
  IDENTITY_PORT: port(4005),
  // interface to listen on
  IDENTITY_HOST: z.string().min(1).default('0.0.0.0'),
  // public base URL; the issuer is <IDENTITY_BASE_URL>/realms/<realm>
  IDENTITY_BASE_URL: instanceScoped(url('http://localhost:4005')),
  // Keycloak realm export the clients, roles and users come from
  IDENTITY_REALM_FILE: z.string().min(1).default(defaultRealmFile),
  // private JWKS (JSON) to sign with, first key signs; empty: a fresh RS256 key each start
  IDENTITY_SIGNING_KEYS: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return undefined;
      try {
        return parsePrivateJwks(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
        return z.NEVER;
      }
    }),
  // comma-separated keys signing the session cookies (first signs, all verify)
  IDENTITY_COOKIE_KEYS: devSecret('identity-dev-cookie-key'),
  // accept the password grant for generated users loadtest-00001 … loadtest-<count>
  IDENTITY_LOADTEST_USERS: flag(true),
  // the one password every load-test user has
  IDENTITY_LOADTEST_PASSWORD: devSecret('loadtest'),
  // how many load-test users exist
  IDENTITY_LOADTEST_COUNT: z.coerce.number().int().min(0).max(10_000_000).default(100_000),
  // trust X-Forwarded-* headers (when behind a proxy)
  IDENTITY_TRUST_PROXY: flag(false),
};

export type IdentityConfig = z.infer<z.ZodObject<typeof identityConfig>>;
