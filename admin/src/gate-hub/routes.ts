import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { conflict, defineRoute, unauthenticated, type Authenticator, type Principal } from '@ticketing/common';
import { scanAnswer, scanInput, signedGateList } from '@ticketing/common/contracts/gate';
import { eventParams, listQuery } from '../gate/schema.ts';
import type { GateHub } from './hub.ts';

/**
 * What devices on the venue's network call: the platform's own paths for
 * scanning, the list and the keys, so a scanner switches between the
 * platform and the hub by its base URL alone, and the hub's status.
 */
export function gateHubRoutes(hub: GateHub) {
  const noStore = { 'Cache-Control': 'no-store' };
  const access = ['gate'] as const;
  return [
    defineRoute({
      method: 'post',
      path: '/scans',
      access,
      input: { body: scanInput },
      output: { 200: scanAnswer },
      async handler({ input }) {
        return { status: 200, body: await hub.scan(input.body), headers: noStore };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/gate/events/:eventId/list',
      access,
      input: { params: eventParams, query: listQuery },
      output: { 200: signedGateList },
      async handler({ input }) {
        if (input.params.eventId !== hub.eventId) {
          throw conflict('hub_event_mismatch', 'This gate hub admits to another event', {
            details: { eventId: hub.eventId },
          });
        }
        return { status: 200, body: hub.list(input.query.since ?? null), headers: noStore };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/gate/keys',
      access,
      output: { 200: z.object({ keys: z.array(z.record(z.string(), z.unknown())) }) },
      async handler() {
        return { status: 200, body: { keys: hub.publicKeys() as Array<Record<string, unknown>> } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/hub/status',
      access,
      output: { 200: z.record(z.string(), z.unknown()) },
      async handler() {
        return { status: 200, body: { ...hub.status() }, headers: noStore };
      },
    }),
  ];
}

/**
 * Devices prove they belong to this hub with its device key, not with the
 * realm's access tokens: those expire within minutes and cannot be renewed
 * while the internet is down, which is exactly when the hub is needed.
 */
export function deviceKeyAuthenticator(deviceKey: string): Authenticator {
  const expected = Buffer.from(deviceKey);
  return {
    async verify(token: string): Promise<Principal> {
      const given = Buffer.from(token);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw unauthenticated('device_key_invalid', 'This device does not have the gate hub’s key');
      }
      return {
        id: 'gate-device',
        roles: ['gate'],
        username: undefined,
        email: undefined,
        name: undefined,
        clientId: undefined,
      };
    },
  };
}
