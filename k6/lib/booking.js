/* global console */
import http from 'k6/http';
import { check } from 'k6';
import { bearer } from './auth.js';
import { config } from './config.js';
import { holdsCreated, idempotencyBroken, ordersPlaced, record, seatConflicts } from './metrics.js';
import { uuidv4 } from './uuid.js';

const holdStatuses = http.expectedStatuses({ min: 200, max: 299 }, 409);

function json(session, extra) {
  return Object.assign({ 'Content-Type': 'application/json' }, bearer(session), extra);
}

/** The event's seats from its seat map: reserved seat ids in map order, general sections. */
export function loadSeatMap() {
  const response = http.get(`${config.baseUrl}/events/${config.eventId}/seatmap`, { tags: { name: 'seatmap' } });
  if (response.status !== 200) throw new Error(`seat map of event ${config.eventId}: ${response.status}`);
  const reserved = [];
  const general = [];
  for (const section of response.json().sections) {
    if (section.kind === 'general') {
      general.push(section.id);
    } else {
      for (const row of section.rows) for (const seat of row.seats) reserved.push(seat.id);
    }
  }
  return { reserved, general };
}

/** Seat ids the catalog does not list as held, sold or blocked (it lists only those). */
export function freeSeats(seatMap, alsoTaken) {
  const response = record(
    http.get(`${config.baseUrl}/events/${config.eventId}/availability`, { tags: { name: 'availability' } }),
  );
  check(response, { 'availability: 200': (r) => r.status === 200 });
  if (response.status !== 200) return [];
  const unavailable = response.json().seats || {};
  return seatMap.reserved.filter((id) => !(id in unavailable) && !alsoTaken.has(id));
}

/** Up to `count` neighbouring free seats from a random place in the map. */
function chooseSeats(free, count) {
  if (free.length === 0) return [];
  const start = Math.floor(Math.random() * free.length);
  return free.slice(start, start + count).concat(free.slice(0, Math.max(0, start + count - free.length)));
}

/**
 * POST /holds with the admission token, retrying other seats after a 409
 * (seat_unavailable) up to HOLD_ATTEMPTS times. Returns the hold or undefined.
 */
export function holdSeats(session, admissionToken, seatMap) {
  const taken = new Set();
  for (let attempt = 0; attempt < config.holdAttempts; attempt += 1) {
    let body;
    if (seatMap.reserved.length > 0) {
      const seatIds = chooseSeats(freeSeats(seatMap, taken), config.seatsPerFan);
      if (seatIds.length === 0) return undefined;
      body = { eventId: config.eventId, dropId: config.dropId, seatIds };
    } else {
      const sectionId = seatMap.general[Math.floor(Math.random() * seatMap.general.length)];
      body = { eventId: config.eventId, dropId: config.dropId, sectionId, quantity: config.seatsPerFan };
    }
    const response = record(
      http.post(`${config.baseUrl}/holds`, JSON.stringify(body), {
        headers: json(session, { 'Admission-Token': admissionToken }),
        tags: { name: 'holds' },
        responseCallback: holdStatuses,
      }),
    );
    if (response.status === 201) {
      check(response, {
        'hold: 201 with holdId and expiresAt': (r) => Boolean(r.json('holdId') && r.json('expiresAt')),
      });
      holdsCreated.add(1);
      return response.json();
    }
    if (response.status === 409 && response.json('code') === 'seat_unavailable') {
      seatConflicts.add(1);
      for (const seat of response.json('seats') || []) taken.add(typeof seat === 'string' ? seat : seat.seatId);
      continue;
    }
    check(response, { 'hold: 201 or 409 seat_unavailable': () => false });
    if (config.debug) console.warn(`hold: ${response.status} ${response.body}`);
    return undefined;
  }
  return undefined;
}

/** POST /orders with an Idempotency-Key; now and then sent twice, which must name one order. */
export function placeOrder(session, hold) {
  const key = uuidv4();
  const send = () =>
    record(
      http.post(`${config.baseUrl}/orders`, JSON.stringify({ holdId: hold.holdId }), {
        headers: json(session, { 'Idempotency-Key': key }),
        tags: { name: 'orders' },
      }),
    );
  const response = send();
  const ok = check(response, {
    'order: 201 pending_payment': (r) => r.status === 201 && r.json('status') === 'pending_payment',
  });
  if (!ok) {
    if (config.debug) console.warn(`order: ${response.status} ${response.body}`);
    return undefined;
  }
  ordersPlaced.add(1);
  if (Math.random() < config.idempotencyShare) {
    const again = send();
    const same = again.status < 300 && again.json('orderId') === response.json('orderId');
    check(again, { 'order retry: same order': () => same });
    if (!same) idempotencyBroken.add(1);
  }
  return response.json();
}

/** DELETE /holds/:id: a fan who walks away gives the seats back at once. */
export function releaseHold(session, hold) {
  const response = record(
    http.del(`${config.baseUrl}/holds/${hold.holdId}`, null, {
      headers: bearer(session),
      tags: { name: 'release_hold' },
    }),
  );
  check(response, { 'release: 2xx': (r) => r.status >= 200 && r.status < 300 });
}
