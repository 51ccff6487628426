/*
 * The waiting room's test kit for other workspaces' tests and benchmarks:
 * a harness with its own Redis prefix and exchanges, fans with tokens, and
 * the queue's own Lua scripts for the benchmark's raw-Redis baseline.
 */
export { createHarness, type Harness } from './harness.ts';
export { fanClient, type FanClient } from './fan-client.ts';
export { createTokenMinter, startFanIdentity, type FanIdentity, type TokenMinter } from './fan-identity.ts';
export { openFanSocket, type FanSocket } from './fan-socket.ts';
export { dropKeys, type DropKeys } from '../store/keys.ts';
export { runDropScript, runJoinScript, scripts } from '../store/scripts.ts';
