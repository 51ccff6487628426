// Fans watching the seat map live: each listener opens
// GET /events/:id/availability/stream (SSE), takes the snapshot, then counts
// deltas and how long each took from booking's commit (occurredAt) to here.
// Run it beside holds.js, which makes the changes. Needs a k6 built with the
// SSE extension (stock k6 has no SSE client):
//   xk6 build --with github.com/phymbert/xk6-sse
//   ./k6 run -e BASE_URL=https://tickets.example.com -e EVENT_ID=<uuid> -e LISTENERS=2000 catalog-stream.js
//
// Lag compares this machine's clock with the servers': keep it NTP-synchronised.

/* global console */
import sse from 'k6/x/sse';
import { check, sleep } from 'k6';
import { Counter, Trend } from 'k6/metrics';
import { requireConfig } from './lib/config.js';

const config = requireConfig('baseUrl', 'eventId');
const firstEvent = new Trend('stream_first_event', true);
const propagation = new Trend('availability_propagation', true);
const deltas = new Counter('stream_deltas');
const streamErrors = new Counter('stream_errors');
const resumes = new Counter('stream_resumes');

export const options = {
  scenarios: {
    listeners: {
      executor: 'ramping-vus',
      startVUs: 0,
      stages: [
        { duration: '1m', target: config.listeners },
        { duration: `${config.listenSeconds}s`, target: config.listeners },
      ],
      gracefulRampDown: '30s',
    },
  },
  thresholds: {
    stream_first_event: ['p(95)<1000'],
    availability_propagation: ['p(95)<1000'],
    stream_errors: ['count<10'],
    checks: ['rate>0.99'],
  },
};

function listen(state, until) {
  const headers = { Accept: 'text/event-stream' };
  // A reconnecting listener resumes where it left off instead of starting over.
  if (state.lastEventId) headers['Last-Event-ID'] = state.lastEventId;
  const opened = Date.now();
  let sawFirst = false;
  const response = sse.open(
    `${config.baseUrl}/events/${config.eventId}/availability/stream`,
    { method: 'GET', headers, tags: { name: 'availability_stream' } },
    (client) => {
      client.on('event', (event) => {
        if (event.id) state.lastEventId = event.id;
        if (!sawFirst) {
          sawFirst = true;
          firstEvent.add(Date.now() - opened);
        }
        if (event.name === 'snapshot') state.snapshots += 1;
        if (event.name === 'delta') {
          deltas.add(1);
          try {
            const occurredAt = JSON.parse(event.data).occurredAt;
            if (typeof occurredAt === 'number') propagation.add(Math.max(0, Date.now() - occurredAt));
          } catch (error) {
            streamErrors.add(1);
            if (config.debug) console.warn(`unreadable delta: ${error}`);
          }
        }
        // Heartbeats are comments, not events: a quiet stream ends with the scenario.
        if (Date.now() > until) client.close();
      });
      client.on('error', (e) => {
        streamErrors.add(1);
        if (config.debug) console.warn(`stream: ${e.error()}`);
      });
    },
  );
  return check(response, { 'stream: 200': (r) => Boolean(r) && r.status === 200 });
}

export default function () {
  const until = Date.now() + config.listenSeconds * 1000;
  const state = { lastEventId: undefined, snapshots: 0 };
  let connections = 0;
  while (Date.now() < until) {
    if (connections > 0) resumes.add(1);
    connections += 1;
    if (!listen(state, until)) sleep(1);
  }
  check(state, { 'stream: started with a snapshot': (s) => s.snapshots >= 1 });
}
