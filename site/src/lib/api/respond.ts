import { fanMessage } from '../fan-messages.ts';
import type { ApiAnswer } from './client.ts';

/**
 * The storefront's own JSON answers to its islands: the service's body when
 * it worked, otherwise `{ code, message }` with the message in plain words.
 */
export function respond(answer: ApiAnswer<unknown>, pick: (body: unknown) => unknown = (b) => b): Response {
  const headers = { 'Cache-Control': 'no-store' };
  switch (answer.kind) {
    case 'ok':
      return answer.status === 204
        ? new Response(null, { status: 204, headers })
        : Response.json(pick(answer.body), { status: answer.status, headers });
    case 'signed_out':
      return Response.json({ code: 'signed_out', message: fanMessage('signed_out') }, { status: 401, headers });
    case 'unreachable':
      return Response.json({ code: 'unreachable', message: fanMessage('unreachable') }, { status: 503, headers });
    case 'problem': {
      const extra: Record<string, unknown> = {};
      for (const key of ['seats', 'limit', 'reason'] as const) {
        if (answer.body[key] !== undefined) extra[key] = answer.body[key];
      }
      return Response.json(
        { code: answer.code, message: fanMessage(answer.code), ...extra },
        { status: answer.status >= 500 ? 503 : answer.status, headers },
      );
    }
  }
}

/** Reads a JSON request body; undefined for anything that is not a JSON object. */
export async function jsonBody(request: Request): Promise<Record<string, unknown> | undefined> {
  if (!request.headers.get('content-type')?.includes('application/json')) return undefined;
  try {
    const body: unknown = await request.json();
    return typeof body === 'object' && body !== null && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

export function badRequest(): Response {
  return Response.json(
    { code: 'bad_request', message: 'That request was not understood. Please reload the page.' },
    { status: 400, headers: { 'Cache-Control': 'no-store' } },
  );
}
