import type { JWK } from 'jose';

/** Messages between the queue scenario and its fan workers (child processes over IPC). */
export type WorkerCommand =
  | { cmd: 'init'; privateJwk: JWK; issuer: string; audience: string }
  | { cmd: 'prepare'; userIds: string[] }
  | { cmd: 'join'; urls: string[]; dropId: string; concurrency: number }
  | { cmd: 'open-sockets'; urls: string[]; dropId: string; concurrency: number }
  | { cmd: 'measure-start' }
  | { cmd: 'measure-stop' }
  | { cmd: 'sold-out-times' }
  | { cmd: 'close' };

export interface JoinResult {
  joins: number;
  outcomes: Record<string, number>;
  /** Sorted join latencies (ms). */
  latencies: number[];
}

export interface SocketsResult {
  opened: number;
  failed: Record<string, number>;
}

export interface MeasureResult {
  sockets: number;
  /** Per socket, the longest time (ms) between two messages, or from the start/to the end of the window. */
  maxGaps: number[];
  messages: number;
  admitted: number;
  closed: number;
}

export interface SoldOutResult {
  /** Epoch ms at which each waiting (not admitted) socket heard `sold_out`; null if it has not. */
  times: Array<number | null>;
}

export type WorkerReply =
  | { ok: true; cmd: WorkerCommand['cmd']; result?: JoinResult | SocketsResult | MeasureResult | SoldOutResult }
  | { ok: false; cmd: WorkerCommand['cmd']; error: string };
