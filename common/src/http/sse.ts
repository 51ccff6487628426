import type { PassThrough } from 'node:stream';
import type { Context } from 'koa';

/**
 * The answer of a Server-Sent Events route: the stream, its headers, and a
 * socket that lives as long as the client stays (no idle timeout) and sends
 * small frames at once (no Nagle delay). Proxies are asked not to buffer it.
 */
export function eventStreamAnswer(koa: Context, stream: PassThrough) {
  koa.req.socket.setTimeout(0);
  koa.req.socket.setNoDelay(true);
  return {
    status: 200 as const,
    body: stream,
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      'X-Accel-Buffering': 'no',
    },
  };
}
