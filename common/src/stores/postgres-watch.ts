import pg from 'pg';
import type { Logger } from 'pino';
import { unavailable, type DomainError } from '../errors.ts';

/**
 * Tells, within about a second and a half, that PostgreSQL stopped answering.
 *
 * A refused or reset connection fails at once, but a server behind a network
 * partition (or one that hangs) says nothing: a statement sent to it waits
 * until TCP gives up, minutes later. No per-statement client timer fits every
 * statement (a hold may legitimately wait `lock_timeout` for a seat's lock),
 * so one connection of its own pings `SELECT 1` every `intervalMs`, and a ping
 * without an answer after `answerTimeoutMs` means the server is gone: work in
 * flight is abandoned with `database_unavailable`, new work is refused at
 * once, and every connection of the watched pools is dropped (they would
 * otherwise stay stuck behind statements that will never be answered). The
 * first answered ping ends the outage; the pools then open new connections.
 */
export interface PostgresWatch {
  /** False from the first unanswered ping until the next answered one. */
  readonly answering: boolean;
  /**
   * Runs `work` unless PostgreSQL is known silent, and abandons it with
   * `database_unavailable` as soon as silence is noticed while it runs.
   */
  guard<T>(work: () => Promise<T>): Promise<T>;
  /** Drops the connections of this pool when PostgreSQL falls silent. */
  watchPool(pool: pg.Pool): void;
  close(): Promise<void>;
}

export interface PostgresWatchOptions {
  connectionString: string;
  /** Time between pings; 500 ms when absent. */
  intervalMs?: number;
  /** How long a ping (or the connection it needs) may go unanswered; 1000 ms when absent. */
  answerTimeoutMs?: number;
  applicationName?: string;
  logger: Logger;
}

export function databaseUnavailable(cause?: unknown): DomainError {
  return unavailable('database_unavailable', 'The database is unreachable', { retryAfter: 2, cause });
}

export function createPostgresWatch(options: PostgresWatchOptions): PostgresWatch {
  const intervalMs = options.intervalMs ?? 500;
  const answerTimeoutMs = options.answerTimeoutMs ?? 1_000;
  const { logger } = options;
  const clients = new Set<pg.Client>();
  const waiting = new Set<(error: DomainError) => void>();
  let answering = true;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;

  function silent(cause: unknown): void {
    if (answering) logger.warn({ err: cause }, 'postgres: no answer, failing fast until it answers again');
    answering = false;
    const error = databaseUnavailable(cause);
    for (const reject of waiting) reject(error);
    waiting.clear();
    // Destroying the socket fails the statement in flight, and the pool
    // discards a client whose connection died instead of lending it again.
    for (const stuck of clients) stuck.connection.stream.destroy();
  }

  function answered(): void {
    if (!answering) logger.info('postgres: answering again');
    answering = true;
  }

  let session: { client: pg.Client; ready: Promise<unknown> } | undefined;

  function openSession(): { client: pg.Client; ready: Promise<unknown> } {
    const client = new pg.Client({
      connectionString: options.connectionString,
      connectionTimeoutMillis: answerTimeoutMs,
      application_name: options.applicationName ?? 'postgres-watch',
    });
    client.on('error', () => undefined);
    return { client, ready: client.connect() };
  }

  async function ping(): Promise<void> {
    session ??= openSession();
    const current = session;
    let late: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      late = setTimeout(() => {
        // After a stall of this process's event loop the timer runs before
        // the answer that arrived meanwhile is read: judge after the reads.
        setImmediate(() => reject(new Error(`postgres: no answer within ${answerTimeoutMs} ms`)));
      }, answerTimeoutMs);
    });
    const attempt = (async () => {
      await current.ready;
      await current.client.query('SELECT 1');
    })();
    attempt.catch(() => undefined);
    try {
      await Promise.race([attempt, deadline]);
      answered();
    } catch (error) {
      session = undefined;
      current.client.connection.stream.destroy();
      silent(error);
    } finally {
      clearTimeout(late);
    }
  }

  const loop = async () => {
    await ping();
    if (!closed) timer = setTimeout(() => void loop(), intervalMs);
  };
  timer = setTimeout(() => void loop(), 0);

  return {
    get answering() {
      return answering;
    },
    guard(work) {
      if (!answering) return Promise.reject(databaseUnavailable());
      return new Promise((resolve, reject) => {
        waiting.add(reject);
        work().then(
          (value) => {
            waiting.delete(reject);
            resolve(value);
          },
          (error: unknown) => {
            waiting.delete(reject);
            // Whatever the driver said about a connection that went silent, the cause is the silence.
            reject(answering ? (error as Error) : databaseUnavailable(error));
          },
        );
      });
    },
    watchPool(pool) {
      pool.on('connect', (connected) => clients.add(connected as pg.Client));
      pool.on('remove', (removed) => clients.delete(removed as pg.Client));
    },
    async close() {
      closed = true;
      clearTimeout(timer);
      const last = session;
      session = undefined;
      if (last) last.client.connection.stream.destroy();
    },
  };
}
