import { randomUUID } from 'node:crypto';
import { verifyTicketCode } from '@ticketing/common';
import { availabilityDocument, type AvailabilityDocument } from '@ticketing/catalog';
import { openFanSocket, type FanSocket } from '@ticketing/waiting-room/testing';
import { followAvailability, type AvailabilityView } from './support/availability.ts';
import { cleanupStack } from './support/cleanup.ts';
import { call, payloadOf, signIn, type Answer } from './support/fan.ts';
import { decodeQr } from './support/mail.ts';
import { startPlatform, type Platform } from './support/platform.ts';
import { waitUntil, withDeadline } from './support/poll.ts';
import { saleSeats, seatPriceCents } from './support/sale.ts';

/*
 * The whole platform, end to end, over its real protocols: a fan signs in at
 * the identity provider, watches the catalog's live availability, queues in
 * the waiting room, books with the admission token it issued, pays through
 * the development gateway, and gets tickets in "my tickets" and by email,
 * while the waiting room frees the fan's slot once booking reports the sale.
 */

const startupMs = 120_000;
const journeyMs = 120_000;

const cleanup = cleanupStack();
const open: Array<{ close(): void }> = [];
let platform: Platform;

beforeAll(async () => {
  platform = await startPlatform('e2e_fan_journey', cleanup);
}, startupMs);

afterAll(async () => {
  for (const item of open.splice(0)) item.close();
  await cleanup.run();
}, startupMs);

interface TicketView {
  ticketId: string;
  orderId: string;
  seatId: string;
  version: number;
  status: string;
  code: string | null;
  event: { eventId: string; name: string };
}

interface OrderView {
  orderId: string;
  status: string;
  payment: { paymentId: string; status: string } | null;
}

const availability = async (): Promise<AvailabilityDocument> => {
  const answer = await call(platform.urls.catalog, 'GET', `/events/${platform.sale.event.id}/availability`);
  if (answer.status !== 200) throw new Error(`GET /availability answered ${answer.status}`);
  return availabilityDocument.parse(answer.body);
};

const liveSeats = (view: AvailabilityView) => ({ seats: Object.fromEntries(view.seats), failure: view.failure });

const both = (seats: Record<string, string>, [a, b]: readonly string[], status: string) =>
  seats[a ?? ''] === status && seats[b ?? ''] === status;

