import { createApp } from './app.ts';
import { defineRoute, mountRoutes } from './route.ts';
import { listen, type RunningServer } from './server.ts';
import { apiContentSecurityPolicy } from './security-headers.ts';
import { createLogger } from '../logger.ts';
import { createMetrics } from '../metrics.ts';
import { notFound } from '../errors.ts';

const routes = [
  defineRoute({
    method: 'get',
    path: '/missing',
    access: 'public',
    output: {},
    async handler() {
      throw notFound('thing_not_found', 'No such thing');
    },
  }),
];

const servers: RunningServer[] = [];
async function start(hsts: boolean): Promise<string> {
  const { app, router } = createApp({
    service: 'headers-test',
    logger: createLogger('headers-test', 'silent'),
    metrics: createMetrics('headers_test', { defaults: false }),
    hsts,
  });
  mountRoutes(router, routes);
  // A service's own HTML page (a sign-in form) brings its own policy, or none: the API's is taken off.
  router.get('/page', (ctx) => {
    ctx.type = 'html';
    ctx.body = '<p>hello</p>';
  });
  const server = await listen(app, 0, '127.0.0.1');
  servers.push(server);
  return server.url;
}
afterAll(async () => {
  for (const server of servers) await server.close(100);
});

test('every answer, an error or a health check alike, carries the basic headers and the API policy', async () => {
  const url = await start(false);
  for (const path of ['/health', '/missing', '/nowhere']) {
    const response = await fetch(`${url}${path}`);
    expect([path, response.headers.get('x-content-type-options')]).toEqual([path, 'nosniff']);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('content-security-policy')).toBe(apiContentSecurityPolicy);
    expect(response.headers.get('strict-transport-security')).toBeNull();
  }
});

test('HSTS when asked (production), and no API policy on an HTML page', async () => {
  const url = await start(true);
  const health = await fetch(`${url}/health`);
  expect(health.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
  const page = await fetch(`${url}/page`);
  expect(page.headers.get('content-security-policy')).toBeNull();
  expect(page.headers.get('x-frame-options')).toBe('DENY');
});
