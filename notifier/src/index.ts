export { startNotifier, type RunningNotifier } from './service.ts';
export { notifierConfigShape, type NotifierConfig } from './config.ts';
