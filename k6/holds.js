// Admitted fans book: each signs in, queues for the drop until admitted, then
// holds seats (POST /holds with the Admission-Token, another pick after a 409
// seat_unavailable) and places an order (POST /orders with an Idempotency-Key)
// or, for 1 - ORDER_SHARE of them, releases the hold. Payments are not made:
// unpaid holds expire and their seats return to sale.
//
//   k6 run -e BASE_URL=https://tickets.example.com -e DROP_ID=<uuid> -e EVENT_ID=<uuid> \
//          -e LOADTEST_PASSWORD=... -e FANS=5000 holds.js

import { requireConfig } from './lib/config.js';
import { signIn } from './lib/auth.js';
import { holdSeats, loadSeatMap, placeOrder, releaseHold } from './lib/booking.js';
import { arrivals, fanNumber } from './lib/fans.js';
import { waitForAdmission } from './lib/queue.js';

const config = requireConfig('baseUrl', 'issuer', 'password', 'dropId', 'eventId');

export const options = {
  scenarios: { fans: arrivals() },
  thresholds: {
    // Contention must end in 409s, never in server errors.
    server_errors: ['rate<0.001'],
    'http_req_duration{name:holds}': ['p(95)<300'],
    'http_req_duration{name:orders}': ['p(95)<300'],
    'http_req_duration{name:availability}': ['p(95)<100'],
    idempotency_broken: ['count==0'],
    checks: ['rate>0.99'],
  },
};

export function setup() {
  return loadSeatMap();
}

export default function (seatMap) {
  const session = signIn(fanNumber());
  if (session === undefined) return;
  // Polling keeps each fan to one connection at a time; queue.js covers sockets.
  const admission = waitForAdmission(session, false);
  if (admission === undefined || admission.state !== 'admitted' || !admission.admissionToken) return;
  const hold = holdSeats(admission.session, admission.admissionToken, seatMap);
  if (hold === undefined) return;
  if (Math.random() < config.orderShare) placeOrder(admission.session, hold);
  else releaseHold(admission.session, hold);
}
