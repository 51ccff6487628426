export * from './config.ts';
export * from './composition.ts';
export * from './actor.ts';
export * from './drops/schema.ts';
export * from './stats/schema.ts';
export * from './stats/service.ts';
export * from './stats/waiting-room-client.ts';
