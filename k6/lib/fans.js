import exec from 'k6/execution';
import { config } from './config.js';

/**
 * The fan this iteration plays: a distinct load-test user per iteration across
 * the whole test, also when it is split over several k6 machines
 * (--execution-segment), shifted by USER_OFFSET.
 */
export function fanNumber() {
  return config.userOffset + exec.scenario.iterationInTest + 1;
}

/** Fans arriving at an even rate over ARRIVAL_SECONDS, each staying until done. */
export function arrivals() {
  const perSecond = Math.max(1, Math.ceil(config.fans / Math.max(1, config.arrivalSeconds)));
  return {
    executor: 'constant-arrival-rate',
    rate: perSecond,
    timeUnit: '1s',
    duration: `${Math.ceil(config.fans / perSecond)}s`,
    // A fan holds a VU for their whole wait: enough VUs for all of them.
    preAllocatedVUs: Math.min(config.fans, perSecond * 60),
    maxVUs: config.fans,
    gracefulStop: `${config.maxWaitSeconds + 120}s`,
  };
}
