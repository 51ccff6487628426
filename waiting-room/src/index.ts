export * from './config.ts';
export * from './composition.ts';
export * from './fairness/permutation.ts';
export * from './fairness/verify.ts';
export * from './store/keys.ts';
