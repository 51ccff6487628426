import { readDropSettings, type Queryable } from '@ticketing/booking/read-models';
import type { DropConfig } from './drop-config.ts';

/** A drop's settings from booking (read-only), in the waiting room's terms; undefined if there is no such drop. */
export async function readDropConfig(db: Queryable, dropId: string): Promise<DropConfig | undefined> {
  const drop = await readDropSettings(db, dropId);
  if (!drop) return undefined;
  return {
    dropId: drop.dropId,
    eventId: drop.eventId,
    organizerId: drop.organizerId,
    size: drop.size,
    releaseRatePerMinute: drop.releaseRatePerMinute,
    maxActive: drop.maxActive,
    holdSeconds: drop.holdSeconds,
    perUserLimit: drop.perUserLimit,
    opensAt: drop.opensAt.getTime(),
    prequeueOpensAt: drop.prequeueOpensAt?.getTime() ?? null,
    closesAt: drop.closesAt?.getTime() ?? null,
    enabled: drop.queueEnabled,
    paused: drop.paused,
    version: drop.version,
  };
}
