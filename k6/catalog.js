// Availability reads as the seat map page makes them: GET
// /events/:id/availability, revalidated with If-None-Match so an unchanged
// document costs a 304 and no body. Each VU keeps the ETag it last saw.
// The live stream (SSE) is catalog-stream.js: stock k6 has no SSE client.
//
//   k6 run -e BASE_URL=https://tickets.example.com -e EVENT_ID=<uuid> -e RATE=500 -e DURATION=5m catalog.js

import http from 'k6/http';
import { check } from 'k6';
import { Rate } from 'k6/metrics';
import { requireConfig } from './lib/config.js';
import { record } from './lib/metrics.js';

const config = requireConfig('baseUrl', 'eventId');
const notModified = new Rate('availability_not_modified');
const expected = http.expectedStatuses({ min: 200, max: 299 }, 304);

export const options = {
  scenarios: {
    availability: {
      executor: 'constant-arrival-rate',
      rate: config.rate,
      timeUnit: '1s',
      duration: config.duration,
      preAllocatedVUs: Math.max(10, Math.ceil(config.rate / 5)),
      maxVUs: Math.max(50, config.rate * 2),
    },
  },
  thresholds: {
    server_errors: ['rate<0.001'],
    'http_req_duration{name:availability}': ['p(95)<100'],
    'http_req_duration{name:event}': ['p(95)<150'],
    checks: ['rate>0.999'],
  },
};

// Per VU (module state is per VU in k6): the last ETag and document this reader saw.
let etag;

export default function () {
  const headers = etag === undefined ? {} : { 'If-None-Match': etag };
  const response = record(
    http.get(`${config.baseUrl}/events/${config.eventId}/availability`, {
      headers,
      tags: { name: 'availability' },
      responseCallback: expected,
    }),
  );
  check(response, {
    'availability: 200 or 304': (r) => r.status === 200 || r.status === 304,
    'availability: has an ETag': (r) => Boolean(r.headers.Etag || r.headers.ETag),
    'availability: 304 only when asked': (r) => r.status !== 304 || etag !== undefined,
  });
  notModified.add(response.status === 304);
  if (response.status === 200) {
    check(response, { 'availability: a document for this event': (r) => r.json('eventId') === config.eventId });
  }
  etag = response.headers.Etag || response.headers.ETag || etag;

  // Now and then the event page itself, as a browsing fan would load it.
  if (Math.random() < 0.1) {
    const event = record(http.get(`${config.baseUrl}/events/${config.eventId}`, { tags: { name: 'event' } }));
    check(event, { 'event: 200': (r) => r.status === 200 });
  }
}
