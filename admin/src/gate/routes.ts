import { defineRoute, ticketPublicJwk, type TicketSigningKey } from '@ticketing/common';
import {
  offlineUpload,
  offlineUploadReport,
  scanAnswer,
  scanInput,
  signedGateList,
} from '@ticketing/common/contracts/gate';
import {
  readGateList,
  readScanRates,
  scanRates,
  scanRatesQuery,
  scanTicket,
  uploadOfflineScans,
  type Database,
} from '@ticketing/booking/back-office';
import { actorOf, gateAccess, organizerAccess } from '../actor.ts';
import { eventParams, gateKeys, listQuery } from './schema.ts';

/** A thousand scans of about 300 bytes each, with room to spare. */
const uploadBodyLimit = 1024 * 1024;

/**
 * The door's API (role `gate`): scan online, download the signed gate list
 * and its deltas, the public keys to check codes and lists offline, and the
 * upload of scans made offline. Scan rates per gate are for the organizer.
 */
export function gateRoutes(db: Database, key: TicketSigningKey) {
  const keys = [{ keyId: key.keyId, publicKey: key.publicKey }];
  const noStore = { 'Cache-Control': 'no-store' };
  const publicKeys = keys.map((k) => {
    const jwk = ticketPublicJwk(k);
    return { kty: 'OKP', crv: 'Ed25519', x: String(jwk.x), kid: jwk.kid, alg: 'EdDSA', use: 'sig' } as const;
  });
  return [
    defineRoute({
      method: 'post',
      path: '/scans',
      access: gateAccess,
      input: { body: scanInput },
      output: { 200: scanAnswer },
      async handler({ input, user }) {
        return { status: 200, body: await scanTicket(db, keys, user.id, input.body), headers: noStore };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/gate/keys',
      access: gateAccess,
      output: { 200: gateKeys },
      async handler() {
        return { status: 200, body: { keys: publicKeys } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/gate/events/:eventId/list',
      access: gateAccess,
      input: { params: eventParams, query: listQuery },
      output: { 200: signedGateList },
      async handler({ input }) {
        const list = await readGateList(db, key, input.params.eventId, input.query.since ?? null);
        return { status: 200, body: list, headers: noStore };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/gate/scans/offline',
      access: gateAccess,
      bodyLimit: uploadBodyLimit,
      input: { body: offlineUpload },
      output: { 200: offlineUploadReport },
      async handler({ input, user }) {
        return { status: 200, body: await uploadOfflineScans(db, keys, user.id, input.body), headers: noStore };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/events/:eventId/scan-rates',
      owned: { param: 'eventId', resource: 'event', notFound: 'event_not_found' },
      access: organizerAccess,
      input: { params: eventParams, query: scanRatesQuery },
      output: { 200: scanRates },
      async handler({ input, user }) {
        const rates = await readScanRates(db, actorOf(user), input.params.eventId, input.query);
        return { status: 200, body: rates, headers: { 'Cache-Control': 'private, max-age=5' } };
      },
    }),
  ];
}
