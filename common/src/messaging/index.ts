export * from './config.ts';
export * from './topology.ts';
export * from './envelope.ts';
export * from './publisher.ts';
export * from './consumer.ts';
export * from './consumer-metrics.ts';
export * from './parked.ts';
export {
  attemptsHeader,
  lastErrorHeader,
  originalRoutingKeyHeader,
  parkedReasonHeader,
  parkedAttemptsHeader,
  parkedAtHeader,
  parkedFromHeader,
  replayedHeader,
} from './message-copy.ts';
export * from './redrive.ts';
