-- Shared by every waiting-room script (prepended when the script is loaded).
-- KEYS follow dropKeyOrder in keys.ts; ARGV[1] is the news channel and
-- ARGV[2] the drop id. Redis's own clock is the only clock, so every
-- instance agrees on "now" and on which side of opensAt an arrival falls.
local K_CONFIG, K_STATE, K_ARRIVALS, K_WAITING = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local K_PREQUEUE, K_ORDER, K_SEEN, K_ADMITTED = KEYS[5], KEYS[6], KEYS[7], KEYS[8]
local K_ADMISSIONS, K_OUTCOMES, K_RATE, K_EVENTS = KEYS[9], KEYS[10], KEYS[11], KEYS[12]
local CHANNEL, DROP = ARGV[1], ARGV[2]

local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

-- The drop's phase: what a fan in line is told, and whether release may run.
local function phase_of(now)
  local c = redis.call('HMGET', K_CONFIG, 'enabled', 'closesAt', 'paused', 'opensAt')
  if not c[4] then return 'unknown' end
  if c[1] == '0' then return 'closed' end
  local closes = tonumber(c[2])
  if closes and now >= closes then return 'closed' end
  if c[3] == '1' then return 'paused' end
  if redis.call('HGET', K_STATE, 'soldOut') == '1' then return 'sold_out' end
  if now < tonumber(c[4]) then return 'prequeue' end
  if redis.call('HGET', K_STATE, 'placed') ~= '1' then return 'opening' end
  return 'open'
end

-- Fans ahead of a waiting fan. Until the pre-queue is placed, every
-- pre-queued fan is ahead of every later arrival.
local function ahead_of(user)
  local rank = redis.call('ZRANK', K_WAITING, user)
  if not rank then return nil end
  if redis.call('HGET', K_STATE, 'placed') ~= '1' then
    rank = rank + redis.call('SCARD', K_PREQUEUE)
  end
  return rank
end

-- Where a fan stands: kind, and a detail (people ahead, pre-queue size,
-- admission record, or why they are no longer in line).
local function standing(user, now, heartbeat)
  local record = redis.call('HGET', K_ADMISSIONS, user)
  if record then return 'admitted', record end
  local ahead = ahead_of(user)
  if ahead then
    if heartbeat then redis.call('ZADD', K_SEEN, now, user) end
    return 'waiting', ahead
  end
  if redis.call('SISMEMBER', K_PREQUEUE, user) == 1 then
    if heartbeat then redis.call('ZADD', K_SEEN, now, user) end
    return 'prequeue', redis.call('SCARD', K_PREQUEUE)
  end
  return 'none', redis.call('HGET', K_OUTCOMES, user) or ''
end

local function log_event(kind, user, now, extra)
  local maxlen = tonumber(redis.call('HGET', K_STATE, 'eventsMaxLen')) or 10000
  local fields = { 'XADD', K_EVENTS, 'MAXLEN', '~', maxlen, '*', 'type', kind, 'user', user, 'at', now }
  if extra then for i = 1, #extra do fields[#fields + 1] = extra[i] end end
  redis.call(unpack(fields))
end

local function publish(message)
  message.drop = DROP
  redis.call('PUBLISH', CHANNEL, cjson.encode(message))
end

-- An admitted fan is done: their slot frees now and the next fan may be let in.
local function end_admission(user, outcome, now)
  redis.call('ZREM', K_ADMITTED, user)
  redis.call('HDEL', K_ADMISSIONS, user)
  redis.call('HSET', K_OUTCOMES, user, outcome)
  redis.call('HINCRBY', K_STATE, 'finishedTotal', 1)
  log_event(outcome, user, now)
  publish({ k = 'freed' })
end
