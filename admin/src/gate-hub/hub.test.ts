import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, importTicketPublicKeys, verifyGateList } from '@ticketing/common';
import { startTcpProxy, type TcpProxy } from '@ticketing/common/testing';
import { applyGateList, emptyGateListState, type SignedGateList } from '@ticketing/common/contracts/gate';
import {
  createPaidOrder,
  createSale,
  readTicketRows,
  testTicketCode,
  ticketIdsOfOrder,
  type SaleFixture,
} from '@ticketing/booking/testing';
import { admin, adminClient, startAdminTestApp, type AdminTestApp } from '../testing/admin-app.ts';
import { startGateHub, type RunningGateHub } from './composition.ts';
import { parseGateHubConfig } from './config.ts';

/*
 * The platform (a real admin service on its own database), reached by the
 * hubs only through a TCP proxy this test owns: cutting the proxy is the
 * venue losing the internet. Devices are HTTP clients of a hub.
 */

let platform: AdminTestApp;
let call: ReturnType<typeof adminClient>;
let proxy: TcpProxy;
let sale: SaleFixture;
let storeDir: string;
const hubs: RunningGateHub[] = [];
let seatCursor = 0;
const deviceKey = 'test-device-key';

beforeAll(async () => {
  platform = await startAdminTestApp('gate_hub');
  call = adminClient(platform);
  proxy = await startTcpProxy(Number(new URL(platform.url).port));
  sale = await createSale(platform.booking.sql(), { seats: 20 });
  storeDir = mkdtempSync(join(tmpdir(), 'gate-hub-test-'));
});
afterAll(async () => {
  for (const hub of hubs) await hub.close();
  await proxy.close();
  await platform.close();
  rmSync(storeDir, { recursive: true, force: true });
});
beforeEach(() => proxy.restore());

async function startHub(name: string): Promise<RunningGateHub> {
  const config = parseGateHubConfig({
    NODE_ENV: 'test',
    GATE_HUB_EVENT_ID: sale.event.id,
    GATE_HUB_PORT: '0',
    GATE_HUB_STORE: join(storeDir, `${name}.sqlite`),
    GATE_HUB_DEVICE_KEY: deviceKey,
    GATE_HUB_PLATFORM_URL: `http://127.0.0.1:${proxy.port}`,
    GATE_HUB_PLATFORM_TIMEOUT_MS: '1000',
  });
  const hub = await startGateHub(config, createLogger(`gate-hub-${name}`, 'silent'), {
    host: '127.0.0.1',
    syncLoop: false,
    token: () => platform.identity.accessToken(`hub-${name}`, { roles: ['gate'] }),
  });
  hubs.push(hub);
  return hub;
}

async function ticket() {
  const seats = sale.seatIds.slice(seatCursor, ++seatCursor);
  const order = await createPaidOrder(platform.booking, sale.drop, { userId: `fan-${seatCursor}`, seatIds: seats });
  const [ticketId] = await ticketIdsOfOrder(platform.booking.sql(), order.orderId);
  return {
    ticketId: ticketId!,
    code: (version = 1) => testTicketCode({ ticketId: ticketId!, eventId: sale.event.id, version }),
  };
}

