import { z } from 'zod';

/** The audit log as the admin reads it: filters, a page, one entry. */

const isoTime = z.iso.datetime({ offset: true });

const filterShape = {
  /** Who acted: the identity provider's subject. */
  actorId: z.string().min(1).max(200).optional(),
  /** What they did, e.g. `order.refunded`, `ticket.reissued`, `event.cancelled`, `drop.updated`. */
  action: z.string().min(1).max(100).optional(),
  /** What it was done to: `order`, `ticket`, `event`, `drop`, and its id. */
  subjectType: z.string().min(1).max(50).optional(),
  subjectId: z.string().min(1).max(200).optional(),
  /** From this time (inclusive) to that one (exclusive). */
  from: isoTime.optional(),
  to: isoTime.optional(),
};

const ordered = (f: { from?: string | undefined; to?: string | undefined }) =>
  !f.from || !f.to || Date.parse(f.from) < Date.parse(f.to);
const orderedMessage = { message: 'from must be before to', path: ['to'] };

/** The filters, for the CSV export. */
export const auditFilter = z.object(filterShape).refine(ordered, orderedMessage);
export type AuditFilter = z.output<typeof auditFilter>;

/** The filters and a page, for the list. */
export const auditQuery = z
  .object({
    ...filterShape,
    limit: z.coerce.number().int().min(1).max(500).default(50),
    /** `nextCursor` of the previous page. */
    cursor: z.string().min(1).max(300).optional(),
  })
  .refine(ordered, orderedMessage);
export type AuditQuery = z.output<typeof auditQuery>;

export const auditEntry = z.object({
  id: z.string(),
  at: z.string(),
  actorId: z.string(),
  action: z.string(),
  subjectType: z.string(),
  subjectId: z.string(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntryView = z.infer<typeof auditEntry>;

export const auditPage = z.object({ entries: z.array(auditEntry), nextCursor: z.string().nullable() });
export type AuditPage = z.infer<typeof auditPage>;
