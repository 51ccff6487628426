-- Joins a fan to the line, or answers where they already stand (one entry per user).
-- ARGV[3] user id; ARGV[4], ARGV[5] the fan's join limit as a GCRA interval
-- and burst tolerance (ms), kept under KEYS[13] (in the drop's slot), so
-- the limit and the join cost one round trip. Returns { kind, phase, detail, created };
-- kind 'rate_limited' carries the wait in ms as its detail.
local user = ARGV[3]
local now = now_ms()
local phase = phase_of(now)
if phase == 'unknown' then return { 'no_config', phase, '', 0 } end
local K_LIMIT = KEYS[13]
if K_LIMIT then
  local interval, tolerance = tonumber(ARGV[4]), tonumber(ARGV[5])
  local tat = tonumber(redis.call('GET', K_LIMIT)) or now
  if tat < now then tat = now end
  local next_tat = tat + interval
  if next_tat - tolerance > now then return { 'rate_limited', phase, next_tat - tolerance - now, 0 } end
  redis.call('SET', K_LIMIT, next_tat, 'PX', math.max(1, math.ceil(next_tat - now)))
end
local kind, detail = standing(user, now, true)
if kind ~= 'none' then return { kind, phase, detail, 0 } end
if phase == 'closed' then return { 'closed', phase, '', 0 } end
-- The clock decides, not the phase: a drop paused or sold out before its
-- start still gives early arrivals no number. Once the pre-queue is placed,
-- though, the start has happened for good: if the organizer moves opensAt
-- later, a fan put in the pre-queue now would never be placed.
local c = redis.call('HMGET', K_CONFIG, 'opensAt', 'prequeueOpensAt')
local placed = redis.call('HGET', K_STATE, 'placed') == '1'
local before_start = not placed and now < tonumber(c[1])
local prequeue_opens = tonumber(c[2])
if before_start and prequeue_opens and now < prequeue_opens then
  return { 'not_open', phase, '', 0 }
end
redis.call('HDEL', K_OUTCOMES, user)
redis.call('ZADD', K_SEEN, now, user)
-- Before the start nobody gets a number: the keyed permutation orders them at opensAt.
if before_start then
  redis.call('SADD', K_PREQUEUE, user)
  return { 'prequeue', phase, redis.call('SCARD', K_PREQUEUE), 1 }
end
local place = redis.call('INCR', K_ARRIVALS)
redis.call('ZADD', K_WAITING, place, user)
return { 'waiting', phase, ahead_of(user), 1 }
