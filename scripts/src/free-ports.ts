import { createServer } from 'node:net';

/**
 * The ports of `wanted` something already listens on. An instance checks
 * its whole block before starting: were its identity provider's port taken
 * by another stack, its services would trust that stack's tokens (same
 * issuer URL), which is the cross-talk instances exist to prevent.
 */
export async function portsInUse(wanted: readonly number[]): Promise<number[]> {
  const taken: number[] = [];
  for (const port of wanted) {
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '0.0.0.0', () => server.close(() => resolve(true)));
    });
    if (!free) taken.push(port);
  }
  return taken;
}
