-- Booking says an admitted fan is done (paid, or their order lapsed unpaid):
-- their slot frees at once. A message about an earlier admission (older than
-- this one, give or take clock skew) must not end the current one.
-- ARGV[3] user id, ARGV[4] when it happened (ms), ARGV[5] outcome, ARGV[6] skew ms.
-- Returns 1 if a slot was freed.
local user, occurred, outcome, skew = ARGV[3], tonumber(ARGV[4]), ARGV[5], tonumber(ARGV[6])
local record = redis.call('HGET', K_ADMISSIONS, user)
if not record then return 0 end
local admitted_at = tonumber(string.match(record, '^[^|]*|([^|]*)'))
if occurred + skew < admitted_at then return 0 end
end_admission(user, outcome, now_ms())
return 1
