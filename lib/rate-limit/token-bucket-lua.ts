/**
 * Shared by the sign-in limiter (lib/auth/rate-limit.ts) and the token-bucket lab, whose
 * reference limiter it is; it lives in lib/ because lib/ never imports from labs/.
 *
 * The atomic limiter: refill, cap and spend in ONE script, so no other client can run between
 * the read and the write. Time comes from Redis (TIME, in µs), so every client shares one clock.
 * Counts are integers: tokens in units of 1/2,000,000 token, so a refill rate in steps of
 * 0.5/s adds a whole number of units per µs and the bucket never rounds (Lua numbers are
 * doubles, exact for integers below 2^53).
 *
 * Kept cheap because it runs once per decision (bench:token-bucket holds it to ≥ 1.2× the
 * decisions/s of rate-limiter-flexible's fixed window): three Redis calls (TIME, GET, SET PX),
 * the bucket as one 16-byte value (two little-endian doubles: units, µs) packed with Redis's
 * `struct` library rather than formatted text, and by default a single integer reply.
 *
 * KEYS[1] = the user's bucket; ARGV = capacity, refill per second, cost, ttl ms, and optionally
 * "units" to get `{ allowed, units left, now µs }` instead of the integer `now µs × 2 + allowed`
 * (now × 2 < 2^53 until the year 2112, so the integer is exact in a double and in JavaScript).
 */
export const LUA_UNITS_PER_TOKEN = 2_000_000;

export const TOKEN_BUCKET_LUA = `
local t = redis.call('TIME')
local now = t[1] * 1000000 + t[2]
local capacity = ARGV[1] * ${LUA_UNITS_PER_TOKEN}
local units = capacity
local at = now
-- pcall: a key of another type (a bucket stored by an older version) reads as empty; SET replaces it.
local saved = redis.pcall('GET', KEYS[1])
if type(saved) == 'string' then
  local ts
  units, ts = struct.unpack('<dd', saved)
  if now > ts then
    units = math.min(capacity, units + (now - ts) * ARGV[2] * (${LUA_UNITS_PER_TOKEN} / 1000000))
  else
    at = ts -- a clock that stepped back never refills, nor moves the bucket's time back
  end
end
local cost = ARGV[3] * ${LUA_UNITS_PER_TOKEN}
local allowed = 0
if units >= cost then
  units = units - cost
  allowed = 1
end
redis.call('SET', KEYS[1], struct.pack('<dd', units, at), 'PX', ARGV[4])
if ARGV[5] == 'units' then return { allowed, units, now } end
return now * 2 + allowed
`;

/** The default reply, `now µs × 2 + allowed`, split. */
export function decodeBucketReply(reply: number): { allowed: boolean; serverUs: number } {
  return { allowed: reply % 2 === 1, serverUs: Math.floor(reply / 2) };
}

/** A stored bucket (the script's 16-byte value), or null when the key holds none. */
export function decodeBucket(value: Buffer | null): { units: number; updatedAtUs: number } | null {
  if (!value || value.length !== 16) return null;
  return { units: value.readDoubleLE(0), updatedAtUs: value.readDoubleLE(8) };
}
