import type { Context } from 'koa';
import { DomainError } from '@ticketing/common';

const limit = 16 * 1024;

/** Reads an `application/x-www-form-urlencoded` body (the sign-in form, userinfo by POST). */
export async function readFormBody(ctx: Context): Promise<URLSearchParams> {
  if (!ctx.is('application/x-www-form-urlencoded')) {
    throw new DomainError(
      'unsupported',
      'unsupported_media_type',
      'Expected a form (application/x-www-form-urlencoded)',
    );
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      ctx.set('Connection', 'close');
      throw new DomainError('too_large', 'payload_too_large', `Form exceeds ${limit} bytes`);
    }
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks, size).toString('utf8'));
}
