export * from './tcp-proxy.ts';
export * from './database.ts';
export * from './redis-keys.ts';
export * from './redis-cluster.ts';
