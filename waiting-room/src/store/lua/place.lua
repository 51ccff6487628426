-- Fixes the pre-queue order at the start. The order (computed from the seed
-- by the caller) must cover exactly the fans pre-queued now; after opensAt
-- nobody can join the pre-queue, so a complete order is final. Pre-queued
-- fans get places -n..-1, ahead of every later arrival (1, 2, ...).
-- ARGV[3..] user ids in order. Returns 'placed', 'already', 'early' or 'stale'.
if redis.call('HGET', K_STATE, 'placed') == '1' then return 'already' end
local now = now_ms()
local opens = tonumber(redis.call('HGET', K_CONFIG, 'opensAt'))
if not opens or now < opens then return 'early' end
local n = #ARGV - 2
if redis.call('SCARD', K_PREQUEUE) ~= n then return 'stale' end
for i = 3, #ARGV do
  if redis.call('SISMEMBER', K_PREQUEUE, ARGV[i]) == 0 then return 'stale' end
end
redis.call('DEL', K_ORDER)
for i = 3, #ARGV do
  redis.call('ZADD', K_WAITING, i - 3 - n, ARGV[i])
  redis.call('RPUSH', K_ORDER, ARGV[i])
end
redis.call('DEL', K_PREQUEUE)
redis.call('HSET', K_STATE, 'placed', '1', 'placedAt', now, 'prequeueSize', n)
log_event('placed', '', now, { 'count', n })
publish({ k = 'phase', phase = phase_of(now_ms()) })
return 'placed'
