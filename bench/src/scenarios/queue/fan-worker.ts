import http from 'node:http';
import { WebSocket } from 'ws';
import { createTokenMinter, type TokenMinter } from '@ticketing/waiting-room/testing';
import type {
  JoinResult,
  MeasureResult,
  SocketsResult,
  SoldOutResult,
  WorkerCommand,
  WorkerReply,
} from './protocol.ts';

/**
 * One process of simulated fans: mints their tokens, joins them over HTTP,
 * holds their sockets and times the gaps between the updates each socket
 * gets. Several run at once, so the fans are not limited to one core or
 * one process's file descriptors.
 */
let minter: TokenMinter | undefined;
let fans: Array<{ userId: string; token: string }> = [];
interface HeldSocket {
  socket: WebSocket;
  lastAt: number;
  maxGap: number;
  admitted: boolean;
  closed: boolean;
  soldOutAt: number | null;
}
const sockets: HeldSocket[] = [];
let measuring = false;
let messages = 0;
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function post(url: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: 'POST', agent, headers: { authorization: `Bearer ${token}` } },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    request.on('error', reject);
    request.end();
  });
}

async function each<T>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        await work(items[index]!, index);
      }
    }),
  );
}

async function join(urls: string[], dropId: string, concurrency: number): Promise<JoinResult> {
  const outcomes: Record<string, number> = {};
  const latencies: number[] = [];
  await each(fans, concurrency, async (fan, i) => {
    const started = performance.now();
    let outcome: string;
    try {
      outcome = String(await post(`${urls[i % urls.length]}/drops/${dropId}/queue`, fan.token));
    } catch (error) {
      outcome = `error ${error instanceof Error ? error.message : String(error)}`;
    }
    latencies.push(performance.now() - started);
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  });
  return { joins: fans.length, outcomes, latencies: latencies.sort((a, b) => a - b) };
}

function openSocket(url: string, token: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, ['queue.v1', `bearer.${token}`], { perMessageDeflate: false });
    const entry: HeldSocket = { socket, lastAt: 0, maxGap: 0, admitted: false, closed: false, soldOutAt: null };
    socket.once('unexpected-response', (_request, response) => reject(new Error(`upgrade ${response.statusCode}`)));
    socket.once('error', (error) => reject(error));
    socket.once('open', () => {
      sockets.push(entry);
      resolve();
    });
    socket.on('message', (data: Buffer) => {
      const now = performance.now();
      if (measuring) {
        messages++;
        entry.maxGap = Math.max(entry.maxGap, now - entry.lastAt);
      }
      entry.lastAt = now;
      // Cheap check rather than a parse: the state is near the start of the message.
      if (!entry.admitted && data.includes('"state":"admitted"')) entry.admitted = true;
      if (entry.soldOutAt === null && data.includes('"state":"sold_out"')) entry.soldOutAt = Date.now();
    });
    socket.on('close', () => {
      entry.closed = true;
    });
  });
}

async function openSockets(urls: string[], dropId: string, concurrency: number): Promise<SocketsResult> {
  const failed: Record<string, number> = {};
  await each(fans, concurrency, async (fan, i) => {
    const base = urls[(i + 1) % urls.length]!;
    try {
      // Joined through one instance, watching through another, as behind a load balancer.
      const status = await post(`${urls[i % urls.length]}/drops/${dropId}/queue`, fan.token);
      if (status !== 201 && status !== 200) throw new Error(`join ${status}`);
      await openSocket(`${base.replace(/^http/, 'ws')}/drops/${dropId}/queue/ws`, fan.token);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      failed[reason] = (failed[reason] ?? 0) + 1;
    }
  });
  return { opened: sockets.length, failed };
}

function soldOutTimes(): SoldOutResult {
  return { times: sockets.filter((s) => !s.admitted).map((s) => s.soldOutAt) };
}

function measureStop(): MeasureResult {
  measuring = false;
  const now = performance.now();
  const maxGaps = sockets.map((s) => Math.max(s.maxGap, now - s.lastAt));
  return {
    sockets: sockets.length,
    maxGaps,
    messages,
    admitted: sockets.filter((s) => s.admitted).length,
    closed: sockets.filter((s) => s.closed).length,
  };
}

async function handle(command: WorkerCommand): Promise<WorkerReply> {
  switch (command.cmd) {
    case 'init':
      minter = await createTokenMinter(command.privateJwk, command.issuer, command.audience);
      return { ok: true, cmd: command.cmd };
    case 'prepare': {
      if (!minter) throw new Error('not initialised');
      const m = minter;
      fans = await Promise.all(
        command.userIds.map(async (userId) => ({ userId, token: await m.token(userId, ['fan'], 4 * 3600) })),
      );
      return { ok: true, cmd: command.cmd };
    }
    case 'join':
      return { ok: true, cmd: command.cmd, result: await join(command.urls, command.dropId, command.concurrency) };
    case 'open-sockets':
      return {
        ok: true,
        cmd: command.cmd,
        result: await openSockets(command.urls, command.dropId, command.concurrency),
      };
    case 'measure-start': {
      const now = performance.now();
      for (const s of sockets) {
        s.lastAt = now;
        s.maxGap = 0;
      }
      messages = 0;
      measuring = true;
      return { ok: true, cmd: command.cmd };
    }
    case 'measure-stop':
      return { ok: true, cmd: command.cmd, result: measureStop() };
    case 'sold-out-times':
      return { ok: true, cmd: command.cmd, result: soldOutTimes() };
    case 'close':
      for (const s of sockets) s.socket.terminate();
      agent.destroy();
      setImmediate(() => process.exit(0));
      return { ok: true, cmd: command.cmd };
  }
}

process.on('message', (command: WorkerCommand) => {
  handle(command).then(
    (reply) => process.send?.(reply),
    (error: unknown) =>
      process.send?.({ ok: false, cmd: command.cmd, error: error instanceof Error ? error.message : String(error) }),
  );
});
