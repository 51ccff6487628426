import { createApp } from './app.ts';
import { listen, type RunningServer } from './server.ts';
import { createLogger } from '../logger.ts';
import { createMetrics } from '../metrics.ts';

let server: RunningServer;

beforeAll(async () => {
  const { app } = createApp({
    service: 'cors-test',
    logger: createLogger('cors-test', 'silent'),
    metrics: createMetrics('cors-test', { defaults: false }),
    cors: ['http://localhost:4321'],
  });
  server = await listen(app, 0, '127.0.0.1');
});
afterAll(() => server.close(100));

test('the storefront origin may read, with a preflight; other origins get no grant', async () => {
  const allowed = await fetch(`${server.url}/health`, { headers: { origin: 'http://localhost:4321' } });
  expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:4321');
  expect(allowed.headers.get('vary')).toMatch(/Origin/);

  const preflight = await fetch(`${server.url}/health`, {
    method: 'OPTIONS',
    headers: { origin: 'http://localhost:4321', 'access-control-request-method': 'GET' },
  });
  expect(preflight.status).toBe(204);
  expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Last-Event-ID/);

  const foreign = await fetch(`${server.url}/health`, { headers: { origin: 'http://evil.test' } });
  expect(foreign.status).toBe(200);
  expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
});
