export * from './config.ts';
export * from './app.ts';
export * from './actor.ts';
export * from './drops/schema.ts';
export * from './drops/service.ts';
export * from './stats/schema.ts';
export * from './stats/service.ts';
export * from './stats/waiting-room-client.ts';
