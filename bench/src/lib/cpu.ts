import { readFile } from 'node:fs/promises';

/*
 * CPU time (user + system) spent by the processes of one path while a phase
 * runs, read from /proc. On a machine that other work shares, attempts per
 * second say as much about the neighbours as about the code; CPU time per
 * attempt does not, and says where the time goes: in the booking processes,
 * in the load generator, or in PostgreSQL's backends.
 */

// Clock ticks per second of /proc/<pid>/stat: 100 on every Linux this runs on (sysconf(_SC_CLK_TCK)).
const ticksPerSecond = 100;

/** utime + stime of a process, all its threads, in milliseconds; 0 when it is gone. */
async function processCpuMs(pid: number): Promise<number> {
  let stat: string;
  try {
    stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return 0;
  }
  // The command name is in parentheses and may hold spaces: count fields after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}

/** Milliseconds the process's main thread spent runnable but waiting for a core (/proc/<pid>/schedstat); 0 when gone. */
async function runQueueWaitMs(pid: number | 'self'): Promise<number> {
  try {
    const [, waitNs] = (await readFile(`/proc/${pid}/schedstat`, 'utf8')).trim().split(' ');
    return Number(waitNs) / 1e6;
  } catch {
    return 0;
  }
}

export interface CpuSources {
  /** The booking processes' pids. */
  service: () => readonly number[];
  /** The PostgreSQL backends serving this run's database (they come and go with the pools). */
  database: () => Promise<readonly number[]>;
}

export interface CpuSplit {
  /** Milliseconds of CPU per attempt. */
  serviceMs: number;
  loadGeneratorMs: number;
  databaseMs: number;
  totalMs: number;
  /**
   * Milliseconds per attempt the booking processes' and the load generator's main threads waited for a core
   * while they had work: time the machine, not the code, took.
   */
  serviceWaitMs: number;
  loadGeneratorWaitMs: number;
  /** Attempts per second this CPU cost allows if the machine's cores did nothing else. */
  ceilingPerSecond: number;
}

interface Snapshot {
  service: number;
  serviceWait: number;
  database: Map<number, number>;
  self: number;
  selfWait: number;
}

async function snapshot(sources: CpuSources): Promise<Snapshot> {
  const service = await Promise.all(sources.service().map(processCpuMs));
  const serviceWait = await Promise.all(sources.service().map(runQueueWaitMs));
  const pids = await sources.database();
  const database = new Map(await Promise.all(pids.map(async (pid) => [pid, await processCpuMs(pid)] as const)));
  const { user, system } = process.cpuUsage();
  return {
    service: service.reduce((a, b) => a + b, 0),
    serviceWait: serviceWait.reduce((a, b) => a + b, 0),
    database,
    self: (user + system) / 1000,
    selfWait: await runQueueWaitMs('self'),
  };
}

/** Runs `phase` and splits the CPU its processes spent by `attempts`. */
export async function measureCpu<T>(
  sources: CpuSources,
  cores: number,
  attempts: (result: T) => number,
  phase: () => Promise<T>,
): Promise<{ result: T; cpu: CpuSplit }> {
  const before = await snapshot(sources);
  const result = await phase();
  const after = await snapshot(sources);
  let database = 0;
  // A backend that started during the phase counts from zero; one that ended during it is lost (an undercount).
  for (const [pid, ms] of after.database) database += ms - (before.database.get(pid) ?? 0);
  const n = Math.max(1, attempts(result));
  const per = (ms: number) => Number((ms / n).toFixed(3));
  const split = {
    serviceMs: per(after.service - before.service),
    loadGeneratorMs: per(after.self - before.self),
    databaseMs: per(database),
  };
  const totalMs = Number((split.serviceMs + split.loadGeneratorMs + split.databaseMs).toFixed(3));
  return {
    result,
    cpu: {
      ...split,
      totalMs,
      ceilingPerSecond: totalMs > 0 ? Math.round((cores * 1000) / totalMs) : 0,
      serviceWaitMs: per(after.serviceWait - before.serviceWait),
      loadGeneratorWaitMs: per(after.selfWait - before.selfWait),
    },
  };
}
