import { readFileSync } from 'node:fs';
import type { RedisClient } from '@ticketing/common';
import { redisScript, runScript, type RedisScript } from '@ticketing/common';
import { dropKeyList, dropKeys, joinLimitKey, newsChannel } from './keys.ts';

/**
 * The waiting room's Lua scripts. Each is the shared prelude plus its own
 * body, run with EVALSHA (falling back to EVAL when the server has not seen
 * it yet, e.g. after a restart), always with every key of one drop.
 */
export interface LuaScript extends RedisScript {
  name: string;
}

const prelude = readFileSync(new URL('./lua/prelude.lua', import.meta.url), 'utf8');

function load(name: string): LuaScript {
  const source = `${prelude}\n${readFileSync(new URL(`./lua/${name}.lua`, import.meta.url), 'utf8')}`;
  return { name, ...redisScript(source) };
}

export const scripts = {
  join: load('join'),
  status: load('status'),
  standings: load('standings'),
  leave: load('leave'),
  finish: load('finish'),
  holdEnded: load('hold-ended'),
  extend: load('extend'),
  inventory: load('inventory'),
  configure: load('configure'),
  place: load('place'),
  tick: load('tick'),
} as const;

export type ScriptArg = string | number;

/**
 * A fan joins one drop: the join script with the fan's join limit key (in
 * the drop's slot) after the drop's keys, so the per-fan limit and the join
 * are one call. The limit is a GCRA of `joinsPerMinute` per minute.
 */
export function runJoinScript(
  redis: RedisClient,
  prefix: string,
  dropId: string,
  userId: string,
  joinsPerMinute: number,
): Promise<unknown> {
  return runScript(
    redis,
    scripts.join,
    [...dropKeyList(dropKeys(prefix, dropId)), joinLimitKey(prefix, dropId, userId)],
    [newsChannel(prefix), dropId, userId, 60_000 / joinsPerMinute, 60_000],
  );
}

/** Runs a script against one drop's keys; ARGV starts with the news channel and the drop id. */
export async function runDropScript(
  redis: RedisClient,
  prefix: string,
  script: LuaScript,
  dropId: string,
  args: readonly ScriptArg[] = [],
): Promise<unknown> {
  return runScript(redis, script, dropKeyList(dropKeys(prefix, dropId)), [newsChannel(prefix), dropId, ...args]);
}
