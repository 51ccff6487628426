-- An admitted fan made a hold: they stay active (their slot stays taken)
-- until the hold ends, even past the admission window.
-- ARGV[3] user id, ARGV[4] hold expiry (ms), ARGV[5] when it happened (ms), ARGV[6] skew ms.
local user, until_ms, occurred, skew = ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local record = redis.call('HGET', K_ADMISSIONS, user)
if not record then return 0 end
local admitted_at = tonumber(string.match(record, '^[^|]*|([^|]*)'))
if occurred + skew < admitted_at then return 0 end
return redis.call('ZADD', K_ADMITTED, 'GT', 'CH', until_ms, user)
