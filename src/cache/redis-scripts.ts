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
local function split(list)
  local out = {}
  for m in string.gmatch(list, '[^,]+') do out[#out + 1] = m end
  return out
end
local function fresh(deps, at)
  local values = redis.call('HMGET', gen, '*', unpack(deps))
  for i = 1, #values do
    if values[i] and tonumber(values[i]) > at then return false end
  end
  return true
end
`;

/**
 * KEYS: generations, entry, fill lock.
 * ARGV: token for a new hash, profile token ('' = no check), profile seq, profile deps (comma list),
 * lock owner ('' = no lock), lock ms.
 * Returns {'profile', token, seq} | {'hit', head, body} | {'miss', token, seq, lock}.
 */
export const LOOKUP = `${PRELUDE}
local token = token_of(ARGV[1])
local seq = tonumber(redis.call('HGET', gen, '#') or '0')
if ARGV[2] ~= '' and (ARGV[2] ~= token or not fresh(split(ARGV[4]), tonumber(ARGV[3]))) then
  return {'profile', token, seq}
end
local e = redis.call('HMGET', KEYS[2], 't', 's', 'd', 'h', 'b')
if e[1] then
  if e[1] == token and fresh(split(e[3]), tonumber(e[2])) then return {'hit', e[4], e[5]} end
  redis.call('UNLINK', KEYS[2])
end
local lock = 'none'
if ARGV[5] ~= '' then
  if redis.call('SET', KEYS[3], ARGV[5], 'NX', 'PX', ARGV[6]) then
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
 * ARGV: snapshot token, snapshot seq, deps (comma list), head, body, ttl ms, lock owner ('' = none).
 * Stores only if no dependency was bumped after the snapshot; frees the caller's lock. Returns 1|0.
 */
export const STORE = `${PRELUDE}
local ok = redis.call('HGET', gen, '@') == ARGV[1] and fresh(split(ARGV[3]), tonumber(ARGV[2]))
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
