import type { Context } from 'koa';
import { DomainError, readLimited } from '@ticketing/common';

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
  return new URLSearchParams((await readLimited(ctx, limit)).toString('utf8'));
}
