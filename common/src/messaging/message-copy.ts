import type { AsyncMessage, Envelope as AmqpEnvelope, SyncMessage } from 'rabbitmq-client';

/** Headers the broker writes when it dead-letters; a copy must not carry them (RabbitMQ 4 refuses them from clients). */
const brokerHeaders = new Set(['x-death', 'x-first-death-exchange', 'x-first-death-queue', 'x-first-death-reason']);

export const attemptsHeader = 'x-attempts';
export const lastErrorHeader = 'x-last-error';
export const originalRoutingKeyHeader = 'x-original-routing-key';
export const parkedReasonHeader = 'x-parked-reason';
export const parkedAttemptsHeader = 'x-parked-attempts';
export const parkedAtHeader = 'x-parked-at';
export const parkedFromHeader = 'x-parked-from';
export const replayedHeader = 'x-replayed';

type Delivered = AsyncMessage | SyncMessage;

export function headersOf(msg: Delivered): Record<string, unknown> {
  const headers: unknown = msg.headers;
  return typeof headers === 'object' && headers !== null ? { ...(headers as Record<string, unknown>) } : {};
}

export function headerNumber(value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return 0;
}

export function headerText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return undefined;
}

/** The routing key the message was first published with, whichever detour it took since. */
export function originalRoutingKey(msg: Delivered): string {
  return headerText(headersOf(msg)[originalRoutingKeyHeader]) ?? msg.routingKey;
}

/**
 * The body as bytes again: rabbitmq-client hands JSON over already parsed
 * (and text as a string), but a retry or a parked copy must carry what the
 * publisher sent, even when it was not valid JSON.
 */
export function rawBody(msg: Delivered): { body: Buffer; contentType: string | undefined } {
  const body: unknown = msg.body;
  if (Buffer.isBuffer(body)) return { body, contentType: msg.contentType };
  if (typeof body === 'string' && msg.contentType === 'text/plain') {
    return { body: Buffer.from(body, 'utf8'), contentType: msg.contentType };
  }
  return { body: Buffer.from(JSON.stringify(body) ?? 'null', 'utf8'), contentType: 'application/json' };
}

/**
 * A durable copy of a delivered message for a detour (retry, parking,
 * replay): same id, type and body, the caller's headers on top, and the
 * first routing key remembered so handlers and people still see it.
 */
export function copyMessage(
  msg: Delivered,
  target: { exchange: string; routingKey: string },
  headers: Record<string, unknown>,
  dropHeaders: readonly string[] = [],
): { envelope: AmqpEnvelope; body: Buffer } {
  const { body, contentType } = rawBody(msg);
  const merged: Record<string, unknown> = { [originalRoutingKeyHeader]: originalRoutingKey(msg) };
  for (const [key, value] of Object.entries(headersOf(msg))) {
    if (!brokerHeaders.has(key) && !key.startsWith('x-last-death') && !dropHeaders.includes(key)) merged[key] = value;
  }
  Object.assign(merged, headers);
  const envelope: AmqpEnvelope = {
    exchange: target.exchange,
    routingKey: target.routingKey,
    durable: true,
    headers: merged,
  };
  if (contentType !== undefined) envelope.contentType = contentType;
  if (msg.contentEncoding !== undefined) envelope.contentEncoding = msg.contentEncoding;
  if (msg.messageId !== undefined) envelope.messageId = msg.messageId;
  if (msg.type !== undefined) envelope.type = msg.type;
  if (msg.timestamp !== undefined) envelope.timestamp = msg.timestamp;
  if (msg.correlationId !== undefined) envelope.correlationId = msg.correlationId;
  if (msg.appId !== undefined) envelope.appId = msg.appId;
  return { envelope, body };
}

/** Header values are bounded: a stack-sized error message must not bloat every copy. */
export function boundedText(text: string, max = 1_000): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
