/**
 * Shared by the sign-in limiter (lib/auth/rate-limit.ts) and the token-bucket lab, whose
 * reference limiter it is; it lives in lib/ because lib/ never imports from labs/.
 *
 * The atomic limiter: refill, cap and spend in ONE script, so no other client can run between
 * the read and the write. Time comes from Redis (TIME, in µs), so every client shares one clock.
 * Counts are integers: tokens in units of 1/2,000,000 token, so a refill rate in steps of
 * 0.5/s adds a whole number of units per µs and the bucket never rounds (Lua numbers are
 * doubles, exact for integers below 2^53).
 * KEYS[1] = the user's bucket (hash: units, us); ARGV = capacity, refill per second, cost, ttl ms.
 * Returns { allowed (1/0), units left, now in µs } with numbers as strings.
 */
export const LUA_UNITS_PER_TOKEN = 2_000_000;

export const TOKEN_BUCKET_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local per_token = ${LUA_UNITS_PER_TOKEN}
local capacity = tonumber(ARGV[1]) * per_token
local per_us = tonumber(ARGV[2]) * per_token / 1000000
local cost = tonumber(ARGV[3]) * per_token
local saved = redis.call('HMGET', KEYS[1], 'units', 'us')
local units = tonumber(saved[1])
local ts = tonumber(saved[2])
if units == nil or ts == nil then
  units = capacity
  ts = now
end
units = math.min(capacity, units + math.max(0, now - ts) * per_us)
local allowed = 0
if units >= cost then
  units = units - cost
  allowed = 1
end
redis.call('HSET', KEYS[1], 'units', string.format('%.0f', units), 'us', string.format('%.0f', math.max(ts, now)))
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[4]))
return { allowed, string.format('%.0f', units), string.format('%.0f', now) }
`;
