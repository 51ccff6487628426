export interface SseEvent {
  id: string | undefined;
  event: string;
  data: string;
}

export interface SseClient {
  status: number;
  /** The next event (comments and heartbeats skipped), waiting for it if need be. */
  next(): Promise<SseEvent>;
  /** Comment lines seen so far (heartbeats). */
  comments(): number;
  close(): void;
}

/** A minimal Server-Sent Events reader over fetch, as a browser's EventSource would parse the stream. */
export async function openSse(url: string, lastEventId?: string): Promise<SseClient> {
  const controller = new AbortController();
  const response = await fetch(url, {
    signal: controller.signal,
    headers: { Accept: 'text/event-stream', ...(lastEventId ? { 'Last-Event-ID': lastEventId } : {}) },
  });
  const queue: SseEvent[] = [];
  const waiters: Array<(event: SseEvent) => void> = [];
  let failure: unknown;
  let commentCount = 0;
  let buffer = '';

  const emit = (event: SseEvent) => {
    const waiter = waiters.shift();
    if (waiter) waiter(event);
    else queue.push(event);
  };
  const parseFrame = (frame: string) => {
    let id: string | undefined;
    let event = 'message';
    const data: string[] = [];
    let fields = 0;
    for (const line of frame.split('\n')) {
      if (line.startsWith(':')) {
        commentCount += 1;
        continue;
      }
      const colon = line.indexOf(':');
      const name = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (name === 'id') id = value;
      else if (name === 'event') event = value;
      else if (name === 'data') data.push(value);
      else continue;
      fields += 1;
    }
    if (fields > 0 && data.length > 0) emit({ id, event, data: data.join('\n') });
  };

  if (response.body) {
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) !== -1) {
            parseFrame(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
          }
        }
      } catch (error) {
        failure = error;
      }
    })();
  }

  return {
    status: response.status,
    next() {
      const event = queue.shift();
      if (event) return Promise.resolve(event);
      if (failure) return Promise.reject(failure instanceof Error ? failure : new Error('the stream failed'));
      return new Promise((resolve) => waiters.push(resolve));
    },
    comments: () => commentCount,
    close: () => controller.abort(),
  };
}
