import { Agent, request } from 'node:http';
import { percentile } from '../../lib/load.ts';

export interface LoadResult {
  requests: number;
  /** Answers by status code. */
  statuses: Record<string, number>;
  errors: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * Closed-loop HTTP load: `connections` keep-alive sockets, each sending its
 * next request as soon as the previous answer is read, for `durationMs`.
 * Requests go only to the loopback address given.
 */
export async function hammer(
  url: string,
  options: { connections: number; durationMs: number; headers?: () => Record<string, string> },
): Promise<LoadResult> {
  const target = new URL(url);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname)) throw new Error('load goes to loopback only');
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  const started = performance.now();
  const until = started + options.durationMs;

  const one = () =>
    new Promise<void>((resolve) => {
      const sent = performance.now();
      const req = request(
        {
          host: target.hostname,
          port: target.port,
          path: `${target.pathname}${target.search}`,
          agent,
          headers: options.headers?.(),
        },
        (res) => {
          res.on('data', () => undefined);
          res.on('end', () => {
            latencies.push(performance.now() - sent);
            statuses[String(res.statusCode)] = (statuses[String(res.statusCode)] ?? 0) + 1;
            resolve();
          });
          res.on('error', () => {
            errors += 1;
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors += 1;
        resolve();
      });
      req.end();
    });

  await Promise.all(
    Array.from({ length: options.connections }, async () => {
      while (performance.now() < until) await one();
    }),
  );
  agent.destroy();
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    statuses,
    errors,
    seconds,
    perSecond: latencies.length / seconds,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
  };
}
