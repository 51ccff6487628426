import { request } from 'node:http';

/**
 * One JSON request with a deadline. A fault can leave a service waiting on a
 * silent store, so a request that gets no answer in time is `unknown`: it may
 * or may not have taken effect, and the invariants must hold either way.
 */
export type Reply<B = Record<string, unknown>> =
  { kind: 'answer'; status: number; body: B } | { kind: 'unknown'; reason: string };

export interface SendOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  timeoutMs: number;
}

export function send<B = Record<string, unknown>>(
  baseUrl: string,
  method: string,
  path: string,
  options: SendOptions,
): Promise<Reply<B>> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  const payload = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
  if (payload !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(payload.length);
  }
  return new Promise((resolve) => {
    let settled = false;
    const settle = (reply: Reply<B>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(reply);
    };
    // One connection per request, closed with the answer: a killed service leaves no pooled socket behind.
    const req = request(new URL(path, baseUrl), { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', (error) => settle({ kind: 'unknown', reason: error.message }));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try {
          body = text === '' ? {} : JSON.parse(text);
        } catch {
          body = { text };
        }
        settle({ kind: 'answer', status: res.statusCode ?? 0, body: body as B });
      });
    });
    const timer = setTimeout(() => {
      settle({ kind: 'unknown', reason: `no answer within ${options.timeoutMs} ms` });
      req.destroy();
    }, options.timeoutMs);
    req.on('error', (error) => settle({ kind: 'unknown', reason: error.message }));
    req.end(payload);
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
