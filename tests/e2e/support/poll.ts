/**
 * Waiting helpers for the end-to-end test. Messages cross RabbitMQ, Redis
 * pub/sub and SMTP, so every effect is awaited by polling; the deadline only
 * turns a hang into a failure that names what never happened, it does not
 * assert speed.
 */

export const defaultDeadlineMs = 30_000;

export interface PollOptions {
  timeoutMs?: number;
  everyMs?: number;
}

/** Reads until `check` accepts a value, then returns it; fails with the last value seen once the deadline passes. */
export async function waitUntil<T>(
  what: string,
  read: () => T | Promise<T>,
  check: (value: T) => boolean,
  options: PollOptions = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? defaultDeadlineMs);
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(`gave up waiting for ${what}; last seen: ${describe(value)}`);
    }
    await sleep(options.everyMs ?? 100);
  }
}

/** Settles with `promise`, or fails naming `what` if it has not settled by the deadline. */
export async function withDeadline<T>(what: string, promise: Promise<T>, timeoutMs = defaultDeadlineMs): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`gave up waiting for ${what}`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function describe(value: unknown): string {
  try {
    const text =
      JSON.stringify(value, (_key, v: unknown): unknown => (v instanceof Map ? Object.fromEntries(v) : v)) ??
      String(value);
    return text.length > 2_000 ? `${text.slice(0, 2_000)}…` : text;
  } catch {
    return String(value);
  }
}
