import type { RedisClient } from '@ticketing/common';
import { conflict, DomainError, notFound } from '@ticketing/common';
import type { AdmissionIssuer } from '../admission/issuer.ts';
import type { DropConfig } from '../drops/drop-config.ts';
import type { DropDirectory } from '../drops/drop-directory.ts';
import { paceOf, type PulseBoard } from '../release/drop-pulse.ts';
import { withQueueStore } from '../store/redis-errors.ts';
import { runDropScript, runJoinScript, scripts, type LuaScript } from '../store/scripts.ts';
import { parsePhase, parseStanding, presentStatus, type Phase, type QueueStatus, type Standing } from './standing.ts';

export interface QueueServiceOptions {
  redis: RedisClient;
  prefix: string;
  drops: DropDirectory;
  pulses: PulseBoard;
  issuer: AdmissionIssuer;
  graceSeconds: number;
  /**
   * Joins one fan may make per minute on one drop (a burst of that many,
   * then one every 60/n s). Checked inside the join script, so the limit and
   * the join are one round trip; the per-address limit stays on the route.
   */
  joinsPerFanPerMinute: number;
}

/** Where a fan stands, as an answer; `gone` when they are no longer in line and why. */
export type FanView = { status: QueueStatus } | { gone: string };

export interface QueueService {
  /** Joins the line (idempotent per user: a second join answers the same place). */
  join(dropId: string, userId: string): Promise<{ created: boolean; status: QueueStatus }>;
  /** The fan's place; asking is the heartbeat. `not_in_queue` if they have none. */
  status(dropId: string, userId: string): Promise<QueueStatus>;
  leave(dropId: string, userId: string): Promise<void>;
  /** Many fans at once (one instance's open sockets); each counts as heard from. */
  views(dropId: string, userIds: readonly string[]): Promise<Map<string, FanView>>;
}

const tokenCacheSize = 50_000;

export function createQueueService(options: QueueServiceOptions): QueueService {
  const { redis, prefix, drops, pulses, issuer } = options;
  // Admission tokens are deterministic (Ed25519, fixed claims), so each is
  // signed once per instance and reused for every later answer.
  const tokens = new Map<string, string>();
  const heartbeatSeconds = Math.max(1, Math.floor(options.graceSeconds / 4));

  const runJoin = (dropId: string, userId: string) =>
    runJoinScript(redis, prefix, dropId, userId, options.joinsPerFanPerMinute);

  const run = async (script: LuaScript, dropId: string, args: string[], call?: () => Promise<unknown>) => {
    const once = call ?? (() => runDropScript(redis, prefix, script, dropId, args));
    const reply = await withQueueStore(once);
    if (!Array.isArray(reply)) throw new Error(`${script.name}: unexpected reply`);
    if (reply[0] === 'no_config') {
      // The Redis copy of the settings is gone (a flushed or replaced
      // server): read them from PostgreSQL again and retry once.
      await drops.reload(dropId);
      return (await withQueueStore(once)) as unknown[];
    }
    return reply as unknown[];
  };

  const tokenFor = async (config: DropConfig, userId: string, standing: Standing) => {
    if (standing.kind !== 'admitted') return undefined;
    const { admission } = standing;
    const cacheKey = `${config.dropId}|${userId}|${admission.number}`;
    const cached = tokens.get(cacheKey);
    if (cached) return cached;
    const token = await issuer.sign({
      sub: userId,
      drop: config.dropId,
      event: config.eventId,
      maxSeats: config.perUserLimit,
      jti: `${config.dropId}.${admission.number}`,
      iat: Math.floor(admission.admittedAt / 1000),
      exp: Math.floor(admission.expiresAt / 1000),
    });
    if (tokens.size >= tokenCacheSize) tokens.clear();
    tokens.set(cacheKey, token);
    return token;
  };

  const view = async (config: DropConfig, userId: string, phase: Phase, standing: Standing): Promise<FanView> => {
    if (standing.kind === 'none') return { gone: standing.outcome || 'not_joined' };
    return {
      status: presentStatus({
        config,
        userId,
        phase,
        standing,
        pace: paceOf(pulses.get(config.dropId)),
        heartbeatSeconds,
        now: Date.now(),
        admissionToken: await tokenFor(config, userId, standing),
      }),
    };
  };

  const readReply = (reply: unknown[], script: string) => {
    const phase = parsePhase(reply[1]);
    const standing = parseStanding(reply[0], reply[2]);
    if (!phase || !standing) throw new Error(`${script}: unreadable reply ${JSON.stringify(reply)}`);
    return { phase, standing };
  };

  return {
    async join(dropId, userId) {
      const config = await drops.config(dropId);
      const reply = await run(scripts.join, dropId, [userId], () => runJoin(dropId, userId));
      if (reply[0] === 'rate_limited') {
        throw new DomainError('rate_limited', 'rate_limited', 'Too many requests', {
          retryAfter: Math.max(1, Math.ceil(Number(reply[2]) / 1000)),
        });
      }
      if (reply[0] === 'closed') throw conflict('queue_closed', 'The line for this drop is closed');
      if (reply[0] === 'not_open') {
        throw conflict('queue_not_open', 'The line for this drop has not opened yet', {
          details: {
            prequeueOpensAt: config.prequeueOpensAt === null ? null : new Date(config.prequeueOpensAt).toISOString(),
            opensAt: new Date(config.opensAt).toISOString(),
          },
        });
      }
      const { phase, standing } = readReply(reply, 'join');
      const result = await view(config, userId, phase, standing);
      if ('gone' in result) throw new Error('join: the fan has no place after joining');
      return { created: reply[3] === 1, status: result.status };
    },

    async status(dropId, userId) {
      const config = await drops.config(dropId);
      const { phase, standing } = readReply(await run(scripts.status, dropId, [userId]), 'status');
      const result = await view(config, userId, phase, standing);
      if ('gone' in result) {
        throw notFound('not_in_queue', 'You are not in the line for this drop', { details: { reason: result.gone } });
      }
      return result.status;
    },

    async leave(dropId, userId) {
      await drops.config(dropId);
      // Leaving twice, or without a place, is still "not in line": DELETE is idempotent.
      await withQueueStore(() => runDropScript(redis, prefix, scripts.leave, dropId, [userId]));
    },

    async views(dropId, userIds) {
      const config = await drops.config(dropId);
      const reply = (await withQueueStore(() =>
        runDropScript(redis, prefix, scripts.standings, dropId, [...userIds]),
      )) as unknown[];
      const phase = parsePhase(reply[0]);
      const views = new Map<string, FanView>();
      if (!phase) return views;
      for (let i = 0; i < userIds.length; i++) {
        const standing = parseStanding(reply[1 + 2 * i], reply[2 + 2 * i]);
        if (standing) views.set(userIds[i]!, await view(config, userIds[i]!, phase, standing));
      }
      return views;
    },
  };
}
