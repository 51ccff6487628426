-- One release tick. Any instance may run it at any time: all state is read
-- and written here atomically, and the token bucket refills by Redis's own
-- clock, so N instances ticking release exactly what one would.
--
-- ARGV[3] grace ms, ARGV[4] admission window ms, ARGV[5] most fans touched per step,
-- ARGV[6] silence (ms) after which the tick assumes an outage, ARGV[7] retention (ms) after closesAt.
-- Returns { phase, admitted now, waiting, pre-queued, active, admissions in the
-- rate window, rate window ms, admitted total, finished total, expired total,
-- dropped total, sold out, available, held, placed, retired }.
local grace, window, batch, outage = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local retention = tonumber(ARGV[7])
local now = now_ms()
local phase = phase_of(now)
if phase == 'unknown' then return { 'unknown' } end

-- Nobody could be heard from while no instance reached Redis: after such a
-- gap every fan gets a fresh grace period instead of being dropped as a ghost.
local last_tick = tonumber(redis.call('HGET', K_STATE, 'lastTickAt'))
if last_tick and now - last_tick > outage then redis.call('HSET', K_STATE, 'resumedAt', now) end
redis.call('HSET', K_STATE, 'lastTickAt', now)
local cutoff = now - grace
local ghosts_possible = (tonumber(redis.call('HGET', K_STATE, 'resumedAt')) or 0) <= cutoff

local dropped = 0
local function drop_ghost(user)
  redis.call('ZREM', K_WAITING, user)
  redis.call('SREM', K_PREQUEUE, user)
  redis.call('ZREM', K_SEEN, user)
  redis.call('HSET', K_OUTCOMES, user, 'inactive')
  dropped = dropped + 1
end
if ghosts_possible then
  for _, user in ipairs(redis.call('ZRANGE', K_SEEN, '-inf', '(' .. cutoff, 'BYSCORE', 'LIMIT', 0, batch)) do
    drop_ghost(user)
  end
end

-- Admissions whose window lapsed unused (or whose hold ended without word) free their slot.
local expired = 0
for _, user in ipairs(redis.call('ZRANGE', K_ADMITTED, '-inf', now, 'BYSCORE', 'LIMIT', 0, batch)) do
  redis.call('ZREM', K_ADMITTED, user)
  redis.call('HDEL', K_ADMISSIONS, user)
  redis.call('HSET', K_OUTCOMES, user, 'admission_expired')
  log_event('expired', user, now)
  expired = expired + 1
end

-- The line has opened with nobody pre-queued: there is nothing to place.
if phase == 'opening' and redis.call('SCARD', K_PREQUEUE) == 0 then
  redis.call('HSET', K_STATE, 'placed', '1', 'placedAt', now, 'prequeueSize', 0)
  phase = 'open'
end

local released = {}
local rate = tonumber(redis.call('HGET', K_CONFIG, 'releaseRatePerMinute'))
local capacity = math.max(1, rate / 60)
local bucket = redis.call('HMGET', K_STATE, 'tokens', 'refilledAt')
local tokens = tonumber(bucket[1]) or capacity
local refilled = tonumber(bucket[2]) or now
-- Every seat is in someone's live hold: not sold out (holds may lapse), but
-- admitting now would only send fans to seats they cannot have. Wait, earning no tokens.
local all_held = redis.call('HGET', K_STATE, 'available') == '0'
if phase == 'open' and not all_held then
  tokens = math.min(capacity, tokens + (now - refilled) * rate / 60000)
  local free = tonumber(redis.call('HGET', K_CONFIG, 'maxActive')) - redis.call('ZCARD', K_ADMITTED)
  local want = math.min(math.floor(tokens), free, batch)
  local skipped = 0
  while #released < want and skipped < batch do
    local head = redis.call('ZRANGE', K_WAITING, 0, want - #released - 1, 'WITHSCORES')
    if #head == 0 then break end
    for i = 1, #head, 2 do
      local user, place = head[i], head[i + 1]
      local seen = tonumber(redis.call('ZSCORE', K_SEEN, user))
      if ghosts_possible and (not seen or seen < cutoff) then
        -- A ghost at the head never holds up the fans behind it.
        drop_ghost(user)
        skipped = skipped + 1
      else
        redis.call('ZREM', K_WAITING, user)
        redis.call('ZREM', K_SEEN, user)
        local number = redis.call('HINCRBY', K_STATE, 'admittedTotal', 1)
        redis.call('ZADD', K_ADMITTED, now + window, user)
        redis.call('HSET', K_ADMISSIONS, user, number .. '|' .. now .. '|' .. (now + window) .. '|' .. place)
        redis.call('HDEL', K_OUTCOMES, user)
        log_event('admitted', user, now, { 'place', place, 'number', number })
        released[#released + 1] = user
      end
    end
  end
  tokens = tokens - #released
  if #released > 0 then
    redis.call('HSETNX', K_STATE, 'firstAdmittedAt', now)
    redis.call('HINCRBY', K_RATE, math.floor(now / 1000), #released)
  end
end
-- Time outside the open phase earns no tokens: a paused line resumes at its rate, not in a burst.
redis.call('HSET', K_STATE, 'tokens', tokens, 'refilledAt', now)
if dropped > 0 then redis.call('HINCRBY', K_STATE, 'droppedTotal', dropped) end
if expired > 0 then redis.call('HINCRBY', K_STATE, 'expiredTotal', expired) end

-- The measured release rate: admissions over the last minute (or since the first one).
local second = math.floor(now / 1000)
local recent = 0
local rates = redis.call('HGETALL', K_RATE)
for i = 1, #rates, 2 do
  local s = tonumber(rates[i])
  if s <= second - 60 then redis.call('HDEL', K_RATE, rates[i]) else recent = recent + tonumber(rates[i + 1]) end
end
local first = tonumber(redis.call('HGET', K_STATE, 'firstAdmittedAt')) or now
local span = math.max(1000, math.min(60000, now - first))

if #released > 0 or dropped > 0 or expired > 0 then
  publish({ k = 'tick', admitted = released })
end

-- A retention period after it closed the drop is retired: the caller stops
-- ticking it and its keys expire a retention period later. The expiry is set
-- once, so a fan asking about the drop meanwhile does not postpone it.
local retired = '0'
local closes = tonumber(redis.call('HGET', K_CONFIG, 'closesAt'))
if closes and now >= closes + retention then
  for _, key in ipairs(KEYS) do
    if redis.call('PTTL', key) == -1 then redis.call('PEXPIRE', key, retention) end
  end
  retired = '1'
end

local s = redis.call('HMGET', K_STATE, 'admittedTotal', 'finishedTotal', 'expiredTotal', 'droppedTotal',
  'soldOut', 'available', 'held', 'placed')
return {
  phase, #released, redis.call('ZCARD', K_WAITING), redis.call('SCARD', K_PREQUEUE), redis.call('ZCARD', K_ADMITTED),
  recent, span, s[1] or '0', s[2] or '0', s[3] or '0', s[4] or '0', s[5] or '0', s[6] or '', s[7] or '', s[8] or '0',
  retired,
}
