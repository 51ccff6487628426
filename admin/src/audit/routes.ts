import { defineRoute } from '@ticketing/common';
import {
  auditFilter,
  auditPage,
  auditQuery,
  exportAuditLog,
  readAuditLog,
  type Database,
} from '@ticketing/booking/back-office';
import { z } from 'zod';
import { actorOf, adminAccess } from '../actor.ts';

/**
 * The audit log of every back-office action (who, when, what, why), newest
 * first, filtered by actor, action, subject and time range; the same filters
 * export it as CSV.
 */
export function auditRoutes(db: Database) {
  return [
    defineRoute({
      method: 'get',
      path: '/audit',
      access: adminAccess,
      input: { query: auditQuery },
      output: { 200: auditPage },
      async handler({ input, user }) {
        const page = await readAuditLog(db, actorOf(user), input.query);
        return { status: 200, body: page, headers: { 'Cache-Control': 'no-store' } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/audit/export.csv',
      access: adminAccess,
      input: { query: auditFilter },
      output: { 200: z.string() },
      async handler({ input, user }) {
        const exported = await exportAuditLog(db, actorOf(user), input.query);
        return {
          status: 200,
          body: exported.csv,
          headers: {
            'Content-Type': 'text/csv; charset=utf-8',
            'Content-Disposition': 'attachment; filename="audit-log.csv"',
            'Cache-Control': 'no-store',
            // The export stops at booking's limit; a narrower filter gets the rest.
            'X-Truncated': String(exported.truncated),
          },
        };
      },
    }),
  ];
}
