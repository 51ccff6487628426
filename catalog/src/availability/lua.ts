import { redisScript } from '@ticketing/common';

/*
 * The availability cache of one event lives under one base key with a hash
 * tag, `av:{ev:<id>}`, so every key of an event sits in one cluster slot and
 * a script may touch them all. Keys below the base:
 *
 *   :live              generation currently served
 *   :next              generation being built from PostgreSQL, if any
 *   :gen               generation counter
 *   :g:<n>:seats       hash seatId -> "status|version|heldUntilMs|sectionId"
 *   :g:<n>:sections    JSON list of the event's sections (static facts)
 *   :seq               change counter; every applied change and every swap bumps it
 *   :epoch             random tag of the counter, renewed if the counter is lost
 *   :log               stream of recent changes, entry id "<seq>-0"
 *   :snap              hash etag/until/body/seq/at: the serialized document, the seq it was built
 *                      from and when its source was read; kept across changes, served for a
 *                      bounded time after it falls behind (readSnapshot)
 *   :lock              who is building a generation
 *
 * The change channel is `<base>:ch` (pub/sub), carrying the same JSON as the log.
 * Status letters: a available, h held, s sold, b blocked.
 */

const common = `
local function versionOf(value)
  return tonumber(string.match(value, '^[^|]*|([^|]*)'))
end
local statusNames = { a = 'available', h = 'held', s = 'sold', b = 'blocked' }
`;

/**
 * Applies seat changes, each only if its version is newer than the cached
 * one (compare-and-set per seat): duplicates and late arrivals change
 * nothing. Writes to the generation being built as well, so a rebuild that
 * read PostgreSQL before this change still ends up with it.
 *
 * A lost counter starts a new epoch with an empty log, as a swap does, so
 * streams resync from a snapshot instead of ignoring the reused numbers.
 *
 * ARGV: logLength, occurredAtMs, messageId, epochCandidate, then per seat
 * seatId, sectionId, statusLetter, version, heldUntilMs ('' if none).
 * Returns {state, seq, gaps, changed}; state is 'cold' when no generation is live.
 */
export const applySeatChanges = redisScript(`${common}
local base = KEYS[1]
local live = redis.call('GET', base .. ':live')
local building = redis.call('GET', base .. ':next')
local function apply(gen, collect)
  local key = base .. ':g:' .. gen .. ':seats'
  local changed, gaps = {}, 0
  for i = 5, #ARGV, 5 do
    local seatId, version = ARGV[i], tonumber(ARGV[i + 3])
    local current = redis.call('HGET', key, seatId)
    local known = current and versionOf(current) or nil
    if known == nil or version > known then
      redis.call('HSET', key, seatId, ARGV[i + 2] .. '|' .. ARGV[i + 3] .. '|' .. ARGV[i + 4] .. '|' .. ARGV[i + 1])
      if collect then
        if known == nil or version > known + 1 then gaps = gaps + 1 end
        local change = { seatId = seatId, sectionId = ARGV[i + 1], status = statusNames[ARGV[i + 2]], version = version }
        if ARGV[i + 4] ~= '' then change.heldUntil = tonumber(ARGV[i + 4]) end
        changed[#changed + 1] = change
      end
    end
  end
  return changed, gaps
end
if building then apply(building, false) end
if not live then return { 'cold', 0, 0, 0 } end
local changed, gaps = apply(live, true)
if #changed == 0 then return { 'ok', 0, gaps, 0 } end
if redis.call('EXISTS', base .. ':seq') == 0 then
  -- The counter was lost: restarting it under the old epoch would reuse ids clients have seen.
  redis.call('DEL', base .. ':log', base .. ':snap')
  redis.call('SET', base .. ':epoch', ARGV[4])
elseif redis.call('EXISTS', base .. ':epoch') == 0 then
  redis.call('SET', base .. ':epoch', ARGV[4])
end
local seq = redis.call('INCR', base .. ':seq')
local message = cjson.encode({
  kind = 'delta', seq = seq, epoch = redis.call('GET', base .. ':epoch'),
  occurredAt = tonumber(ARGV[2]), messageId = ARGV[3], seats = changed,
})
redis.pcall('XADD', base .. ':log', 'MAXLEN', ARGV[1], seq .. '-0', 'm', message)
redis.call('PUBLISH', base .. ':ch', message)
return { 'ok', seq, gaps, #changed }
`);

/**
 * Starts building a new generation: returns its number, or nil while another
 * builder holds the lock. ARGV: lockToken, lockMs.
 */
export const beginBuild = redisScript(`
local base = KEYS[1]
if not redis.call('SET', base .. ':lock', ARGV[1], 'NX', 'PX', ARGV[2]) then return false end
local stale = redis.call('GET', base .. ':next')
if stale then redis.call('DEL', base .. ':g:' .. stale .. ':seats', base .. ':g:' .. stale .. ':sections') end
local gen = redis.call('INCR', base .. ':gen')
redis.call('SET', base .. ':next', gen)
return gen
`);

/**
 * Loads rows read from PostgreSQL into the generation being built, each only
 * if newer than what live changes already wrote there.
 * ARGV: gen, then per seat seatId, value, version. Returns 0 if superseded.
 */
