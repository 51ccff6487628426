-- Where many fans stand at once (the fans with a socket open on one
-- instance); an open socket counts as being heard from.
-- ARGV[3..] user ids. Returns { phase, kind1, detail1, kind2, detail2, ... }.
local now = now_ms()
local result = { phase_of(now) }
for i = 3, #ARGV do
  local kind, detail = standing(ARGV[i], now, true)
  result[#result + 1] = kind
  result[#result + 1] = detail
end
return result
