import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The documents the fake serves, keyed by event id; tests change them between requests. */
export interface FakeCatalogData {
  events: Array<Record<string, unknown> & { id: string }>;
  details: Map<string, unknown>;
  seatmaps: Map<string, unknown>;
  availability: Map<string, unknown>;
}

/**
 * A stand-in for the catalog API on a loopback port: the routes the site
 * reads, an availability stream the test pushes to, and a record of the
 * list queries it was asked.
 */
export async function startFakeCatalog(data: FakeCatalogData) {
  const listQueries: URLSearchParams[] = [];
  const streams = new Map<string, Set<ServerResponse>>();
  const waiters: Array<{ eventId: string; resolve: () => void }> = [];

  function json(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*' });
    res.end(JSON.stringify(body));
  }

  function openStream(eventId: string, res: ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache',
      'Access-Control-Allow-Origin': '*',
    });
    res.write('retry: 500\n\n');
    res.write(`event: snapshot\ndata: ${JSON.stringify(data.availability.get(eventId))}\n\n`);
    let set = streams.get(eventId);
    if (!set) streams.set(eventId, (set = new Set()));
    set.add(res);
    res.on('close', () => set.delete(res));
    for (const waiter of waiters.splice(0).filter((w) => w.eventId === eventId)) waiter.resolve();
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://catalog.test');
    const parts = url.pathname.split('/').filter(Boolean);
    if (req.method !== 'GET' || parts[0] !== 'events') return json(res, 404, { code: 'not_found' });
    if (parts.length === 1) {
      listQueries.push(url.searchParams);
      return json(res, 200, { items: data.events, nextCursor: null });
    }
    const id = parts[1] ?? '';
    const rest = parts.slice(2).join('/');
    const source =
      rest === ''
        ? data.details
        : rest === 'seatmap'
          ? data.seatmaps
          : rest === 'availability'
            ? data.availability
            : undefined;
    if (rest === 'availability/stream' && data.availability.has(id)) return openStream(id, res);
    const document = source?.get(id);
    if (document === undefined) return json(res, 404, { code: 'event_not_found' });
    return json(res, 200, document);
  }

  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    listQueries,
    /** Resolves once a browser holds a stream of this event open. */
    streamOpened(eventId: string): Promise<void> {
      if ((streams.get(eventId)?.size ?? 0) > 0) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ eventId, resolve }));
    },
    push(eventId: string, event: string, payload: unknown): number {
      const set = streams.get(eventId) ?? new Set();
      for (const res of set) res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
      return set.size;
    },
    async close(): Promise<void> {
      for (const set of streams.values()) for (const res of set) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
export type FakeCatalog = Awaited<ReturnType<typeof startFakeCatalog>>;
