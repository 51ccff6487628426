export { startNotifier, type RunningNotifier } from './composition.ts';
export { notifierConfigShape, type NotifierConfig } from './config.ts';
