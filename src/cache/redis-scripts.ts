/**
 * Lua scripts of the Redis store: each check-and-act runs atomically in one round trip. KEYS[1] is
 * always the database's generation hash: '@' its incarnation token, '#' its sequence, '*' the
 * whole-database generation, and one field per model (the sequence of its last bump). For the
 * in-process tier (see local-tier.ts) it also holds '~', the instances holding a lease on the
 * database ("id=expiry;..." in Redis milliseconds), and '~f', until when a write must wait a whole
 * lease because the hash (with the list of leases) was just recreated while instances listened.
 * A database's invalidations and heartbeats go out on the channel `<generations key>:inv`.
 */

/** How long an instance may serve from memory after its last heartbeat went through (ms). */
export const LEASE_MS = 2000;

const PRELUDE = `
local gen = KEYS[1]
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
-- The database's invalidation channel (its instances' in-process tiers listen to it).
local channel = gen .. ':inv'
-- A new incarnation. If an instance listens to the database, the hash may have been lost with the
-- leases it listed: writes then wait a whole lease for a while (any lease granted before has ended).
local function create(new_token)
  redis.call('HSET', gen, '@', new_token)
  if redis.call('PUBLISH', channel, '{"t":"n"}') > 0 then
    redis.call('HSET', gen, '~f', now_ms() + ${LEASE_MS})
  end
  return new_token
end
local function token_of(new_token)
  local t = redis.call('HGET', gen, '@')
  if not t then t = create(new_token) end
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
 * Returns {'profile', token, seq} | {'hit', head, body, version, deps, seq} | {'same', version, deps,
 * seq} (the caller's copy is current: the body is not sent again) | {'miss', token, seq, lock}; seq
 * is the database's sequence when the lookup ran (any later write bumps above it).
 * Hot path of every hit: two HMGETs when the entry read one model (one for the generation hash's
 * token, sequence and common models, one for the entry), plus one for its other reads.
 */
export const LOOKUP = `${PRELUDE}
local g = redis.call('HMGET', gen, '@', '#', '*', unpack(ARGV, 7))
local token = g[1]
if not token then token = create(ARGV[1]) end
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
    if ARGV[6] ~= '' and ARGV[6] == version then return {'same', version, e[3], seq} end
    return {'hit', e[4], e[5], version, e[3], seq}
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

/** The live leases of '~' at `now`, as a flat list {id, expiry, ...}. */
const LEASES = `
local function leases(now)
  local out = {}
  for id, exp in string.gmatch(redis.call('HGET', gen, '~') or '', '([^=;]+)=(%d+)') do
    if tonumber(exp) > now then
      out[#out + 1] = id
      out[#out + 1] = exp
    end
  end
  return out
end
`;

/**
 * KEYS: generations. ARGV: token for a new hash, origin instance, write id, database, models... Bumps, then publishes the invalidation in the same atomic step (every
 * subscriber gets it after every earlier message). Returns {seq, now, wait-until, id, expiry, ...}:
 * the instances holding a lease, which the writer waits for (their ack, or their lease's end).
 */
export const BUMP = `${PRELUDE}${LEASES}
token_of(ARGV[1])
local seq = redis.call('HINCRBY', gen, '#', 1)
local models = {}
for i = 5, #ARGV do
  redis.call('HSET', gen, ARGV[i], seq)
  models[#models + 1] = ARGV[i]
end
local now = now_ms()
redis.call('PUBLISH', channel, cjson.encode({t = 'i', o = ARGV[2], w = ARGV[3], db = ARGV[4], s = seq, m = models}))
local result = {seq, now, tonumber(redis.call('HGET', gen, '~f') or '0')}
for _, v in ipairs(leases(now)) do result[#result + 1] = v end
return result
`;

/**
 * KEYS: generations. ARGV: token for a new hash, instance, database, heartbeat number, '1' to give
 * the lease up. Renews the instance's lease and publishes the heartbeat on the
 * invalidation channel: when the instance receives it, it has received every earlier invalidation.
 */
export const HEARTBEAT = `${PRELUDE}${LEASES}
token_of(ARGV[1])
local now = now_ms()
local live = leases(now)
local kept = {}
for i = 1, #live, 2 do
  if live[i] ~= ARGV[2] then kept[#kept + 1] = live[i] .. '=' .. live[i + 1] end
end
if ARGV[5] ~= '1' then
  kept[#kept + 1] = ARGV[2] .. '=' .. (now + ${LEASE_MS})
  redis.call('PUBLISH', channel, cjson.encode({t = 'h', o = ARGV[2], db = ARGV[3], k = tonumber(ARGV[4])}))
end
redis.call('HSET', gen, '~', table.concat(kept, ';'))
return 1
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
