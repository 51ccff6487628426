import Koa from 'koa';
import { Redis } from 'ioredis';

/**
 * The baseline of the catalog benchmark: a bare Koa route answering a
 * constant it reads from Redis on every request, with nothing else in the
 * way (no router, no validation, no metrics). Run as its own process so it
 * gets the same conditions as the catalog.
 */
const port = Number(process.env.BASELINE_PORT ?? 0);
const key = process.env.BASELINE_KEY ?? '';
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const app = new Koa();
app.use(async (ctx) => {
  ctx.type = 'application/json';
  ctx.body = await redis.get(key);
});
const server = app.listen(port, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : port })}\n`);
});
process.once('SIGTERM', () => {
  server.close();
  redis.disconnect();
});
