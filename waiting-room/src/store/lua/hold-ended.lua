-- A fan's hold ended without an order (released, or lapsed). Booking lets
-- them choose again while their admission token is valid, so their slot
-- stays taken until the end of their admission window, and no longer: a
-- hold may have stretched it past that (extend.lua), and the hold is gone.
-- If the window has ended already, the slot frees at once. A message about
-- an earlier admission (older than this one, give or take clock skew) is ignored.
-- ARGV[3] user id, ARGV[4] when it happened (ms), ARGV[5] skew ms.
-- Returns 1 if a slot was freed.
local user, occurred, skew = ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5])
local record = redis.call('HGET', K_ADMISSIONS, user)
if not record then return 0 end
local admitted_at, window_end = string.match(record, '^[^|]*|([^|]*)|([^|]*)')
if occurred + skew < tonumber(admitted_at) then return 0 end
local now = now_ms()
if tonumber(window_end) > now then
  -- Not GT: this may shorten a slot a hold had stretched.
  redis.call('ZADD', K_ADMITTED, window_end, user)
  return 0
end
end_admission(user, 'abandoned', now)
return 1
