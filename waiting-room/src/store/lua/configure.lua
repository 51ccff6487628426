-- Stores the drop's settings (from PostgreSQL) unless a newer version is
-- already here, and commits the fairness seed the first time the drop is seen.
-- ARGV[3] version, ARGV[4] seed (hex), ARGV[5] seed hash, ARGV[6] events max length,
-- ARGV[7..] field, value pairs. Returns 1 if applied.
local version = tonumber(ARGV[3])
local current = tonumber(redis.call('HGET', K_CONFIG, 'version'))
local now = now_ms()
if redis.call('HSETNX', K_STATE, 'seed', ARGV[4]) == 1 then
  redis.call('HSET', K_STATE, 'seedHash', ARGV[5], 'seedCommittedAt', now)
end
redis.call('HSET', K_STATE, 'eventsMaxLen', ARGV[6])
if current and current > version then return 0 end
local fields = { 'HSET', K_CONFIG }
for i = 7, #ARGV do fields[#fields + 1] = ARGV[i] end
redis.call(unpack(fields))
-- A retired drop's keys are expiring (tick.lua); new settings may have
-- reopened it, so they are kept again until the tick retires it anew.
for _, key in ipairs(KEYS) do redis.call('PERSIST', key) end
if current ~= version then publish({ k = 'phase', phase = phase_of(now_ms()) }) end
return 1