export const loadGeneration = redisScript(`${common}
local base = KEYS[1]
if redis.call('GET', base .. ':next') ~= ARGV[1] then return 0 end
local key = base .. ':g:' .. ARGV[1] .. ':seats'
for i = 2, #ARGV, 3 do
  local current = redis.call('HGET', key, ARGV[i])
  if not current or versionOf(current) < tonumber(ARGV[i + 2]) then
    redis.call('HSET', key, ARGV[i], ARGV[i + 1])
  end
end
return 1
`);

/**
 * Makes the built generation live in one step, drops the old one, and tells
 * streams to resend a snapshot. ARGV: gen, sectionsJson, epochCandidate,
 * logLength, lockToken. Returns the new seq, or 0 if superseded.
 */
export const swapGeneration = redisScript(`
local base = KEYS[1]
if redis.call('GET', base .. ':next') ~= ARGV[1] then return 0 end
redis.call('SET', base .. ':g:' .. ARGV[1] .. ':sections', ARGV[2])
local old = redis.call('GET', base .. ':live')
redis.call('SET', base .. ':live', ARGV[1])
redis.call('DEL', base .. ':next', base .. ':snap')
if old and old ~= ARGV[1] then redis.call('DEL', base .. ':g:' .. old .. ':seats', base .. ':g:' .. old .. ':sections') end
if redis.call('EXISTS', base .. ':seq') == 0 then
  redis.call('DEL', base .. ':log')
  redis.call('SET', base .. ':epoch', ARGV[3])
elseif redis.call('EXISTS', base .. ':epoch') == 0 then
  redis.call('SET', base .. ':epoch', ARGV[3])
end
local seq = redis.call('INCR', base .. ':seq')
local message = cjson.encode({ kind = 'reset', seq = seq, epoch = redis.call('GET', base .. ':epoch') })
redis.pcall('XADD', base .. ':log', 'MAXLEN', ARGV[4], seq .. '-0', 'm', message)
redis.call('PUBLISH', base .. ':ch', message)
if redis.call('GET', base .. ':lock') == ARGV[5] then redis.call('DEL', base .. ':lock') end
return seq
`);

/** Releases the build lock if this builder still holds it. ARGV: lockToken. */
export const releaseBuild = redisScript(`
if redis.call('GET', KEYS[1] .. ':lock') == ARGV[1] then redis.call('DEL', KEYS[1] .. ':lock') end
return 1
`);

/**
 * The served document if it may still be served: {304, etag, fresh, ageMs, untilMs}
 * when it matches If-None-Match, {200, etag, fresh, ageMs, untilMs, body} otherwise,
 * {0} when it must be rebuilt. `fresh` is 1 when no change landed since it
 * was built; a document that fell behind is still served while its source
 * is at most maxStaleMs old, so a burst of changes does not send every
 * reader to rebuild it. ARGV: nowMs, ifNoneMatch, maxStaleMs.
 */
export const readSnapshot = redisScript(`
local base = KEYS[1]
local snap = redis.call('HMGET', base .. ':snap', 'etag', 'until', 'seq', 'at')
local now = tonumber(ARGV[1])
if not snap[1] or now >= tonumber(snap[2]) then return { 0 } end
local fresh = snap[3] == (redis.call('GET', base .. ':seq') or '0') and 1 or 0
local age = now - tonumber(snap[4] or '0')
if fresh == 0 and age > tonumber(ARGV[3]) then return { 0 } end
if snap[1] == ARGV[2] then return { 304, snap[1], fresh, age, snap[2] } end
return { 200, snap[1], fresh, age, snap[2], redis.call('HGET', base .. ':snap', 'body') }
`);

/**
 * Everything a document is made from, read atomically:
 * {live, epoch, seq, sectionsJson, seatsFlat} or {false} when cold.
 */
export const readSource = redisScript(`
local base = KEYS[1]
local live = redis.call('GET', base .. ':live')
if not live then return { false } end
return {
  live, redis.call('GET', base .. ':epoch') or '', redis.call('GET', base .. ':seq') or '0',
  redis.call('GET', base .. ':g:' .. live .. ':sections') or '[]',
  redis.call('HGETALL', base .. ':g:' .. live .. ':seats'),
}
`);

/**
 * Stores a built document unless a newer one is stored already (changes
 * that landed while it was built leave it behind, and readSnapshot bounds
 * how long it is served so).
 * ARGV: seq it was built from, etag, validUntilMs, body, ttlSeconds, readAtMs.
 */
export const writeSnapshot = redisScript(`
local base = KEYS[1]
if not redis.call('GET', base .. ':live') then return 0 end
local stored = tonumber(redis.call('HGET', base .. ':snap', 'seq') or '-1')
local seq = tonumber(ARGV[1])
if stored > seq or seq > tonumber(redis.call('GET', base .. ':seq') or '0') then return 0 end
redis.call('DEL', base .. ':snap')
redis.call('HSET', base .. ':snap', 'etag', ARGV[2], 'until', ARGV[3], 'body', ARGV[4], 'seq', ARGV[1], 'at', ARGV[6])
redis.call('EXPIRE', base .. ':snap', ARGV[5])
return 1
`);
