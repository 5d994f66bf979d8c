/**
 * Lua scripts of the Redis store: each check-and-act runs atomically in one round trip. KEYS[1] is
 * always the database's generation hash: '@' its incarnation token, '#' its sequence, '*' the
 * whole-database generation, and one field per model (the sequence of its last bump).
 */

const PRELUDE = `
local gen = KEYS[1]
local function token_of(new_token)
  local t = redis.call('HGET', gen, '@')
  if not t then
    t = new_token
    redis.call('HSET', gen, '@', t)
  end
  return t
end
local function newest_of(values, from)
  local max = 0
  for i = from, #values do
    if values[i] then
      local v = tonumber(values[i])
      if v > max then max = v end
    end
  end
  return max
end
local function newest(list)
  if list == '' then return 0 end
  local fields = {}
  for m in string.gmatch(list, '[^,]+') do fields[#fields + 1] = m end
  return newest_of(redis.call('HMGET', gen, unpack(fields)), 1)
end
`;

/**
 * KEYS: generations, entry, fill lock.
 * ARGV: token for a new hash, profile token ('' = no check), profile seq, lock owner ('' = no lock),
 * lock ms, the version ('s') of the entry the caller already holds in memory ('' = none), then the
 * common models (every entry's implicit dependencies).
 * Returns {'profile', token, seq} | {'hit', head, body, version} | {'same', version} (the caller's
 * copy is current: the body is not sent again) | {'miss', token, seq, lock}.
 * Hot path of every hit: two HMGETs when the entry read one model (one for the generation hash's
 * token, sequence and common models, one for the entry), plus one for its other reads.
 */
export const LOOKUP = `${PRELUDE}
local g = redis.call('HMGET', gen, '@', '#', '*', unpack(ARGV, 7))
local token = g[1]
if not token then
  token = ARGV[1]
  redis.call('HSET', gen, '@', token)
end
local seq = tonumber(g[2] or '0')
local common = newest_of(g, 3)
if ARGV[2] ~= '' and (ARGV[2] ~= token or common > tonumber(ARGV[3])) then
  return {'profile', token, seq}
end
local e = redis.call('HMGET', KEYS[2], 't', 's', 'd', 'h', 'b')
if e[1] then
  local at = tonumber(e[2])
  if e[1] == token and common <= at and newest(e[3]) <= at then
    -- The version names the Redis incarnation too: a restarted Redis counts its sequence from scratch.
    local version = e[1] .. ':' .. e[2]
    if ARGV[6] ~= '' and ARGV[6] == version then return {'same', version} end
    return {'hit', e[4], e[5], version}
  end
  redis.call('UNLINK', KEYS[2])
end
local lock = 'none'
if ARGV[4] ~= '' then
  if redis.call('SET', KEYS[3], ARGV[4], 'NX', 'PX', ARGV[5]) then
    lock = 'mine'
  elseif redis.call('GET', KEYS[3]) == '!' then
    lock = 'uncacheable'
  else
    lock = 'held'
  end
end
return {'miss', token, seq, lock}
`;

/**
 * KEYS: generations, entry, fill lock.
 * ARGV: snapshot token, snapshot seq, deps (comma list), head, body, ttl ms, lock owner ('' = none),
 * then the common models. Stores only if no dependency was bumped after the snapshot; frees the
 * caller's lock. Returns 1|0.
 */
export const STORE = `${PRELUDE}
local g = redis.call('HMGET', gen, '@', '*', unpack(ARGV, 8))
local at = tonumber(ARGV[2])
local ok = g[1] == ARGV[1] and newest_of(g, 2) <= at and newest(ARGV[3]) <= at
if ok then
  redis.call('HSET', KEYS[2], 't', ARGV[1], 's', ARGV[2], 'd', ARGV[3], 'h', ARGV[4], 'b', ARGV[5])
  redis.call('PEXPIRE', KEYS[2], ARGV[6])
end
if ARGV[7] ~= '' and redis.call('GET', KEYS[3]) == ARGV[7] then redis.call('DEL', KEYS[3]) end
if ok then return 1 end
return 0
`;

/** KEYS: generations. ARGV: token for a new hash, models... Returns the new sequence. */
export const BUMP = `${PRELUDE}
token_of(ARGV[1])
local seq = redis.call('HINCRBY', gen, '#', 1)
for i = 2, #ARGV do redis.call('HSET', gen, ARGV[i], seq) end
return seq
`;

/** KEYS: generations. ARGV: token for a new hash. Returns {token, seq}. */
export const SNAPSHOT = `${PRELUDE}
local token = token_of(ARGV[1])
return {token, tonumber(redis.call('HGET', gen, '#') or '0')}
`;

/**
 * KEYS: generations (unused, keeps the slot), fill lock. ARGV: owner, '1' to mark the key uncacheable
 * for the lock's time instead of freeing it, lock ms.
 */
export const RELEASE = `
if redis.call('GET', KEYS[2]) == ARGV[1] then
  if ARGV[2] == '1' then
    redis.call('SET', KEYS[2], '!', 'PX', ARGV[3])
  else
    redis.call('DEL', KEYS[2])
  end
end
return 1
`;
