-- A fan leaves: their place (or admitted slot) is given up at once.
-- ARGV[3] user id. Returns 1 if they were in line or admitted.
local user = ARGV[3]
local now = now_ms()
local removed = redis.call('ZREM', K_WAITING, user) + redis.call('SREM', K_PREQUEUE, user)
redis.call('ZREM', K_SEEN, user)
if redis.call('ZREM', K_ADMITTED, user) == 1 then
  redis.call('HDEL', K_ADMISSIONS, user)
  redis.call('HINCRBY', K_STATE, 'finishedTotal', 1)
  log_event('left', user, now)
  publish({ k = 'freed' })
  removed = removed + 1
end
if removed > 0 then redis.call('HSET', K_OUTCOMES, user, 'left') end
return removed > 0 and 1 or 0
