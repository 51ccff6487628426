import net from 'node:net';

const loopback = new Set(['127.0.0.1', '::1', 'localhost', '::ffff:127.0.0.1']);

/**
 * Fails any outbound connection a test did not expect: everything a test
 * talks to runs on this machine, so a connection elsewhere is a bug (an SDK
 * phoning home, a forgotten base URL).
 */
export function guardOutboundNetwork(): void {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- re-bound with apply below
  const original = net.Socket.prototype.connect;
  const guarded = function (this: net.Socket, ...args: unknown[]) {
    const first = args[0];
    const options = (typeof first === 'object' && first !== null ? first : { host: args[1] }) as {
      host?: string;
      path?: string;
    };
    const host = options.host ?? 'localhost';
    const isLocal = options.path !== undefined || loopback.has(host) || host.startsWith('127.');
    if (!isLocal) throw new Error(`unexpected outbound connection to ${host} in a test`);
    return (original as (...a: unknown[]) => net.Socket).apply(this, args);
  };
  net.Socket.prototype.connect = guarded;
}
