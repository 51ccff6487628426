// Many fans arrive for one drop: each signs in (Keycloak password grant, client
// `loadtest`), joins the line and waits until admitted, polling
// GET /drops/:dropId/queue/me or holding the queue WebSocket (SOCKET_SHARE).
// Measures the line itself: time to admission, status reads, sign-ins.
//
//   k6 run -e BASE_URL=https://tickets.example.com -e DROP_ID=<uuid> \
//          -e LOADTEST_PASSWORD=... -e FANS=20000 -e ARRIVAL_SECONDS=60 queue.js

import { requireConfig } from './lib/config.js';
import { signIn } from './lib/auth.js';
import { arrivals, fanNumber } from './lib/fans.js';
import { waitForAdmission } from './lib/queue.js';

const config = requireConfig('baseUrl', 'issuer', 'password', 'dropId');

export const options = {
  scenarios: { fans: arrivals() },
  thresholds: {
    server_errors: ['rate<0.01'],
    'http_req_duration{name:queue_join}': ['p(95)<500'],
    'http_req_duration{name:queue_me}': ['p(95)<200'],
    'http_req_duration{name:sign_in}': ['p(95)<1500'],
    checks: ['rate>0.99'],
  },
};

export default function () {
  const n = fanNumber();
  const session = signIn(n);
  if (session === undefined) return;
  // Deterministic per fan, so reruns split the same fans the same way.
  const useSocket = (n % 100) / 100 < config.socketShare;
  waitForAdmission(session, useSocket);
}
