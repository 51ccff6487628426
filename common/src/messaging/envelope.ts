import { z } from 'zod';
import type { Envelope, MessageType } from '../events.ts';

/**
 * The outer shape every message shares. The data of each type is the
 * publisher's contract (events.ts); a consumer that needs more certainty
 * validates its own part.
 */
export const envelopeSchema = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  occurredAt: z.string().min(1),
  data: z.record(z.string(), z.unknown()),
});

export type ParsedEnvelope = { ok: true; envelope: Envelope } | { ok: false; reason: string };

/** Reads a delivered body (rabbitmq-client has already parsed JSON when it could). */
export function parseEnvelope(body: unknown, contentType: string | undefined): ParsedEnvelope {
  if (contentType !== 'application/json') return { ok: false, reason: `content type ${contentType ?? 'missing'}` };
  if (Buffer.isBuffer(body)) return { ok: false, reason: 'body is not valid JSON' };
  const result = envelopeSchema.safeParse(body);
  if (!result.success) {
    const fields = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    return { ok: false, reason: `not an envelope (${fields.join('; ')})` };
  }
  // The type names are the publisher's; an unknown one is routed to "no handler".
  return { ok: true, envelope: result.data as Envelope<MessageType> };
}
