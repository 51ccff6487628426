import { Connection } from 'rabbitmq-client';
import type { Logger } from 'pino';

/**
 * One AMQP connection per process. rabbitmq-client reconnects with backoff
 * and re-declares what publishers and consumers asked for. A broker that
 * stops answering without closing the socket is noticed by missed
 * heartbeats (sent every 2.5 s, dead after 5 s) instead of the default
 * minute; opening a connection or a channel gives up after 5 s.
 */
export function createRabbit(url: string, logger: Logger, connectionName?: string): Connection {
  const connection = new Connection({
    url,
    connectionName,
    retryLow: 200,
    retryHigh: 5_000,
    connectionTimeout: 5_000,
    acquireTimeout: 5_000,
    heartbeat: 5,
  });
  let down = false;
  connection.on('error', (error) => {
    if (!down) logger.warn({ err: error }, 'rabbitmq: connection failed');
    down = true;
  });
  connection.on('connection', () => {
    if (down) logger.info('rabbitmq: connection restored');
    down = false;
  });
  return connection;
}

export async function pingRabbit(connection: Connection): Promise<void> {
  if (!connection.ready) throw new Error('rabbitmq is not connected');
}
