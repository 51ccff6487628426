import { setTimeout as sleep } from 'node:timers/promises';

export type HealthOutcome = 'up' | 'not answering' | 'gave up';

export interface HealthWait {
  url: string;
  timeoutMs: number;
  intervalMs?: number;
  /** False once the process behind the URL has been given up on: no point waiting longer. */
  stillTrying: () => boolean;
}

/** Polls a health URL until it answers 2xx, the deadline passes, or its process is given up on. */
export async function waitForHealth(wait: HealthWait): Promise<HealthOutcome> {
  const deadline = Date.now() + wait.timeoutMs;
  while (Date.now() < deadline) {
    if (!wait.stillTrying()) return 'gave up';
    try {
      const response = await fetch(wait.url, { signal: AbortSignal.timeout(2_000), redirect: 'manual' });
      await response.body?.cancel();
      if (response.status >= 200 && response.status < 400) return 'up';
    } catch {
      // not listening yet
    }
    await sleep(wait.intervalMs ?? 250);
  }
  return 'not answering';
}
