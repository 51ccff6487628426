import { createHash, randomBytes } from 'node:crypto';
import type { RedisClient } from '@ticketing/common';
import type pg from 'pg';
import { notFound, unavailable, type Logger } from '@ticketing/common';
import { dropKeys, dropRegistryKey } from '../store/keys.ts';
import { runDropScript, scripts } from '../store/scripts.ts';
import { withQueueStore } from '../store/redis-errors.ts';
import { parseConfigHash, configFields, type DropConfig } from './drop-config.ts';
import { readDropConfig } from './drop-source.ts';

export interface DropDirectoryOptions {
  redis: RedisClient;
  prefix: string;
  pool: pg.Pool;
  logger: Logger;
  /** Admission events kept in each drop's stream. */
  eventsMaxLength: number;
}

/**
 * Which drops exist and what their settings are, for this instance. A drop
 * is read from PostgreSQL the first time any instance sees it and written to
 * the drop's Redis hash; after that every instance reads Redis, and
 * `reload` (on `drop.changed`) brings organizer edits in.
 */
export interface DropDirectory {
  /** The drop's settings; `drop_not_found` if PostgreSQL has no such drop. */
  config(dropId: string): Promise<DropConfig>;
  /** The settings this instance last read, without a round trip. */
  cached(dropId: string): DropConfig | undefined;
  /** Re-reads PostgreSQL and stores the settings if they are newer. */
  reload(dropId: string): Promise<void>;
  /** Re-reads the Redis copy (another instance applied a change). */
  refresh(dropId: string): Promise<void>;
  /** Every drop this deployment has seen. */
  registered(): Promise<string[]>;
  /** The drops this instance has read settings for. */
  local(): string[];
  /** Drops what this instance holds about a retired drop. */
  forget(dropId: string): void;
}

const negativeTtlMs = 10_000;
const negativeCacheSize = 10_000;

export function createDropDirectory(options: DropDirectoryOptions): DropDirectory {
  const { redis, prefix, pool, logger } = options;
  const configs = new Map<string, DropConfig>();
  const loading = new Map<string, Promise<DropConfig>>();
  // Unknown ids are remembered briefly so a flood of made-up drops cannot hammer PostgreSQL.
  const missing = new Map<string, number>();

  const readRedis = async (dropId: string) => {
    const hash = await withQueueStore(() => redis.hgetall(dropKeys(prefix, dropId).config));
    return parseConfigHash(dropId, hash);
  };

  const store = async (config: DropConfig) => {
    const seed = randomBytes(32);
    const seedHash = createHash('sha256').update(seed).digest('hex');
    await withQueueStore(async () => {
      await runDropScript(redis, prefix, scripts.configure, config.dropId, [
        config.version,
        seed.toString('hex'),
        seedHash,
        options.eventsMaxLength,
        ...configFields(config),
      ]);
      await redis.sadd(dropRegistryKey(prefix), config.dropId);
    });
  };

  const readPostgres = async (dropId: string) => {
    try {
      return await readDropConfig(pool, dropId);
    } catch (error) {
      logger.warn({ err: error, dropId }, 'drop settings could not be read from PostgreSQL');
      throw unavailable('drop_settings_unavailable', 'The drop settings cannot be read right now', {
        cause: error,
        retryAfter: 5,
      });
    }
  };

  const load = async (dropId: string): Promise<DropConfig> => {
    const known = await readRedis(dropId);
    if (known) return known;
    const fresh = await readPostgres(dropId);
    if (!fresh) {
      if (missing.size >= negativeCacheSize) missing.clear();
      missing.set(dropId, Date.now() + negativeTtlMs);
      throw notFound('drop_not_found', 'There is no such drop');
    }
    await store(fresh);
    // Another instance may have stored a newer version in the meantime.
    return (await readRedis(dropId)) ?? fresh;
  };

  return {
    async config(dropId) {
      const cached = configs.get(dropId);
      if (cached) return cached;
      const until = missing.get(dropId);
      if (until !== undefined && until > Date.now()) throw notFound('drop_not_found', 'There is no such drop');
      let pending = loading.get(dropId);
      if (!pending) {
        pending = load(dropId).finally(() => loading.delete(dropId));
        loading.set(dropId, pending);
      }
      const config = await pending;
      configs.set(dropId, config);
      missing.delete(dropId);
      return config;
    },
    cached: (dropId) => configs.get(dropId),
    async reload(dropId) {
      const fresh = await readPostgres(dropId);
      if (!fresh) {
        // The drop was deleted: close its line rather than forget the fans in it.
        const current = configs.get(dropId) ?? (await readRedis(dropId));
        if (current) await store({ ...current, enabled: false, version: current.version + 1 });
      } else {
        await store(fresh);
      }
      await this.refresh(dropId);
    },
    async refresh(dropId) {
      const config = await readRedis(dropId);
      if (config) configs.set(dropId, config);
    },
    local: () => [...configs.keys()],
    forget: (dropId) => {
      configs.delete(dropId);
    },
    async registered() {
      return withQueueStore(() => redis.smembers(dropRegistryKey(prefix)));
    },
  };
}
