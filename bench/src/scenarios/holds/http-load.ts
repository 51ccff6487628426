import { Pool } from 'undici';
import { runLoad, type LoadRun } from '../../lib/load.ts';
import type { Fan, Sale } from './world.ts';

/** Keep-alive connection pools, one per booking process; attempts go round-robin. */
export function createPools(urls: readonly string[], concurrency: number): Pool[] {
  const perProcess = Math.max(1, Math.ceil(concurrency / urls.length));
  return urls.map((url) => new Pool(url, { connections: perProcess, pipelining: 1 }));
}

async function postHold(pool: Pool, fan: Fan, sale: Sale, seatIds: readonly string[]): Promise<string> {
  const { statusCode, body } = await pool.request({
    path: '/holds',
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${fan.accessToken}`,
      'admission-token': fan.admissionToken,
    },
    body: JSON.stringify({ eventId: sale.eventId, seatIds }),
  });
  const answer = (await body.json()) as { code?: string };
  return statusCode === 201 ? '201' : `${statusCode} ${answer.code ?? ''}`.trim();
}

/** Worker w is fan w: random seats, `attempts` in all. */
export function httpContention(pools: Pool[], sale: Sale, fans: readonly Fan[], attempts: number): Promise<LoadRun> {
  return runLoad(attempts, fans.length, (index, worker) => {
    const seat = sale.seatIds[Math.floor(Math.random() * sale.seatIds.length)] as string;
    return postHold(pools[index % pools.length] as Pool, fans[worker] as Fan, sale, [seat]);
  });
}

/** Attempt i holds seat i (every attempt should win), for fan i mod fans. */
export function httpThroughput(pools: Pool[], sale: Sale, fans: readonly Fan[], concurrency: number): Promise<LoadRun> {
  return runLoad(sale.seatIds.length, concurrency, (index) =>
    postHold(pools[index % pools.length] as Pool, fans[index % fans.length] as Fan, sale, [
      sale.seatIds[index] as string,
    ]),
  );
}