test(
  'a fan signs in, queues, is admitted, holds, pays and gets two tickets by mail; a rival cannot take the seats',
  async () => {
    const { sale, urls } = platform;
    const eventId = sale.event.id;
    const dropId = sale.drop.id;
    const seats = sale.seatIds.slice(0, 2);
    const queuePath = `/drops/${dropId}/queue`;

    // Sign in with the password grant; every service verifies these tokens against the provider's JWKS.
    const fan = await signIn(platform.issuer, 'fan');
    const rival = await signIn(platform.issuer, 'fan2');
    expect(fan.email).toBe('fan@demo.test');
    expect(rival.id).not.toBe(fan.id);

    // The seat map page opens the live availability stream: everything is free.
    const view = await followAvailability(urls.catalog, eventId);
    open.push(view);
    const snapshot = await withDeadline('the availability snapshot', view.snapshot);
    expect(snapshot).toMatchObject({
      eventId,
      seats: {},
      sections: [{ sectionId: sale.section.id, capacity: saleSeats, available: saleSeats, held: 0, sold: 0 }],
    });

    // Joining the drop's queue, then waiting on the WebSocket until the waiting room lets the fan in.
    const joined = await call(urls.waitingRoom, 'POST', queuePath, { token: fan.accessToken });
    expect(joined.status).toBe(201);
    expect(joined.body).toMatchObject({ dropId, state: expect.stringMatching(/^(waiting|admitted)$/) });
    const socket: FanSocket = await openFanSocket(urls.waitingRoom, dropId, fan.accessToken);
    open.push(socket);
    const admitted = await withDeadline(
      'the admission pushed over the socket',
      socket.next((message) => message.state === 'admitted'),
    );
    const admissionToken = String(admitted.admissionToken);
    expect(payloadOf(admissionToken)).toMatchObject({ sub: fan.id, drop: dropId, event: eventId, maxSeats: 4 });
    // Signed with the key only this run's waiting room holds: booking can verify it only through its JWKS.
    const header = JSON.parse(Buffer.from(admissionToken.split('.')[0] ?? '', 'base64url').toString()) as {
      kid?: string;
    };
    expect(header.kid).toBe(platform.admissionKid);

    // Without the admission token the queued drop cannot be booked; with it, two seats are held.
    const holdBody = { eventId, seatIds: seats };
    const unadmitted = await call(urls.booking, 'POST', '/holds', { token: fan.accessToken, body: holdBody });
    expect(unadmitted.status).toBe(403);
    expect(unadmitted.body.code).toBe('admission_required');
    const hold = await call<{ holdId: string; dropId: string; seats: Array<{ seatId: string }> }>(
      urls.booking,
      'POST',
      '/holds',
      { token: fan.accessToken, body: holdBody, headers: { 'admission-token': admissionToken } },
    );
    expect(hold.status).toBe(201);
    expect(hold.body.dropId).toBe(dropId);
    expect(hold.body.seats.map((s) => s.seatId).sort()).toEqual([...seats].sort());

    // The relay carries seat.held to the catalog: the open stream and the document both show the hold.
    await waitUntil(
      'the stream to show both seats held',
      () => liveSeats(view),
      (v) => both(v.seats, seats, 'held'),
    );
    const whileHeld = await waitUntil('GET /availability to show both seats held', availability, (doc) =>
      both(doc.seats, seats, 'held'),
    );
    expect(whileHeld.sections).toEqual([expect.objectContaining({ available: saleSeats - 2, held: 2, sold: 0 })]);

    // A second fan queues too, is admitted (polling /queue/me), and cannot take the held seats.
    const rivalJoined = await call(urls.waitingRoom, 'POST', queuePath, { token: rival.accessToken });
    expect(rivalJoined.status).toBe(201);
    const rivalAdmitted = await waitUntil(
      'the second fan to be admitted',
      () => call(urls.waitingRoom, 'GET', `${queuePath}/me`, { token: rival.accessToken }),
      (answer) => answer.body.state === 'admitted',
      { everyMs: 250 },
    );
    const rivalToken = String(rivalAdmitted.body.admissionToken);
    const borrowed = await call(urls.booking, 'POST', '/holds', {
      token: rival.accessToken,
      body: holdBody,
      headers: { 'admission-token': admissionToken },
    });
    expect(borrowed.status).toBe(403);
    expect(borrowed.body.code).toBe('admission_wrong_user');
    const refused = await call<{ code: string; seats: string[] }>(urls.booking, 'POST', '/holds', {
      token: rival.accessToken,
      body: holdBody,
      headers: { 'admission-token': rivalToken },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('seat_unavailable');
    expect([...refused.body.seats].sort()).toEqual([...seats].sort());

    // The order, idempotent on its key.
    const idempotencyKey = randomUUID();
    const placeOrder = () =>
      call<{
        orderId: string;
        status: string;
        totalCents: number;
        currency: string;
        payment: { provider: string; paymentId: string; confirmUrl?: string };
      }>(urls.booking, 'POST', '/orders', {
        token: fan.accessToken,
        body: { holdId: hold.body.holdId },
        headers: { 'idempotency-key': idempotencyKey },
      });
    const order = await placeOrder();
    expect(order.status).toBe(201);
    expect(order.body).toMatchObject({ status: 'pending_payment', totalCents: 2 * seatPriceCents, currency: 'EUR' });
    const { paymentId, confirmUrl } = order.body.payment;
    expect(order.body.payment.provider).toBe('dev');
    expect(confirmUrl).toBe(`/payments/dev/${paymentId}/confirm`);
    const repeated = await placeOrder();
    expect(repeated.status).toBe(200);
    expect(repeated.body.orderId).toBe(order.body.orderId);

    // The development gateway's card form: the authorization sells the seats and issues the tickets.
    const confirmed = await call(urls.booking, 'POST', `/payments/dev/${paymentId}/confirm`, {
      token: fan.accessToken,
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toEqual({ orderId: order.body.orderId, status: 'paid', charged: true });

    const mine = await call<{ tickets: TicketView[] }>(urls.booking, 'GET', '/me/tickets', { token: fan.accessToken });
    expect(mine.status).toBe(200);
    const tickets = mine.body.tickets;
    expect(tickets.map((t) => t.seatId).sort()).toEqual([...seats].sort());
    for (const ticket of tickets) {
      expect(ticket).toMatchObject({ orderId: order.body.orderId, status: 'valid', version: 1, event: { eventId } });
      expect(verifyTicketCode(ticket.code ?? '', platform.ticketKeys)).toEqual({
        ok: true,
        keyId: platform.ticketKeys[0]?.keyId,
        claims: { ticketId: ticket.ticketId, eventId, version: 1 },
      });
    }
    const rivalTickets = await call<{ tickets: TicketView[] }>(urls.booking, 'GET', '/me/tickets', {
      token: rival.accessToken,
    });
    expect(rivalTickets.status).toBe(200);
    expect(rivalTickets.body.tickets).toEqual([]);

    // The payments worker captures the authorization it was asked to through the outbox.
    const orders = await waitUntil(
      'the payment to be captured',
      () => call<{ orders: OrderView[] }>(urls.booking, 'GET', '/me/orders', { token: fan.accessToken }),
      (answer) => answer.body.orders?.[0]?.payment?.status === 'captured',
    );
    expect(orders.body.orders).toEqual([
      expect.objectContaining({ orderId: order.body.orderId, status: 'paid', payment: expect.anything() }),
    ]);

    // The stream and the document show the seats sold.
    await waitUntil(
      'the stream to show both seats sold',
      () => liveSeats(view),
      (v) => both(v.seats, seats, 'sold'),
    );
    const afterSale = await waitUntil('GET /availability to show both seats sold', availability, (doc) =>
      both(doc.seats, seats, 'sold'),
    );
    expect(afterSale.sections).toEqual([expect.objectContaining({ available: saleSeats - 2, held: 0, sold: 2 })]);

    // The confirmation mail reaches the SMTP server: a QR code per ticket, scanning to the codes booking shows, and a PDF.
    const mails = await waitUntil(
      'the confirmation mail',
      () => platform.inbox.store.list().filter((m) => m.envelopeTo.includes(fan.email)),
      (list) => list.length > 0,
    );
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.subject).toBe(`Your tickets for ${sale.event.name}`);
    const images = mail.attachments.filter((a) => a.contentType === 'image/png');
    expect(images).toHaveLength(2);
    for (const ticket of tickets) {
      const image = images.find((a) => a.cid?.startsWith(`ticket-${ticket.ticketId}-`));
      expect(image?.inline).toBe(true);
      expect(mail.html).toContain(`cid:${image?.cid}`);
      expect(decodeQr(image?.content ?? Buffer.alloc(0))).toBe(ticket.code);
    }
    const pdf = mail.attachments.find((a) => a.contentType === 'application/pdf');
    expect(pdf?.content.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf?.content.toString('latin1').match(/\/Type \/Page\b/g)).toHaveLength(2);

    // order.paid frees the fan's slot: the socket is told, and /queue/me no longer says admitted.
    expect(await withDeadline('the socket to close', socket.closed)).toEqual({
      code: 4404,
      reason: 'not_in_queue:finished',
    });
    const gone: Answer = await call(urls.waitingRoom, 'GET', `${queuePath}/me`, { token: fan.accessToken });
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ code: 'not_in_queue', reason: 'finished' });
    expect(view.failure).toBeUndefined();
  },
  journeyMs,
);
