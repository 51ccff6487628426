export * from './booking-database.ts';
export * from './drops.ts';
export * from './factories.ts';
export * from './identity.ts';
export { createPaidOrder } from './orders.ts';
