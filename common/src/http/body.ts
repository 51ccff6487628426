import type { Context } from 'koa';
import { DomainError } from '../errors.ts';

export const defaultBodyLimit = 64 * 1024;

/**
 * Reads a JSON request body with a hard size limit. The raw bytes are kept
 * (webhook signatures are computed over them); the parsed value is returned.
 * An empty body is `undefined`, left for the route's schema to judge.
 */
export async function readJsonBody(ctx: Context, limit = defaultBodyLimit): Promise<unknown> {
  const declared = ctx.request.length;
  if (declared !== undefined && declared > limit) throw tooLarge(limit);
  if (declared === 0 || (declared === undefined && !ctx.get('Transfer-Encoding'))) {
    ctx.state.rawBody = Buffer.alloc(0);
    return undefined;
  }
  if (!ctx.is('application/json', '+json')) {
    throw new DomainError('unsupported', 'unsupported_media_type', 'Request body must be application/json');
  }
  const raw = await readLimited(ctx, limit);
  ctx.state.rawBody = raw;
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    throw new DomainError('invalid', 'invalid_json', 'Request body is not valid JSON');
  }
}

/**
 * Reads a text body of one media type (a CSV upload) with the same limit,
 * as UTF-8. An empty body is `undefined`, left for the route's schema to judge.
 */
export async function readTextBody(ctx: Context, mediaType: string, limit = defaultBodyLimit): Promise<unknown> {
  const declared = ctx.request.length;
  if (declared !== undefined && declared > limit) throw tooLarge(limit);
  if (declared === 0 || (declared === undefined && !ctx.get('Transfer-Encoding'))) return undefined;
  if (!ctx.is(mediaType)) {
    throw new DomainError('unsupported', 'unsupported_media_type', `Request body must be ${mediaType}`);
  }
  const raw = await readLimited(ctx, limit);
  if (raw.length === 0) return undefined;
  const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  try {
    return text.decode(raw);
  } catch {
    throw new DomainError('invalid', 'invalid_encoding', 'Request body is not valid UTF-8');
  }
}

function tooLarge(limit: number): DomainError {
  return new DomainError('too_large', 'payload_too_large', `Request body exceeds ${limit} bytes`, {
    details: { limit },
  });
}

/** The raw body, refused with 413 `payload_too_large` past `limit` bytes without reading the rest. */
export async function readLimited(ctx: Context, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      // Stop reading, answer, and close the connection rather than drain an abusive upload.
      ctx.set('Connection', 'close');
      throw tooLarge(limit);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}
