/** Server-Sent Events as the dashboard page reads them, for tests: every event kept, in order. */
export interface SseStream {
  status: number;
  headers: Headers;
  events: Array<{ id: string | undefined; event: string; data: string }>;
  comments: number;
  /** Resolves with the first event from `from` on that passes `check`, failing after `timeoutMs`. */
  waitFor(
    check: (event: { event: string; data: string }) => boolean,
    options?: { from?: number; timeoutMs?: number },
  ): Promise<{ event: string; data: string }>;
  close(): void;
}

export async function openSseStream(url: string, authorization: string): Promise<SseStream> {
  const controller = new AbortController();
  const response = await fetch(url, {
    signal: controller.signal,
    headers: { accept: 'text/event-stream', authorization },
  });
  const stream: SseStream = {
    status: response.status,
    headers: response.headers,
    events: [],
    comments: 0,
    async waitFor(check, options = {}) {
      const deadline = Date.now() + (options.timeoutMs ?? 5_000);
      for (;;) {
        const found = stream.events.slice(options.from ?? 0).find(check);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no such event; got ${JSON.stringify(stream.events)}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close: () => controller.abort(),
  };
  if (response.ok && response.body) {
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    void (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = new Map<string, string>();
          for (const line of frame.split('\n')) {
            if (line.startsWith(':')) stream.comments += 1;
            const colon = line.indexOf(':');
            if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 1).trimStart());
          }
          const data = fields.get('data');
          if (data !== undefined)
            stream.events.push({ id: fields.get('id'), event: fields.get('event') ?? 'message', data });
        }
      }
    })().catch(() => undefined);
  }
  return stream;
}
