/* The catalog's test kit for other workspaces' tests and benchmarks: a client of its availability stream. */
export { openSse, type SseClient, type SseEvent } from './sse-client.ts';
