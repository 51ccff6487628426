export * from './tcp-proxy.ts';
export * from './database.ts';
