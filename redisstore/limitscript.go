package redisstore

import (
	"errors"

	"github.com/redis/go-redis/v9"
	"github.com/smskit/sms"
)

// errMalformed is the cause of an *Error when a script answers what it
// never answers (another program wrote to the store's keys).
var errMalformed = errors.New("redisstore: unexpected answer from a script")

// optionsError is an error wrapping sms.ErrInvalidOptions.
func optionsError(reason string) error { return sms.NewOptionsError(Name, reason) }

// takeScript decides one send for KEYS[1], a list of send times newest
// first. ARGV: now in µs (empty: Redis's TIME), the caller's time in
// seconds (kept beside the server's in ServerClock, for Refund), the
// policy's largest limit, its longest period in µs, then limit and period
// in µs of each window. It answers {1, 0} when the send is recorded and
// {0, wait in µs} when a window refuses it; then nothing is written.
//
// Entries are "S" (CallerClock) or "S:C" (ServerClock): S is the send's
// time in seconds, rounded up, C the caller's.
var takeScript = redis.NewScript(`
local key = KEYS[1]
local now, member
local client = ARGV[2]
if ARGV[1] == '' then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000000 + tonumber(t[2])
else
  now = tonumber(ARGV[1])
end
local stamp = math.floor((now + 999999) / 1000000)
local width = tonumber(ARGV[3])
local longest = tonumber(ARGV[4])
local ring = redis.call('LRANGE', key, 0, width - 1)
local times = {}
for i, e in ipairs(ring) do
  times[i] = tonumber(string.match(e, '^%d+'))
end
local wait = 0
for i = 5, #ARGV, 2 do
  local t = times[tonumber(ARGV[i])]
  if t then
    local w = t * 1000000 + tonumber(ARGV[i + 1]) - now
    if w > wait then wait = w end
  end
end
if wait > 0 then
  return {0, wait}
end
if ARGV[1] == '' then
  member = stamp .. ':' .. client
else
  member = tostring(stamp)
end
local pos = nil
for i, t in ipairs(times) do
  if t <= stamp then pos = i break end
end
if pos == 1 or #times == 0 then
  redis.call('LPUSH', key, member)
elseif pos then
  redis.call('LINSERT', key, 'BEFORE', ring[pos], member)
elseif #times < width then
  redis.call('RPUSH', key, member)
else
  return {1, 0}
end
if #times >= width then
  redis.call('LTRIM', key, 0, width - 1)
end
local newest = math.max(stamp, times[1] or 0)
local ttl = math.ceil((newest * 1000000 + longest - now) / 1000)
if ttl < 1 then ttl = 1 end
redis.call('PEXPIRE', key, ttl)
return {1, 0}
`)

// refundScript removes one send of KEYS[1] recorded at the caller's time
// ARGV[1] (seconds). ARGV[2] is "c" for CallerClock entries "S", "s" for
// ServerClock entries "S:C". Redis deletes a list left empty.
var refundScript = redis.NewScript(`
local key = KEYS[1]
if ARGV[2] == 'c' then
  return redis.call('LREM', key, 1, ARGV[1])
end
local suffix = ':' .. ARGV[1]
for _, e in ipairs(redis.call('LRANGE', key, 0, -1)) do
  if string.sub(e, -#suffix) == suffix then
    return redis.call('LREM', key, 1, e)
  end
end
return 0
`)
