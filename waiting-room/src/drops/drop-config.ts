import { z } from 'zod';

/**
 * A drop's settings as the waiting room uses them. PostgreSQL (booking's
 * `drops` table, which organizers edit) is the source of truth; the copy in
 * the drop's Redis hash is what every instance and script reads.
 */
export interface DropConfig {
  dropId: string;
  eventId: string;
  organizerId: string;
  size: number;
  releaseRatePerMinute: number;
  maxActive: number;
  holdSeconds: number;
  /** Seats one admission may take (the `maxSeats` claim). */
  perUserLimit: number;
  /** Epoch milliseconds. */
  opensAt: number;
  prequeueOpensAt: number | null;
  closesAt: number | null;
  enabled: boolean;
  paused: boolean;
  version: number;
}

/** The hash fields, as flat pairs for HSET; absent times are empty strings. */
export function configFields(config: DropConfig): string[] {
  const fields: Record<string, string> = {
    eventId: config.eventId,
    organizerId: config.organizerId,
    size: String(config.size),
    releaseRatePerMinute: String(config.releaseRatePerMinute),
    maxActive: String(config.maxActive),
    holdSeconds: String(config.holdSeconds),
    perUserLimit: String(config.perUserLimit),
    opensAt: String(config.opensAt),
    prequeueOpensAt: config.prequeueOpensAt === null ? '' : String(config.prequeueOpensAt),
    closesAt: config.closesAt === null ? '' : String(config.closesAt),
    enabled: config.enabled ? '1' : '0',
    paused: config.paused ? '1' : '0',
    version: String(config.version),
  };
  return Object.entries(fields).flat();
}

const int = z.coerce.number().int();
const optionalTime = z.string().transform((v) => (v === '' ? null : Number(v)));

const hashSchema = z.object({
  eventId: z.string().min(1),
  organizerId: z.string(),
  size: int,
  releaseRatePerMinute: int.positive(),
  maxActive: int.positive(),
  holdSeconds: int,
  perUserLimit: int.positive(),
  opensAt: int,
  prequeueOpensAt: optionalTime,
  closesAt: optionalTime,
  enabled: z.string().transform((v) => v === '1'),
  paused: z.string().transform((v) => v === '1'),
  version: int,
});

/** Reads the Redis hash back; undefined when the drop has no settings there yet. */
export function parseConfigHash(dropId: string, hash: Record<string, string>): DropConfig | undefined {
  if (Object.keys(hash).length === 0) return undefined;
  const parsed = hashSchema.safeParse(hash);
  if (!parsed.success) throw new Error(`drop ${dropId}: unreadable settings in Redis: ${parsed.error.message}`);
  return { dropId, ...parsed.data };
}
