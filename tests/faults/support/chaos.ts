import { sleep } from './http.ts';
import type { Random } from './random.ts';
import { storeNames, type StoreName, type StoreProxies } from './stores.ts';

/**
 * The faults of a run, drawn from its seed before the sale starts: every
 * process role SIGKILLed at random moments (its supervisor starts it again),
 * and each store cut through its proxy in three ways: refused (the listener
 * closed, so connecting is refused, and open connections reset), closed
 * (connections accepted and closed at once, open ones closed: a server
 * shutting down, or a proxy in front of none) and silent (connections
 * accepted, no byte carried: a partition). Store cuts do not overlap, so
 * each outage is seen on its own.
 */
export const cutModes = ['refused', 'closed', 'silent'] as const;
export type CutMode = (typeof cutModes)[number];

export type Fault =
  | { kind: 'kill'; role: string; atMs: number }
  | { kind: 'cut'; store: StoreName; mode: CutMode; atMs: number; forMs: number };

export interface FaultPlanOptions {
  roles: readonly string[];
  windowMs: number;
  killsPerRole: number;
  /** Shortest and longest store cut. */
  cutMs: readonly [number, number];
  /** Least time between two kills of one role, so a restarted process gets to work before it dies again. */
  killGapMs: number;
}

export function planFaults(random: Random, options: FaultPlanOptions): Fault[] {
  const faults: Fault[] = [];
  const cuts = random.sample(
    storeNames.flatMap((store) => cutModes.map((mode) => ({ store, mode }))),
    storeNames.length * cutModes.length,
  );
  const slot = options.windowMs / cuts.length;
  cuts.forEach(({ store, mode }, i) => {
    const forMs = Math.min(random.int(options.cutMs[0], options.cutMs[1]), Math.floor(slot * 0.8));
    const atMs = Math.floor(i * slot + random.next() * (slot - forMs));
    faults.push({ kind: 'cut', store, mode, atMs, forMs });
  });
  for (const role of options.roles) {
    const times: number[] = [];
    for (let tries = 0; times.length < options.killsPerRole && tries < 1_000; tries += 1) {
      const atMs = random.int(0, options.windowMs);
      if (times.every((t) => Math.abs(t - atMs) >= options.killGapMs)) times.push(atMs);
    }
    for (const atMs of times) faults.push({ kind: 'kill', role, atMs });
  }
  return faults.sort((a, b) => a.atMs - b.atMs);
}

export interface InjectedFault {
  fault: Fault;
  /** What happened: the pid killed and when the role was back, or the cut's real length. */
  outcome: string;
  ok: boolean;
}

export interface FaultTarget {
  kill(role: string): number | undefined;
  state(role: string): string;
  pid(role: string): number | undefined;
  healthUrl(role: string): string | undefined;
  proxies: StoreProxies;
}

/** Injects every fault at its time from now; resolves once each has ended (roles back, stores restored). */
export async function injectFaults(
  plan: readonly Fault[],
  target: FaultTarget,
  log: (line: string) => void,
): Promise<InjectedFault[]> {
  const start = Date.now();
  const since = () => `${((Date.now() - start) / 1_000).toFixed(1)}s`;
  return Promise.all(
    plan.map(async (fault): Promise<InjectedFault> => {
      await sleep(Math.max(0, fault.atMs - (Date.now() - start)));
      if (fault.kind === 'cut') {
        const proxy = target.proxies.proxy(fault.store);
        const began = Date.now();
        if (fault.mode === 'refused') proxy.refuse();
        else if (fault.mode === 'closed') proxy.cut();
        else proxy.silence();
        log(`${since()} ${fault.store} ${fault.mode} for ${fault.forMs} ms`);
        await sleep(fault.forMs);
        proxy.restore();
        log(`${since()} ${fault.store} restored`);
        return { fault, outcome: `cut for ${((Date.now() - began) / 1_000).toFixed(1)} s`, ok: true };
      }
      // A role still coming back from an earlier fault is killed as soon as it runs again.
      let pid = target.kill(fault.role);
      for (const waitUntil = Date.now() + 30_000; pid === undefined && Date.now() < waitUntil;) {
        await sleep(100);
        pid = target.kill(fault.role);
      }
      if (pid === undefined) {
        log(`${since()} ${fault.role} not running (${target.state(fault.role)}): nothing to kill`);
        return { fault, outcome: `not running (${target.state(fault.role)})`, ok: false };
      }
      const killedAt = Date.now();
      log(`${since()} SIGKILL ${fault.role} (pid ${pid})`);
      // Back means a new process runs and, for a role with a health route, answers it; a role the supervisor
      // gave up on is a failure of the run.
      const health = target.healthUrl(fault.role);
      while (Date.now() - killedAt < 60_000) {
        const now = target.pid(fault.role);
        if (now !== undefined && now !== pid && target.state(fault.role) === 'running') {
          if (health === undefined || (await answers(health))) {
            const back = ((Date.now() - killedAt) / 1_000).toFixed(1);
            return {
              fault,
              outcome: `pid ${pid} killed, ${health === undefined ? 'running' : 'healthy'} again in ${back} s`,
              ok: true,
            };
          }
        }
        if (target.state(fault.role) === 'failed') break;
        await sleep(100);
      }
      return { fault, outcome: `pid ${pid} killed, not restarted (${target.state(fault.role)})`, ok: false };
    }),
  );
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}
