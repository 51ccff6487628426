import jsqr from 'jsqr';
import { PNG } from 'pngjs';
import { encodeTicketCode, verifyTicketCode } from '@ticketing/common';
import { createWorld, type World } from '@ticketing/booking/testing';
import { eventually, startNotifierHarness, type NotifierHarness } from '../testing/harness.ts';
import { createPaidOrder, orderPaidEnvelope } from '../testing/orders.ts';

let h: NotifierHarness;
let world: World;

beforeAll(async () => {
  h = await startNotifierHarness('notifier_order_paid');
  world = await createWorld(h.pool, { reserved: 10, general: 4, eventName: 'Midnight Jazz' });
});

afterAll(async () => {
  await h.close();
});

function decodeQr(png: Buffer): string | undefined {
  const image = PNG.sync.read(png);
  // jsqr is CommonJS with a `default` member, which is what its types describe.
  return jsqr.default(new Uint8ClampedArray(image.data), image.width, image.height)?.data;
}

test('a paid order delivered twice sends exactly one mail, with a QR code per ticket and a PDF', async () => {
  const order = await createPaidOrder(h.pool, world, [world.seatIds[0] as string, world.seatIds[1] as string], {
    email: 'ana@example.test',
    name: 'Ana',
  });
  const envelope = orderPaidEnvelope(order);
  await h.publish(envelope);
  await h.publish(envelope);

  // Both deliveries are settled: one handled, the other skipped as a duplicate (or retried, then skipped).
  await eventually(
    async () => (await h.metric('messages_handled_total')) + (await h.metric('messages_duplicate_total')),
    (n) => n >= 2,
  );
  const mails = h.mailsTo('ana@example.test');
  expect(mails).toHaveLength(1);
  const [mail] = mails;
  expect(mail?.subject).toBe('Your tickets for Midnight Jazz');
  expect(mail?.text).toContain('Hello Ana,');
  expect(mail?.text).toContain('Stalls · Row A · Seat 1');
  expect(mail?.text).toContain('€90.00');
  expect(mail?.html).toContain('/me/tickets');

  const images = mail?.attachments.filter((a) => a.contentType === 'image/png') ?? [];
  expect(images).toHaveLength(2);
  for (const ticket of order.tickets) {
    const image = images.find((a) => a.cid?.startsWith(`ticket-${ticket.ticketId}-`));
    expect(image?.inline).toBe(true);
    expect(mail?.html).toContain(`cid:${image?.cid}`);
    const decoded = decodeQr(image?.content ?? Buffer.alloc(0));
    expect(decoded).toBe(
      encodeTicketCode({ ticketId: ticket.ticketId, eventId: world.eventId, version: 1 }, h.ticketKey),
    );
    expect(verifyTicketCode(decoded ?? '', [h.ticketKey])).toMatchObject({
      ok: true,
      claims: { ticketId: ticket.ticketId, eventId: world.eventId, version: 1 },
    });
  }
  const pdf = mail?.attachments.find((a) => a.contentType === 'application/pdf');
  expect(pdf?.filename).toBe('tickets.pdf');
  expect(pdf?.content.subarray(0, 5).toString()).toBe('%PDF-');
  // One page per ticket.
  expect(pdf?.content.toString('latin1').match(/\/Type \/Page\b/g)).toHaveLength(2);
});

test('each delivery of a distinct paid order is its own mail; an order without an address sends none', async () => {
  const first = await createPaidOrder(h.pool, world, [world.seatIds[2] as string], { email: 'bo@example.test' });
  const second = await createPaidOrder(h.pool, world, [world.seatIds[3] as string], { email: 'bo@example.test' });
  const silent = await createPaidOrder(h.pool, world, [world.seatIds[4] as string], { email: null });
  const handledBefore = await h.metric('messages_handled_total');
  for (const order of [first, second, silent]) await h.publish(orderPaidEnvelope(order));
  await eventually(
    () => h.metric('messages_handled_total'),
    (n) => n >= handledBefore + 3,
  );
  expect(h.mailsTo('bo@example.test')).toHaveLength(2);
  expect(h.catcher.store.list().some((m) => m.text?.includes(silent.tickets[0]?.ticketId ?? '-'))).toBe(false);
});

test('the mail catcher page lists the mail and serves its inline QR codes and PDF', async () => {
  const [mail] = h.mailsTo('ana@example.test');
  const list = await fetch(`${h.catcher.http.url}/`);
  expect(list.status).toBe(200);
  expect(await list.text()).toContain('Your tickets for Midnight Jazz');
  const page = await fetch(`${h.catcher.http.url}/mails/${mail?.id}`);
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain(`/mails/${mail?.id}/attachments/0`);
  expect(html).not.toContain('cid:ticket-');
  const pdfIndex = mail?.attachments.findIndex((a) => a.contentType === 'application/pdf') ?? -1;
  const pdf = await fetch(`${h.catcher.http.url}/mails/${mail?.id}/attachments/${pdfIndex}`);
  expect(pdf.status).toBe(200);
  expect(pdf.headers.get('content-type')).toBe('application/pdf');
  const missing = await fetch(`${h.catcher.http.url}/mails/${mail?.id}/attachments/99`);
  expect(missing.status).toBe(404);
  expect(((await missing.json()) as { code: string }).code).toBe('attachment_not_found');
});