let nonce = 0;
/** A phone on the venue's network, talking to a hub. */
function device(hub: RunningGateHub, deviceId: string, gateId: string) {
  const request = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${hub.server.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${deviceKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? null : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  return {
    scan: (code: string) =>
      request('POST', '/scans', { eventId: sale.event.id, code, gateId, deviceId, nonce: `${deviceId}-${++nonce}` }),
    request,
  };
}

const onlineScan = (code: string, gateId = 'platform-gate') =>
  call('POST', '/scans', {
    as: { user: 'steward', roles: ['gate'] },
    body: { eventId: sale.event.id, code, gateId, deviceId: 'online-phone', nonce: `online-${++nonce}` },
  });

describe('the gate hub', () => {
  test('two devices cut off from the platform but joined through the hub admit a ticket once', async () => {
    const running = await startHub('north');
    const [t, reissued] = [await ticket(), await ticket()];
    await call('POST', `/tickets/${reissued.ticketId}/reissue`, {
      as: admin(),
      headers: { 'idempotency-key': `hub-${reissued.ticketId}` },
      body: { reason: 'lost phone' },
    });
    expect(await running.hub.sync()).toBe(true);

    proxy.cut();
    const [phoneA, phoneB] = [device(running, 'phone-a', 'north-1'), device(running, 'phone-b', 'north-2')];
    // Both phones scan the same ticket at the same moment, several times over.
    const answers = await Promise.all([
      phoneA.scan(t.code()),
      phoneB.scan(t.code()),
      phoneA.scan(t.code()),
      phoneB.scan(t.code()),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    const results = answers.map((a) => a.body.result);
    expect(results.filter((r) => r === 'valid')).toHaveLength(1);
    expect(results.filter((r) => r === 'already_used')).toHaveLength(3);
    const winner = answers.find((a) => a.body.result === 'valid')!;
    const winnerGate = answers.indexOf(winner) % 2 === 0 ? 'north-1' : 'north-2';
    for (const refused of answers.filter((a) => a !== winner)) {
      expect(refused.body).toMatchObject({ firstGateId: winnerGate, firstUsedAt: expect.any(String) });
    }
    // The hub's list knew of the reissue before the outage.
    expect((await phoneA.scan(reissued.code(1))).body.result).toBe('reissued');
    expect((await phoneA.scan(reissued.code(2))).body.result).toBe('valid');
    expect(running.hub.status()).toMatchObject({ online: false, pendingUploads: 6 });

    // The line comes back: the hub uploads, and the platform knows who is in.
    proxy.restore();
    expect(await running.hub.sync()).toBe(true);
    expect(running.hub.status()).toMatchObject({ online: true, pendingUploads: 0, duplicates: [] });
    const [row] = await readTicketRows(platform.booking.sql(), [t.ticketId]);
    expect(row).toMatchObject({ used_gate: winnerGate });
    expect((await onlineScan(t.code())).body).toMatchObject({ result: 'already_used', firstGateId: winnerGate });
  });

  test('online, scans go to the platform; a restarted hub still knows whom it let in', async () => {
    const running = await startHub('south');
    expect(await running.hub.sync()).toBe(true);
    const [first, second] = [await ticket(), await ticket()];
    const phone = device(running, 'phone-c', 'south-1');
    // Sold after the hub's last sync: the platform decides while it answers.
    expect((await phone.scan(first.code())).body.result).toBe('valid');
    expect((await readTicketRows(platform.booking.sql(), [first.ticketId]))[0]?.used_gate).toBe('south-1');

    proxy.cut();
    // Unknown to the hub's list (sold after its sync), version 1, signed by the platform: admitted.
    expect((await phone.scan(second.code())).body.result).toBe('valid');
    await running.close();
    hubs.splice(hubs.indexOf(running), 1);

    const again = await startHub('south');
    expect((await device(again, 'phone-d', 'south-2').scan(second.code())).body).toMatchObject({
      result: 'already_used',
      firstGateId: 'south-1',
    });
    expect(again.hub.status().pendingUploads).toBe(2);
  });

  test('devices sync the platform’s signed list through the hub', async () => {
    const running = await startHub('east');
    const t = await ticket();
    expect(await running.hub.sync()).toBe(true);
    const phone = device(running, 'phone-e', 'east-1');
    const keys = importTicketPublicKeys((await phone.request('GET', '/gate/keys')).body.keys as []);
    const state = emptyGateListState(sale.event.id);
    const load = async () => {
      const answer = await phone.request(
        'GET',
        `/gate/events/${sale.event.id}/list${state.cursor ? `?since=${state.cursor}` : ''}`,
      );
      const verified = verifyGateList(answer.body as unknown as SignedGateList, keys);
      if (!verified.ok) throw new Error(verified.reason);
      expect(applyGateList(state, verified.payload)).toBe(true);
    };
    await load();
    expect(state.tickets.get(t.ticketId)).toMatchObject({ version: 1, status: 'valid' });

    await call('POST', `/tickets/${t.ticketId}/reissue`, {
      as: admin(),
      headers: { 'idempotency-key': `east-${t.ticketId}` },
      body: { reason: 'leaked' },
    });
    expect(await running.hub.sync()).toBe(true);
    proxy.cut();
    // The device's next sync, from the hub alone, brings the reissue.
    await load();
    expect(state.tickets.get(t.ticketId)).toMatchObject({ version: 2, status: 'valid' });

    const wrongKey = await fetch(`${running.server.url}/hub/status`, { headers: { authorization: 'Bearer nope' } });
    expect(wrongKey.status).toBe(401);
  });

  test('two hubs that both admit one ticket offline are reported when they upload', async () => {
    const [west, west2] = [await startHub('west'), await startHub('west-2')];
    expect(await west.hub.sync()).toBe(true);
    expect(await west2.hub.sync()).toBe(true);
    const t = await ticket();
    proxy.cut();
    expect((await device(west, 'phone-f', 'west-1').scan(t.code())).body.result).toBe('valid');
    expect((await device(west2, 'phone-g', 'west-9').scan(t.code())).body.result).toBe('valid');
    proxy.restore();
    expect(await west.hub.sync()).toBe(true);
    expect(await west2.hub.sync()).toBe(true);
    expect(west2.hub.status().duplicates).toEqual([
      {
        ticketId: t.ticketId,
        scans: [
          expect.objectContaining({ deviceId: 'phone-f', gateId: 'west-1', mode: 'offline' }),
          expect.objectContaining({ deviceId: 'phone-g', gateId: 'west-9', mode: 'offline' }),
        ],
      },
    ]);
  });
});
