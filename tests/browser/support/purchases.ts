import { admission, joinLine, type ApiFan } from './fans.ts';

/**
 * A fan who buys through the APIs only: into the line, admitted, seats held,
 * an order placed and paid with the development gateway.
 */
async function call(
  url: string,
  fan: ApiFan,
  init: { method?: string; body?: unknown; headers?: Record<string, string> },
) {
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers: {
      Authorization: `Bearer ${fan.token}`,
      ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...init.headers,
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
  if (response.status >= 300) throw new Error(`${url} answered ${response.status}: ${text}`);
  return body;
}

export async function buyThroughApi(
  urls: { booking: string; waitingRoom: string },
  fan: ApiFan,
  sale: { eventId: string; dropId: string },
  seatIds: string[],
): Promise<string> {
  await joinLine(urls.waitingRoom, sale.dropId, fan);
  const token = await admission(urls.waitingRoom, sale.dropId, fan);
  const hold = await call(`${urls.booking}/holds`, fan, {
    method: 'POST',
    body: { eventId: sale.eventId, dropId: sale.dropId, seatIds },
    headers: { 'Admission-Token': token },
  });
  const holdId = String(hold.holdId);
  const order = await call(`${urls.booking}/orders`, fan, {
    method: 'POST',
    body: { holdId },
    headers: { 'Idempotency-Key': `hold:${holdId}` },
  });
  const payment = order.payment as { paymentId: string };
  await call(`${urls.booking}/payments/dev/${payment.paymentId}/confirm`, fan, { method: 'POST' });
  return String(order.orderId);
}
