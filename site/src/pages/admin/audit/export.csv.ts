import type { APIRoute } from 'astro';
import { auditFiltersOf, auditQuery } from '../../../lib/api/admin.ts';
import { callApiRaw } from '../../../lib/api/client.ts';
import { deskAccess } from '../../../lib/desk/access.ts';
import { deskMessage } from '../../../lib/desk/desk-messages.ts';

/** The audit log as CSV, with the page's filters, passed on from the back office as it streams. */
export const GET: APIRoute = async (context) => {
  const access = await deskAccess(context, 'admin');
  if (access.kind === 'sign_in') return context.redirect(access.path, 303);
  const text = (status: number, message: string) =>
    new Response(message, {
      status,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
    });
  if (access.kind === 'not_allowed') return text(403, 'Your account is not allowed to export the audit log.');
  const answer = await callApiRaw(context, 'admin', `/audit/export.csv${auditQuery(auditFiltersOf(context.url))}`);
  if (answer === 'signed_out') return context.redirect('/auth/login?returnTo=%2Fadmin%2Faudit', 303);
  if (answer === 'unreachable') return text(503, deskMessage('unreachable'));
  if (!answer.ok)
    return text(
      answer.status >= 500 ? 503 : answer.status,
      deskMessage(answer.status === 400 ? 'validation_failed' : undefined),
    );
  const headers = new Headers({
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': 'attachment; filename="audit-log.csv"',
    'Cache-Control': 'private, no-store',
  });
  const truncated = answer.headers.get('X-Truncated');
  if (truncated) headers.set('X-Truncated', truncated);
  return new Response(answer.body, { status: 200, headers });
};
