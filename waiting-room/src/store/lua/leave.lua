-- A fan leaves: their place in line is given up at once. An admitted fan
-- cannot hand their admission back: their token stays valid to its end, so
-- the slot stays counted until it lapses (the tick frees it, or booking's
-- word on their hold or order), and joining again answers that admission.
-- ARGV[3] user id. Returns 1 if they were in line.
local user = ARGV[3]
if redis.call('HEXISTS', K_ADMISSIONS, user) == 1 then return 0 end
local removed = redis.call('ZREM', K_WAITING, user) + redis.call('SREM', K_PREQUEUE, user)
redis.call('ZREM', K_SEEN, user)
if removed > 0 then redis.call('HSET', K_OUTCOMES, user, 'left') end
return removed > 0 and 1 or 0
