import { createHash, createHmac } from 'node:crypto';
import { fairnessRecordSchema as fairnessRecord, type FairnessRecord } from '@ticketing/common/contracts/fairness';
import { siteConfig } from '../config.ts';

export type { FairnessRecord };

export function fairnessUrl(dropId: string): string {
  return `${siteConfig().WAITING_ROOM_URL}/drops/${encodeURIComponent(dropId)}/fairness`;
}

/** The record as a fan's browser reaches it. */
export function publicFairnessUrl(dropId: string): string {
  const config = siteConfig();
  const base = (config.PUBLIC_WAITING_ROOM_URL ?? config.WAITING_ROOM_URL).replace(/\/+$/, '');
  return `${base}/drops/${encodeURIComponent(dropId)}/fairness`;
}

export async function readFairness(dropId: string): Promise<FairnessRecord | undefined> {
  try {
    const response = await fetch(fairnessUrl(dropId), { signal: AbortSignal.timeout(siteConfig().API_TIMEOUT_MS) });
    if (!response.ok) return undefined;
    const parsed = fairnessRecord.safeParse(await response.json());
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export interface FairnessCheck {
  /** SHA-256 of the revealed seed equals the commitment published before the start. */
  seedMatches: boolean;
  /** The published order holds exactly the entrants. */
  sameEntrants: boolean;
  /** Sorting the entrants by HMAC-SHA256(seed, entry id) gives the published order. */
  orderMatches: boolean;
  /** The commitment was published before the start. */
  committedInTime: boolean;
}

/**
 * The waiting room's documented check, done here too so a fan sees the
 * verdict without running anything: entry id = hex(SHA-256("<drop>:<user>")),
 * rank = hex(HMAC-SHA256(seed, entry id)), order = entries by rank.
 */
export function checkFairness(record: FairnessRecord): FairnessCheck | undefined {
  if (!record.revealed || !record.seed || !record.entrants || !record.order) return undefined;
  const seed = Buffer.from(record.seed, 'hex');
  const seedMatches = createHash('sha256').update(seed).digest('hex') === record.seedCommitment;
  const sorted = (list: string[]) => [...list].sort();
  const sameEntrants = JSON.stringify(sorted(record.entrants)) === JSON.stringify(sorted(record.order));
  const rank = (entry: string) => createHmac('sha256', seed).update(entry, 'utf8').digest('hex');
  const expected = [...record.entrants].sort((a, b) => (rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : 0));
  const orderMatches = JSON.stringify(expected) === JSON.stringify(record.order);
  return {
    seedMatches,
    sameEntrants,
    orderMatches,
    committedInTime: Date.parse(record.committedAt) <= Date.parse(record.opensAt),
  };
}

/** A fan's own entry id for a drop, as the waiting room computes it. */
export function entryIdOf(dropId: string, userId: string): string {
  return createHash('sha256').update(`${dropId}:${userId}`, 'utf8').digest('hex');
}
