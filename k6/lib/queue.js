/* global console */
import http from 'k6/http';
import ws from 'k6/ws';
import { check, sleep } from 'k6';
import { bearer, fresh } from './auth.js';
import { config, wsUrl } from './config.js';
import { fansAdmitted, fansGaveUp, fansTurnedAway, queueWait, record } from './metrics.js';

// The waiting room's answers: { state, position, aheadOfYou, etaSeconds,
// heartbeatSeconds, admissionToken? } with state one of prequeue, waiting,
// admitted, sold_out, closed, paused.
const finalStates = ['admitted', 'sold_out', 'closed'];
// 409 is not a failure for k6's http_req_failed: the line can answer it.
const expected = http.expectedStatuses({ min: 200, max: 299 }, 409, 429);

function parse(response) {
  try {
    return response.json();
  } catch (error) {
    if (config.debug) console.warn(`unreadable answer (${response.status}): ${error}`);
    return undefined;
  }
}

export function joinQueue(session) {
  const response = record(
    http.post(`${config.baseUrl}/drops/${config.dropId}/queue`, null, {
      headers: bearer(session),
      tags: { name: 'queue_join' },
      responseCallback: expected,
    }),
  );
  check(response, { 'join: 200 or 201': (r) => r.status === 200 || r.status === 201 });
  if (config.debug && response.status >= 300) console.warn(`join: ${response.status} ${response.body}`);
  return response.status < 300 ? parse(response) : undefined;
}

export function queueStatus(session) {
  const response = record(
    http.get(`${config.baseUrl}/drops/${config.dropId}/queue/me`, {
      headers: bearer(session),
      tags: { name: 'queue_me' },
      responseCallback: expected,
    }),
  );
  check(response, { 'queue/me: 200 (or 429 while rate limited)': (r) => r.status === 200 || r.status === 429 });
  return response.status === 200 ? parse(response) : undefined;
}

function pollUntilFinal(session, status, deadline) {
  let current = status;
  let s = session;
  while (!finalStates.includes(current.state) && Date.now() < deadline) {
    sleep(Math.min(current.heartbeatSeconds || config.pollSeconds, config.pollSeconds));
    s = fresh(s);
    current = queueStatus(s) || current;
  }
  return { status: current, session: s };
}

function listenUntilFinal(session, status, deadline) {
  let current = status;
  const response = ws.connect(
    wsUrl(`/drops/${config.dropId}/queue/ws`),
    {
      // The browser way: the token rides in a subprotocol beside queue.v1.
      headers: { 'Sec-WebSocket-Protocol': `queue.v1, bearer.${session.accessToken}` },
      tags: { name: 'queue_ws' },
    },
    (socket) => {
      socket.on('message', (data) => {
        try {
          current = JSON.parse(data);
        } catch (error) {
          if (config.debug) console.warn(`unreadable queue push: ${error}`);
          return;
        }
        if (finalStates.includes(current.state)) socket.close();
      });
      socket.on('error', (e) => {
        if (config.debug) console.warn(`queue socket: ${e.error()}`);
      });
      socket.setTimeout(() => socket.close(), Math.max(1, deadline - Date.now()));
    },
  );
  check(response, { 'queue socket: 101': (r) => r && r.status === 101 });
  // Pushes carry the state; the token itself is fetched once (cheap) if absent.
  if (current.state === 'admitted' && !current.admissionToken) current = queueStatus(fresh(session)) || current;
  // A dropped socket falls back to polling for the time that is left.
  if (!finalStates.includes(current.state) && Date.now() < deadline) return pollUntilFinal(session, current, deadline);
  return { status: current, session };
}

/**
 * Joins the line and waits until admitted, turned away (sold out, closed) or
 * out of patience. Returns { state, admissionToken?, session } or undefined
 * when the join itself failed.
 */
export function waitForAdmission(session, useSocket) {
  const started = Date.now();
  const joined = joinQueue(session);
  if (joined === undefined) return undefined;
  const deadline = started + config.maxWaitSeconds * 1000;
  const outcome = useSocket ? listenUntilFinal(session, joined, deadline) : pollUntilFinal(session, joined, deadline);
  const state = outcome.status.state;
  if (state === 'admitted') {
    fansAdmitted.add(1);
    queueWait.add(Date.now() - started);
  } else if (state === 'sold_out' || state === 'closed') {
    fansTurnedAway.add(1);
  } else {
    fansGaveUp.add(1);
  }
  return { state, admissionToken: outcome.status.admissionToken, session: outcome.session };
}
