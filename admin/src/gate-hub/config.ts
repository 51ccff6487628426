import { z } from 'zod';
import { baseConfig, devSecret, instanceScoped, loadConfig, parseConfig, port, url } from '@ticketing/common';

const positiveInt = (fallback: number, max: number) => z.coerce.number().int().min(1).max(max).default(fallback);

/** The gate hub's variables (docs/gate-hub.md); see common/src/config.ts for how they are read. */
export const gateHubConfigShape = {
  ...baseConfig,
  // the event this hub admits to: one hub, one event
  GATE_HUB_EVENT_ID: z.uuid().transform((value) => value.toLowerCase()),
  // HTTP port devices on the venue's network reach the hub on
  GATE_HUB_PORT: port(4014),
  // interface to listen on: every one, so phones on the LAN find it
  GATE_HUB_HOST: z.string().min(1).default('0.0.0.0'),
  // the SQLite file the hub keeps its list, admissions and pending scans in (survives a restart)
  GATE_HUB_STORE: z.string().min(1).default('gate-hub.sqlite'),
  // the key devices present (Authorization: Bearer <key>); the steward shows it to each device once
  GATE_HUB_DEVICE_KEY: devSecret('gate-hub-development-key'),
  // browser origins allowed to call the hub (the scanner page's), comma-separated
  GATE_HUB_CORS_ORIGINS: z
    .string()
    .default('http://localhost:4321')
    .transform((value) =>
      value
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
    ),
  // the platform's back-office API (the admin service)
  GATE_HUB_PLATFORM_URL: instanceScoped(url('http://localhost:4004')),
  // longest wait for the platform before a scan is decided here
  GATE_HUB_PLATFORM_TIMEOUT_MS: positiveInt(1_500, 60_000),
  // how often the hub uploads its scans and fetches the list's changes
  GATE_HUB_SYNC_MS: positiveInt(2_000, 600_000),
  // how often it fetches the whole list again (the delta it serves grows until then)
  GATE_HUB_FULL_SYNC_MS: positiveInt(300_000, 86_400_000),
  // a fixed access token (role gate) for the platform; else the password grant below
  GATE_HUB_TOKEN: z.string().min(1).optional(),
  // the identity provider's realm, for the password grant
  OIDC_ISSUER: instanceScoped(url('http://localhost:4005/realms/ticketing')),
  // a client allowed the password grant (direct access grants), its secret if confidential
  GATE_HUB_CLIENT_ID: z.string().min(1).default('services'),
  GATE_HUB_CLIENT_SECRET: devSecret('services-dev-secret'),
  // the gate account the hub signs in as
  GATE_HUB_USERNAME: z.string().min(1).default('gate'),
  GATE_HUB_PASSWORD: devSecret('gate'),
};

export type GateHubConfig = z.infer<z.ZodObject<typeof gateHubConfigShape>>;

/** For the entry point: exits with a clear message on a bad value. */
export function loadGateHubConfig(env: Record<string, string | undefined> = process.env): GateHubConfig {
  return loadConfig('gate-hub', gateHubConfigShape, env);
}

/** For tests: throws ConfigError instead of exiting. */
export function parseGateHubConfig(env: Record<string, string | undefined> = {}): GateHubConfig {
  return parseConfig(gateHubConfigShape, env);
}
