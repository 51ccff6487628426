import { performance } from 'node:perf_hooks';

/** One attempt's result: what happened (e.g. `201`, `409 seat_unavailable`) and how long it took. */
export interface Sample {
  outcome: string;
  ms: number;
}

export interface LoadRun {
  samples: Sample[];
  elapsedMs: number;
}

/**
 * Runs `total` attempts with `concurrency` workers. Worker `w` runs attempts
 * w, w + concurrency, ... one at a time, so a scenario can tie a worker to
 * one fan (a fan never has two requests in flight, as in a browser).
 */
export async function runLoad(
  total: number,
  concurrency: number,
  attempt: (index: number, worker: number) => Promise<string>,
): Promise<LoadRun> {
  const samples: Sample[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, total) }, async (_, worker) => {
      while (next < total) {
        const index = next++;
        const begun = performance.now();
        let outcome: string;
        try {
          outcome = await attempt(index, worker);
        } catch (error) {
          outcome = `error ${error instanceof Error ? error.message : String(error)}`;
        }
        samples.push({ outcome, ms: performance.now() - begun });
      }
    }),
  );
  return { samples, elapsedMs: performance.now() - started };
}

export interface LoadSummary {
  attempts: number;
  seconds: number;
  attemptsPerSecond: number;
  /** Attempts whose outcome is the success outcome. */
  successes: number;
  successesPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  outcomes: Record<string, number>;
  /** Attempts whose outcome was not among the expected ones. */
  errors: number;
}

export function summarize(run: LoadRun, success: string, expected: readonly string[]): LoadSummary {
  const outcomes: Record<string, number> = {};
  for (const sample of run.samples) outcomes[sample.outcome] = (outcomes[sample.outcome] ?? 0) + 1;
  const latencies = run.samples.map((s) => s.ms).sort((a, b) => a - b);
  const seconds = run.elapsedMs / 1000;
  const successes = outcomes[success] ?? 0;
  return {
    attempts: run.samples.length,
    seconds: round(seconds, 2),
    attemptsPerSecond: round(run.samples.length / seconds, 1),
    successes,
    successesPerSecond: round(successes / seconds, 1),
    latencyMs: {
      p50: round(percentile(latencies, 0.5), 2),
      p95: round(percentile(latencies, 0.95), 2),
      p99: round(percentile(latencies, 0.99), 2),
      max: round(latencies.at(-1) ?? 0, 2),
    },
    outcomes,
    errors: run.samples.filter((s) => !expected.includes(s.outcome)).length,
  };
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? 0;
}

export const round = (value: number, digits: number) => Number(value.toFixed(digits));
