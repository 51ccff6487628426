import type { Context } from 'koa';
import { DomainError, statusOfKind } from '../errors.ts';

/** Codes for failures the HTTP layer itself detects, by status. */
const codeOfStatus: Record<number, string> = {
  400: 'bad_request',
  401: 'auth_required',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  408: 'request_timeout',
  409: 'conflict',
  411: 'length_required',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  429: 'rate_limited',
  501: 'not_implemented',
  503: 'unavailable',
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  instance?: string;
  [member: string]: unknown;
}

/** Writes an RFC 9457 problem document. */
export function sendProblem(ctx: Context, problem: Problem): void {
  ctx.status = problem.status;
  ctx.type = 'application/problem+json';
  ctx.body = problem;
}

export function problemOf(error: DomainError, requestId: string | undefined): Problem {
  const status = statusOfKind[error.kind];
  return {
    ...error.details,
    type: `urn:ticketing:problem:${error.code}`,
    title: error.message,
    status,
    code: error.code,
    ...(requestId ? { instance: `urn:request:${requestId}` } : {}),
  };
}

/** Errors thrown by Koa itself or by middleware using http-errors (`ctx.throw`). */
export function httpErrorStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const candidate = error as { status?: unknown; expose?: unknown };
  if (typeof candidate.status !== 'number' || candidate.status < 400 || candidate.status > 599) return undefined;
  return candidate.expose === false && candidate.status >= 500 ? undefined : candidate.status;
}

export function genericProblem(status: number, title: string, requestId: string | undefined): Problem {
  const code = codeOfStatus[status] ?? (status >= 500 ? 'internal_error' : 'bad_request');
  return {
    type: `urn:ticketing:problem:${code}`,
    title,
    status,
    code,
    ...(requestId ? { instance: `urn:request:${requestId}` } : {}),
  };
}
