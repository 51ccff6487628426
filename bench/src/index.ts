export * from './lib/load.ts';
export * from './lib/report.ts';
