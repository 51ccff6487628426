import { z } from 'zod';
import {
  orderListItem,
  orderPage,
  orderStatus,
  orderTicket,
  timelineEntry,
  type OrderListItem,
  type OrderPage,
  type TimelineEntry,
} from '@ticketing/common/contracts/desk';
import { callApi, type ApiAnswer, type FanContext } from './client.ts';
import { parsed } from './booking.ts';

/** The back office's order documents are the shared contract; the desk's names for them. */
export const deskOrder = orderListItem;
export type DeskOrder = OrderListItem;
export const deskTicket = orderTicket;
export type DeskTicket = z.infer<typeof orderTicket>;
export { timelineEntry, type TimelineEntry };
export const deskOrderPage = orderPage;
export type DeskOrderPage = OrderPage;

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
