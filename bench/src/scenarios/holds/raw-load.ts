import type { RawHoldPath } from '@ticketing/booking/testing';
import { runLoad, type LoadRun } from '../../lib/load.ts';
import type { Sale } from './world.ts';

/* The baseline's load: the same phases as over HTTP, on booking's raw hold path (no HTTP, no ORM). */

export function rawContention(raw: RawHoldPath, sale: Sale, fans: number, attempts: number): Promise<LoadRun> {
  return runLoad(attempts, fans, (_, worker) => {
    const seat = sale.seatIds[Math.floor(Math.random() * sale.seatIds.length)] as string;
    return raw.hold(sale, `raw-contention-${worker}`, [seat]);
  });
}

export function rawThroughput(raw: RawHoldPath, sale: Sale, fans: number, concurrency: number): Promise<LoadRun> {
  return runLoad(sale.seatIds.length, concurrency, (index) =>
    raw.hold(sale, `raw-fan-${index % fans}`, [sale.seatIds[index] as string]),
  );
}
