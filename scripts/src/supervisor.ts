import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * Runs a set of long-lived child processes for development: their output is
 * handed over line by line, a child that dies is started again after a
 * growing pause, one that keeps dying young is given up on, and stop() ends
 * them all (SIGTERM, then SIGKILL for any that outstay the timeout).
 */

export interface ChildSpec {
  name: string;
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

export interface RestartPolicy {
  /** Pause before the first restart; doubles after each rapid crash. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** A run shorter than this counts as a rapid crash. */
  rapidCrashMs: number;
  /** Consecutive rapid crashes after which the child is given up on. */
  maxRapidCrashes: number;
}

export type ChildState = 'starting' | 'running' | 'restarting' | 'failed' | 'stopped';

export type SupervisorEvent =
  | { type: 'started'; name: string; pid: number; run: number }
  | {
      type: 'exited';
      name: string;
      code: number | null;
      signal: NodeJS.Signals | null;
      restartInMs: number | null;
    }
  | { type: 'gave-up'; name: string; reason: string }
  | { type: 'spawn-failed'; name: string; error: Error };

export interface SupervisorOptions {
  restart?: Partial<RestartPolicy>;
  /** How long a child may take to exit after SIGTERM before it is killed. */
  stopTimeoutMs?: number;
  onLine: (name: string, stream: 'stdout' | 'stderr', line: string) => void;
  onEvent?: (event: SupervisorEvent) => void;
}

export interface Supervisor {
  start(): void;
  /** Stops every child; resolves once all have exited. Safe to call twice. */
  stop(): Promise<void>;
  state(name: string): ChildState;
  pid(name: string): number | undefined;
  /** Resolves when every child has either been stopped or given up on. */
  settled(): Promise<void>;
}

/** Exit code a service uses for a bad configuration (EX_CONFIG): restarting cannot help. */
export const configErrorExitCode = 78;

export const defaultRestartPolicy: RestartPolicy = {
  initialDelayMs: 500,
  maxDelayMs: 10_000,
  rapidCrashMs: 10_000,
  maxRapidCrashes: 5,
};

interface Slot {
  spec: ChildSpec;
  state: ChildState;
  child?: ChildProcess;
  startedAt: number;
  runs: number;
  rapidCrashes: number;
  timer?: NodeJS.Timeout;
  exited?: Promise<void>;
}

export function createSupervisor(specs: ChildSpec[], options: SupervisorOptions): Supervisor {
  const policy: RestartPolicy = { ...defaultRestartPolicy, ...options.restart };
  const stopTimeoutMs = options.stopTimeoutMs ?? 10_000;
  const emit = (event: SupervisorEvent) => options.onEvent?.(event);
  const slots = new Map<string, Slot>(
    specs.map((spec) => [spec.name, { spec, state: 'stopped', startedAt: 0, runs: 0, rapidCrashes: 0 }]),
  );
  let stopping = false;
  let stopped: Promise<void> | undefined;
  let settle: (() => void) | undefined;
  const settledPromise = new Promise<void>((resolve) => (settle = resolve));

  const checkSettled = () => {
    if ([...slots.values()].every((s) => s.state === 'failed' || s.state === 'stopped')) settle?.();
  };

  const launch = (slot: Slot) => {
    slot.timer = undefined;
    slot.state = 'starting';
    slot.runs += 1;
    slot.startedAt = Date.now();
    // Each child leads its own process group: a terminal's Ctrl-C reaches only
    // the supervisor, which then stops children once and in order, and a
    // child's own helpers (a dev server's workers) go down with it.
    const child = spawn(slot.spec.command, slot.spec.args, {
      cwd: slot.spec.cwd,
      env: slot.spec.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    slot.child = child;
    for (const stream of ['stdout', 'stderr'] as const) {
      createInterface({ input: child[stream], crlfDelay: Infinity }).on('line', (line) =>
        options.onLine(slot.spec.name, stream, line),
      );
    }
    let spawnFailed = false;
    slot.exited = new Promise<void>((resolve) => {
      child.once('error', (error) => {
        // No process was created (missing binary or folder): retrying cannot help.
        if (child.pid !== undefined) return;
        spawnFailed = true;
        slot.state = 'failed';
        emit({ type: 'spawn-failed', name: slot.spec.name, error });
      });
      // 'close' (not 'exit') so the last lines of output are delivered first.
      child.once('close', (code, signal) => {
        slot.child = undefined;
        if (spawnFailed) checkSettled();
        else onExit(slot, code, signal);
        resolve();
      });
    });
    if (child.pid !== undefined) {
      slot.state = 'running';
      emit({ type: 'started', name: slot.spec.name, pid: child.pid, run: slot.runs });
    }
  };

  const onExit = (slot: Slot, code: number | null, signal: NodeJS.Signals | null) => {
    if (stopping) {
      slot.state = 'stopped';
      emit({ type: 'exited', name: slot.spec.name, code, signal, restartInMs: null });
      checkSettled();
      return;
    }
    const lived = Date.now() - slot.startedAt;
    slot.rapidCrashes = lived < policy.rapidCrashMs ? slot.rapidCrashes + 1 : 0;
    let reason: string | undefined;
    if (code === configErrorExitCode) reason = 'its configuration is invalid (exit code 78)';
    else if (slot.rapidCrashes >= policy.maxRapidCrashes) reason = `it crashed ${slot.rapidCrashes} times in a row`;
    if (reason !== undefined) {
      slot.state = 'failed';
      emit({ type: 'exited', name: slot.spec.name, code, signal, restartInMs: null });
      emit({ type: 'gave-up', name: slot.spec.name, reason });
      checkSettled();
      return;
    }
    const delay = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.max(0, slot.rapidCrashes - 1));
    slot.state = 'restarting';
    emit({ type: 'exited', name: slot.spec.name, code, signal, restartInMs: delay });
    slot.timer = setTimeout(() => launch(slot), delay);
  };

  const terminate = async (slot: Slot) => {
    if (slot.timer !== undefined) {
      clearTimeout(slot.timer);
      slot.timer = undefined;
      slot.state = 'stopped';
    }
    const child = slot.child;
    if (child?.pid === undefined) return;
    signalGroup(child.pid, 'SIGTERM');
    const kill = setTimeout(() => signalGroup(child.pid ?? 0, 'SIGKILL'), stopTimeoutMs);
    await slot.exited;
    clearTimeout(kill);
  };

  return {
    start() {
      for (const slot of slots.values()) launch(slot);
      checkSettled();
    },
    stop() {
      stopping = true;
      stopped ??= Promise.all([...slots.values()].map((slot) => terminate(slot))).then(() => {
        checkSettled();
      });
      return stopped;
    },
    state: (name) => slots.get(name)?.state ?? 'stopped',
    pid: (name) => slots.get(name)?.child?.pid,
    settled: () => settledPromise,
  };
}

/** Signals a child's whole process group, falling back to the child alone. */
function signalGroup(pid: number, signal: NodeJS.Signals): void {
  if (pid <= 0) return;
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

/** Kills every child at once; for the supervisor's own exit, when nothing can be awaited. */
export function killAllNow(supervisor: Supervisor, names: string[]): void {
  for (const name of names) {
    const pid = supervisor.pid(name);
    if (pid !== undefined) signalGroup(pid, 'SIGKILL');
  }
}

/**
 * Stops the supervisor on SIGINT or SIGTERM, then exits with `exitCode`. A
 * second signal kills every child at once.
 */
export function stopOnSignals(
  supervisor: Supervisor,
  names: string[],
  hooks: { onStopping?: (signal: string) => void; exit?: (code: number) => void } = {},
): void {
  const exit = hooks.exit ?? ((code: number) => process.exit(code));
  let signalled = false;
  const handle = (signal: NodeJS.Signals) => {
    if (signalled) {
      killAllNow(supervisor, names);
      exit(130);
      return;
    }
    signalled = true;
    hooks.onStopping?.(signal);
    void supervisor.stop().then(() => exit(0));
  };
  process.on('SIGINT', handle);
  process.on('SIGTERM', handle);
  // Whatever ends this process, leave no orphan holding a port.
  process.once('exit', () => killAllNow(supervisor, names));
}
