import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WorkerCommand, WorkerReply } from './protocol.ts';

const workerFile = fileURLToPath(new URL('./fan-worker.ts', import.meta.url));

export interface FanWorker {
  send(command: WorkerCommand): Promise<WorkerReply & { ok: true }>;
  close(): Promise<void>;
}

/** A fan worker process; commands are answered one at a time, in order. */
export function startFanWorker(): FanWorker {
  const child: ChildProcess = fork(workerFile, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending: Array<{ resolve: (reply: WorkerReply & { ok: true }) => void; reject: (error: Error) => void }> = [];
  child.on('message', (reply: WorkerReply) => {
    const waiter = pending.shift();
    if (!waiter) return;
    if (reply.ok) waiter.resolve(reply);
    else waiter.reject(new Error(`fan worker ${reply.cmd}: ${reply.error}`));
  });
  child.on('exit', (code) => {
    for (const waiter of pending.splice(0)) waiter.reject(new Error(`fan worker exited with ${code}`));
  });
  return {
    send(command) {
      return new Promise((resolve, reject) => {
        pending.push({ resolve, reject });
        child.send(command);
      });
    },
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      await this.send({ cmd: 'close' }).catch(() => undefined);
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
