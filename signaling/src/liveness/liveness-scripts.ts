/**
 * The connection registry's atomic steps. Keys (prefix in ARGV[1]):
 *  - `procs` (zset): signaling process id → time of its last heartbeat (ms)
 *  - `proc:<process>:conns` (set): `<principal>|<socket id>` of the sockets that process holds
 *  - `conn:<principal>` (hash): socket id → process id, for every live socket of a principal
 *  - `lost` (hash): principal → time its last live socket went (ms), while it has none
 *  - `deadlines` (zset): the grace period of a principal left with no live socket
 * A principal is its Socket.IO room name (`point:<pointId>`, `expert:<expertId>`,
 * `supervisor:<userId>`, `admin:<userId>`). Points and specialists have a grace period for the
 * state that waits for them; a supervisor (or an administrator) has one for a call they joined or
 * an invite ringing at them, both of which end when they do not come back (`sgrace|<principal>`,
 * with the specialists' grace).
 */
import { DEADLINE_LUA } from '../deadlines/deadline.js';

const LIBRARY = `
local P = ARGV[1]
local function key(...) return P .. table.concat({...}, ':') end
local T = redis.call('TIME')
local NOW = tonumber(T[1]) * 1000 + math.floor(tonumber(T[2]) / 1000)
${DEADLINE_LUA}
local function grace_kind(principal)
  local role, id = string.match(principal, '^([^:]+):(.+)$')
  if role == 'point' then return 'pgrace', id end
  if role == 'expert' then return 'egrace', id end
  if role == 'supervisor' or role == 'admin' then return 'sgrace', principal end
  return nil, id
end
-- A principal's last live socket went: remember when, and start its grace period.
local function lost(principal, point_grace, expert_grace)
  local kind, id = grace_kind(principal)
  if not kind then return end
  redis.call('HSET', key('lost'), principal, NOW)
  if kind == 'pgrace' then set_deadline(kind, id, NOW + point_grace) end
  if kind == 'egrace' or kind == 'sgrace' then set_deadline(kind, id, NOW + expert_grace) end
end
`;

/** ARGV: prefix, process, principal, socket id. Returns 1 when the principal had lost its connection (it is back). */
export const CONNECT = `${LIBRARY}
local principal = ARGV[3]
redis.call('HSET', key('conn', principal), ARGV[4], ARGV[2])
redis.call('SADD', key('proc', ARGV[2], 'conns'), principal .. '|' .. ARGV[4])
local back = redis.call('HDEL', key('lost'), principal)
local kind, id = grace_kind(principal)
if kind then clear_deadline(kind, id) end
return back
`;

/** ARGV: prefix, process, principal, socket id, point grace ms, expert grace ms. Returns 1 when it was the last socket. */
export const DISCONNECT = `${LIBRARY}
local principal = ARGV[3]
redis.call('SREM', key('proc', ARGV[2], 'conns'), principal .. '|' .. ARGV[4])
if redis.call('HDEL', key('conn', principal), ARGV[4]) == 1 and redis.call('HLEN', key('conn', principal)) == 0 then
  lost(principal, tonumber(ARGV[5]), tonumber(ARGV[6]))
  return 1
end
return 0
`;

/**
 * ARGV: prefix, process, ttl ms. Records the heartbeat; returns { was this process still
 * registered (1/0), ids of processes whose heartbeat lapsed }.
 */
export const BEAT = `${LIBRARY}
local known = redis.call('ZSCORE', key('procs'), ARGV[2]) ~= false
redis.call('ZADD', key('procs'), NOW, ARGV[2])
local lapsed = redis.call('ZRANGEBYSCORE', key('procs'), '-inf', NOW - tonumber(ARGV[3]))
return { known and 1 or 0, lapsed }
`;

/**
 * ARGV: prefix, process, ttl ms, point grace ms, expert grace ms. Takes a lapsed process's sockets
 * out of the registry and starts the grace period of every principal left with none. Does nothing
 * when the process beat again meanwhile (another process reaped it first, or it recovered).
 * Returns the principals whose grace period started, or -1 when it did nothing.
 */
export const REAP = `${LIBRARY}
local beat = redis.call('ZSCORE', key('procs'), ARGV[2])
if beat and NOW - tonumber(beat) < tonumber(ARGV[3]) then return -1 end
redis.call('ZREM', key('procs'), ARGV[2])
local started = {}
local index = key('proc', ARGV[2], 'conns')
for _, entry in ipairs(redis.call('SMEMBERS', index)) do
  local principal, sid = string.match(entry, '^(.+)|([^|]+)$')
  if principal then
    if redis.call('HDEL', key('conn', principal), sid) == 1 and redis.call('HLEN', key('conn', principal)) == 0 then
      lost(principal, tonumber(ARGV[4]), tonumber(ARGV[5]))
      table.insert(started, principal)
    end
  end
end
redis.call('DEL', index)
return started
`;

/** ARGV: prefix, process. A process leaving cleanly takes its heartbeat with it (its sockets left first). */
export const LEAVE = `${LIBRARY}
redis.call('ZREM', key('procs'), ARGV[2])
return 1
`;
