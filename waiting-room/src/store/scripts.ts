import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import { dropKeyList, dropKeys, newsChannel } from './keys.ts';

/**
 * The waiting room's Lua scripts. Each is the shared prelude plus its own
 * body, run with EVALSHA (falling back to EVAL when the server has not seen
 * it yet, e.g. after a restart), always with every key of one drop.
 */
export interface LuaScript {
  name: string;
  source: string;
  sha: string;
}

const prelude = readFileSync(new URL('./lua/prelude.lua', import.meta.url), 'utf8');

function load(name: string): LuaScript {
  const source = `${prelude}\n${readFileSync(new URL(`./lua/${name}.lua`, import.meta.url), 'utf8')}`;
  return { name, source, sha: createHash('sha1').update(source).digest('hex') };
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

function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOSCRIPT');
}

/** Runs a script against one drop's keys; ARGV starts with the news channel and the drop id. */
export async function runDropScript(
  redis: Redis,
  prefix: string,
  script: LuaScript,
  dropId: string,
  args: readonly ScriptArg[] = [],
): Promise<unknown> {
  const keys = dropKeyList(dropKeys(prefix, dropId));
  const argv = [newsChannel(prefix), dropId, ...args];
  try {
    return await redis.evalsha(script.sha, keys.length, ...keys, ...argv);
  } catch (error) {
    if (!isNoScript(error)) throw error;
    return redis.eval(script.source, keys.length, ...keys, ...argv);
  }
}
