package redisstore

import "github.com/redis/go-redis/v9"

// The verification scripts share one layout of the hash KEYS[1]:
//
//	n    codes sent (the verification's sends)
//	a    checks made
//	b    "1" once burned by MaxAttempts
//	l    µs time of the newest code (the resend interval runs from it)
//	d    "1" under KeepAll, "0" under ReplaceOld (of the newest Issue)
//	cur  the newest code's token
//	c:T  code of token T: "ISSUED:VALIDFOR:HASH", µs, HASH raw (short
//	     enough, up to 11 days of ValidFor, for Redis's compact listpack
//	     encoding of small hashes: values up to 64 bytes)
//
// Times are microseconds since the Unix epoch: ARGV[1], or Redis's TIME
// when ARGV[1] is empty. Numbers are written with %.0f: Lua's tostring
// would print 1.9e+15.
const verifyLib = `
local function clock(arg)
  if arg ~= '' then return tonumber(arg) end
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000000 + tonumber(t[2])
end
local function num(x) return string.format('%.0f', x) end
local function load(key)
  local rec = redis.call('HGETALL', key)
  local f, codes = {}, {}
  for i = 1, #rec, 2 do
    local k, v = rec[i], rec[i + 1]
    if string.sub(k, 1, 2) == 'c:' then
      local p1 = string.find(v, ':', 1, true)
      local p2 = string.find(v, ':', p1 + 1, true)
      codes[#codes + 1] = {field = k, tok = string.sub(k, 3),
        iss = tonumber(string.sub(v, 1, p1 - 1)),
        hash = string.sub(v, p2 + 1)}
      local c = codes[#codes]
      c.exp = c.iss + tonumber(string.sub(v, p1 + 1, p2 - 1))
    else
      f[k] = v
    end
  end
  return f, codes
end
local function lastexp(codes)
  local m = 0
  for _, c in ipairs(codes) do if c.exp > m then m = c.exp end end
  return m
end
local function expire(key, until_, now)
  local ttl = math.ceil((until_ - now) / 1000)
  if ttl < 1 then ttl = 1 end
  redis.call('PEXPIRE', key, ttl)
end
`

// issueScript: ARGV now, token, hash, validFor µs, interval µs, maxSends,
// duplicate (0 ReplaceOld, 1 KeepAll), grace µs. Answers {refusal,
// retryAfter µs, sends, expires µs}. A record whose codes all expired
// RecordGrace ago is as none; one whose codes all expired starts anew.
var issueScript = redis.NewScript(verifyLib + `
local key = KEYS[1]
local now = clock(ARGV[1])
local token, hash = ARGV[2], ARGV[3]
local validFor, interval = tonumber(ARGV[4]), tonumber(ARGV[5])
local maxSends, grace = tonumber(ARGV[6]), tonumber(ARGV[8])
local f, codes = load(key)
local until_ = lastexp(codes)
local exists = #codes > 0 and now < until_ + grace
local live = #codes > 0 and now < until_
local sends = 0
if exists then
  sends = tonumber(f.n or '0')
  local last = tonumber(f.l or '0')
  if now < last + interval then
    return {1, last + interval - now, sends, 0}
  end
end
if live and sends >= maxSends then
  return {2, math.max(until_ - now, 1000000), sends, 0}
end
if not live then
  redis.call('DEL', key)
  sends = 0
  until_ = 0
elseif f.b == '1' then
  -- a new code after the attempts ran out: its checks start again,
  -- within the verification's MaxSends
  redis.call('HDEL', key, 'b')
  redis.call('HSET', key, 'a', 0)
end
sends = sends + 1
local exp = now + validFor
redis.call('HSET', key, 'c:' .. token, num(now) .. ':' .. num(validFor) .. ':' .. hash,
  'n', sends, 'l', num(now), 'd', ARGV[7], 'cur', token)
if sends == 1 then redis.call('HSET', key, 'a', 0) end
expire(key, math.max(until_, exp) + grace, now)
return {0, 0, sends, exp}
`)

// revokeScript: ARGV now, token, grace µs. Removes the code, uncounts its
// send, and makes the newest remaining code the current one again.
var revokeScript = redis.NewScript(verifyLib + `
local key = KEYS[1]
local field = 'c:' .. ARGV[2]
if redis.call('HDEL', key, field) == 0 then return 0 end
local now = clock(ARGV[1])
local f, codes = load(key)
if #codes == 0 then
  redis.call('DEL', key)
  return 1
end
local newest = codes[1]
for _, c in ipairs(codes) do
  if c.iss > newest.iss then newest = c end
end
local sends = tonumber(f.n or '1') - 1
if sends < 1 then sends = 1 end
redis.call('HSET', key, 'n', sends, 'l', num(newest.iss), 'cur', newest.tok)
expire(key, lastexp(codes) + tonumber(ARGV[3]), now)
return 1
`)

// checkScript: ARGV now, hash, maxAttempts, grace µs. Answers {status,
// attemptsLeft} with verify.Status numbers: 1 Approved, 2 WrongCode,
// 3 Expired, 4 TooManyAttempts, 5 NotFound; attemptsLeft is -1 but for
// WrongCode and TooManyAttempts (0), as verify.MemoryStore answers. The
// hash is compared with every code (and with itself when there is none),
// without an early exit.
var checkScript = redis.NewScript(verifyLib + `
local key = KEYS[1]
local now = clock(ARGV[1])
local hash = ARGV[2]
local maxAttempts = tonumber(ARGV[3])
local grace = tonumber(ARGV[4])
local function same(a, b)
  local d = 0
  if #a ~= #b then d = 1 end
  for i = 1, #b do
    d = bit.bor(d, bit.bxor(string.byte(a, i) or 0, string.byte(b, i)))
  end
  return d == 0
end
local f, codes = load(key)
local until_ = lastexp(codes)
if #codes == 0 or now >= until_ + grace then
  same(hash, hash)
  return {5, -1}
end
if f.b == '1' then return {4, 0} end
local match = false
for _, c in ipairs(codes) do
  local accepted = c.exp > now and (f.d == '1' or c.tok == f.cur)
  if same(c.hash, hash) and accepted then match = true end
end
if now >= until_ then return {3, -1} end
local attempts = tonumber(f.a or '0') + 1
if match then
  redis.call('DEL', key)
  return {1, -1}
end
local left = maxAttempts - attempts
if left <= 0 then
  redis.call('HSET', key, 'a', attempts, 'b', '1')
  return {2, 0}
end
redis.call('HSET', key, 'a', attempts)
return {2, left}
`)
