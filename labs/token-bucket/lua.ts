/**
 * The atomic limiter: refill, cap and spend in ONE script, so no other client can run between
 * the read and the write. Time comes from Redis (TIME), so every client shares one clock.
 * KEYS[1] = the user's bucket (hash: tokens, ts); ARGV = capacity, refill per second, cost, ttl ms.
 * Returns { allowed (1/0), tokens left, now in ms } with numbers as strings (Lua floats would be
 * truncated to integers on the way out).
 */
export const TOKEN_BUCKET_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local saved = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(saved[1])
local ts = tonumber(saved[2])
if tokens == nil or ts == nil then
  tokens = capacity
  ts = now
end
tokens = math.min(capacity, tokens + math.max(0, now - ts) * rate / 1000)
local allowed = 0
if tokens >= cost then
  tokens = tokens - cost
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', string.format('%.6f', tokens), 'ts', string.format('%.3f', now))
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[4]))
return { allowed, string.format('%.6f', tokens), string.format('%.3f', now) }
`;
