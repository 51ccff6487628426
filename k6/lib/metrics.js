import { Counter, Rate, Trend } from 'k6/metrics';

// Custom metrics shared by the scenarios (created once, at init).
export const queueWait = new Trend('queue_wait', true);
export const fansAdmitted = new Counter('fans_admitted');
export const fansTurnedAway = new Counter('fans_turned_away');
export const fansGaveUp = new Counter('fans_gave_up');
export const rateLimited = new Counter('rate_limited');
export const serverErrors = new Rate('server_errors');
export const holdsCreated = new Counter('holds_created');
export const seatConflicts = new Counter('seat_conflicts');
export const ordersPlaced = new Counter('orders_placed');
export const idempotencyBroken = new Counter('idempotency_broken');

/** Every answer counts towards server_errors: the share of 5xx is a threshold. */
export function record(response) {
  serverErrors.add(response.status >= 500 || response.status === 0);
  if (response.status === 429) rateLimited.add(1);
  return response;
}
