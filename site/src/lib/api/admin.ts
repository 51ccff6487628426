import { z } from 'zod';
import { callApi, type ApiAnswer, type FanContext } from './client.ts';
import { parsed } from './booking.ts';

/** The back office's documents, as far as the admin's desk reads them. */
const orderStatus = z.enum([
  'pending_payment',
  'paid',
  'expired_not_charged',
  'cancelled',
  'refunded',
  'partially_refunded',
]);

export const deskOrder = z.object({
  orderId: z.string(),
  status: orderStatus,
  userId: z.string(),
  email: z.string().nullable(),
  name: z.string().nullable(),
  event: z.object({ eventId: z.string(), name: z.string(), startsAt: z.string(), timezone: z.string() }),
  dropId: z.string(),
  totalCents: z.number().int(),
  refundedCents: z.number().int(),
  currency: z.string(),
  createdAt: z.string(),
  paidAt: z.string().nullable(),
  ticketCounts: z.object({ total: z.number().int(), valid: z.number().int() }),
});
export type DeskOrder = z.infer<typeof deskOrder>;

export const deskTicket = z.object({
  ticketId: z.string(),
  seatId: z.string(),
  section: z.string(),
  row: z.string(),
  seat: z.string(),
  priceCents: z.number().int(),
  version: z.number().int(),
  status: z.enum(['valid', 'revoked']),
  issuedAt: z.string(),
  revokedAt: z.string().nullable(),
  usedAt: z.string().nullable(),
  usedGateId: z.string().nullable(),
});
export type DeskTicket = z.infer<typeof deskTicket>;

export const timelineEntry = z.object({
  at: z.string(),
  kind: z.string(),
  actorId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type TimelineEntry = z.infer<typeof timelineEntry>;

export const deskOrderPage = deskOrder.extend({
  holdId: z.string(),
  payment: z
    .object({
      paymentId: z.string(),
      provider: z.string(),
      providerRef: z.string().nullable(),
      status: z.string(),
      amountCents: z.number().int(),
      refundedCents: z.number().int(),
    })
    .nullable(),
  tickets: z.array(deskTicket),
  timeline: z.array(timelineEntry),
});
export type DeskOrderPage = z.infer<typeof deskOrderPage>;

export const auditEntry = z.object({
  id: z.union([z.string(), z.number()]),
  at: z.string(),
  actorId: z.string().nullable(),
  action: z.string(),
  subjectType: z.string(),
  subjectId: z.string(),
  details: z.unknown(),
});
export type AuditEntry = z.infer<typeof auditEntry>;

const refundAnswer = z.object({
  orderId: z.string(),
  status: orderStatus,
  ticketIds: z.array(z.string()),
  refundedCents: z.number().int(),
  totalRefundedCents: z.number().int(),
  seatsReturned: z.boolean(),
  refundId: z.string(),
});
export type RefundAnswer = z.infer<typeof refundAnswer>;

const reissueAnswer = z.object({ ticketId: z.string(), version: z.number().int(), previousVersion: z.number().int() });

/** Only these query parameters pass from the page to the API. */
function query(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

export async function searchOrders(
  context: FanContext,
  params: { q?: string; cursor?: string },
): Promise<ApiAnswer<{ orders: DeskOrder[]; nextCursor: string | null }>> {
  return parsed(
    await callApi(context, 'admin', `/orders${query({ ...params, limit: '25' })}`),
    z.object({ orders: z.array(deskOrder), nextCursor: z.string().nullable() }),
  );
}

export async function getDeskOrder(context: FanContext, orderId: string): Promise<ApiAnswer<DeskOrderPage>> {
  return parsed(await callApi(context, 'admin', `/orders/${encodeURIComponent(orderId)}`), deskOrderPage);
}

export async function refundOrder(
  context: FanContext,
  orderId: string,
  body: { ticketIds?: string[]; returnSeats: boolean; reason: string },
  idempotencyKey: string,
): Promise<ApiAnswer<RefundAnswer>> {
  return parsed(
    await callApi(context, 'admin', `/orders/${encodeURIComponent(orderId)}/refunds`, {
      method: 'POST',
      body,
      headers: { 'Idempotency-Key': idempotencyKey },
    }),
    refundAnswer,
  );
}

export async function reissueTicket(
  context: FanContext,
  ticketId: string,
  reason: string,
  idempotencyKey: string,
): Promise<ApiAnswer<z.infer<typeof reissueAnswer>>> {
  return parsed(
    await callApi(context, 'admin', `/tickets/${encodeURIComponent(ticketId)}/reissue`, {
      method: 'POST',
      body: { reason },
      headers: { 'Idempotency-Key': idempotencyKey },
    }),
    reissueAnswer,
  );
}

export const auditFilterNames = ['actorId', 'action', 'subjectType', 'subjectId', 'from', 'to'] as const;
export type AuditFilters = Partial<Record<(typeof auditFilterNames)[number], string>>;

export function auditFiltersOf(url: URL): AuditFilters {
  const filters: AuditFilters = {};
  for (const name of auditFilterNames) {
    const value = url.searchParams.get(name)?.trim();
    if (value) filters[name] = value;
  }
  return filters;
}

/** The filters as the API reads them: dates from the form's `yyyy-mm-dd` become whole UTC days. */
export function auditQuery(filters: AuditFilters, extra: Record<string, string | undefined> = {}): string {
  const from = filters.from && /^\d{4}-\d{2}-\d{2}$/.test(filters.from) ? `${filters.from}T00:00:00Z` : filters.from;
  const to = filters.to && /^\d{4}-\d{2}-\d{2}$/.test(filters.to) ? `${filters.to}T23:59:59.999Z` : filters.to;
  return query({ ...filters, from, to, ...extra });
}

export async function listAudit(
  context: FanContext,
  filters: AuditFilters,
  cursor?: string,
): Promise<ApiAnswer<{ entries: AuditEntry[]; nextCursor: string | null }>> {
  return parsed(
    await callApi(context, 'admin', `/audit${auditQuery(filters, { cursor, limit: '50' })}`),
    z.object({ entries: z.array(auditEntry), nextCursor: z.string().nullable() }),
  );
}
