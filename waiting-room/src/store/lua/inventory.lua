-- Booking's word on the drop's seats. Sold out stops release and tells
-- every waiting fan; seats coming back reopen the line in its old order.
-- Reports are ordered by booking's per-drop sequence, which grows with every
-- change it publishes: any sweeper process may write one, and their clocks
-- need not agree. A report without a sequence (from a publisher that
-- predates it) is ordered by its time. Older reports than the last applied
-- one are ignored.
-- ARGV[3] sold out (0/1), ARGV[4] when (ms), ARGV[5] available, ARGV[6] held, ARGV[7] sequence (or empty).
local sold_out, occurred, sequence = ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[7])
if sequence then
  local last = tonumber(redis.call('HGET', K_STATE, 'inventorySequence'))
  if last and sequence <= last then return 0 end
  redis.call('HSET', K_STATE, 'inventorySequence', sequence)
else
  local last = tonumber(redis.call('HGET', K_STATE, 'inventoryAt'))
  if last and occurred < last then return 0 end
end
local before = redis.call('HGET', K_STATE, 'soldOut') or '0'
redis.call('HSET', K_STATE, 'soldOut', sold_out, 'inventoryAt', occurred, 'available', ARGV[5], 'held', ARGV[6])
if before ~= sold_out then
  log_event(sold_out == '1' and 'sold_out' or 'reopened', '', now_ms())
  publish({ k = 'phase', phase = phase_of(now_ms()) })
end
return 1
