-- Where a fan stands; asking counts as being heard from (the heartbeat).
-- ARGV[3] user id. Returns { kind, phase, detail }.
local now = now_ms()
local phase = phase_of(now)
if phase == 'unknown' then return { 'no_config', phase, '' } end
local kind, detail = standing(ARGV[3], now, true)
return { kind, phase, detail }
