/**
 * The queue's atomic state changes, one Lua script per command (the BullMQ habit): a change of a
 * request, an offer, a session and a specialist's state happens in one step or not at all, so two
 * signaling processes can never offer one request twice or one specialist two requests.
 *
 * Every script starts with LIBRARY (shared helpers) and returns a JSON report of what it did:
 * `status`, the offers it made, the offers it withdrew and the queues it touched, which the
 * TypeScript side turns into pushes and timers. Time comes from Redis (`TIME`), so every process
 * agrees on it. Keys are built from the prefix in ARGV[1]: the deployment runs on one Redis
 * (not Cluster), which this relies on.
 *
 * Queue order: score = band + enqueue ms × 1000 + sequence, so transferred (priority) requests come
 * first, then by arrival; the sequence keeps arrivals in the same millisecond in order. A request
 * that returns from a declined or expired offer gets its old score back: its original place.
 */

const LIBRARY = `
local P = ARGV[1]
local function key(...) return P .. table.concat({...}, ':') end
local T = redis.call('TIME')
local NOW = tonumber(T[1]) * 1000 + math.floor(tonumber(T[2]) / 1000)
local PRIORITY_BAND = 0
local NORMAL_BAND = 4000000000000000
local result = { status = 'ok', offers = {}, withdrawn = {}, queues = {} }
local touched = {}

local function touch(a, l)
  local q = a .. ':' .. l
  if not touched[q] then touched[q] = true; table.insert(result.queues, q) end
end

local function presence_key(eid) return key('expert', eid, 'presence') end

local function skills_of(eid)
  local csv = redis.call('HGET', presence_key(eid), 'skills') or ''
  local out = {}
  for a, l in string.gmatch(csv, '([^,|]+)|([^,]+)') do table.insert(out, { a, l }) end
  return out
end

local function set_state(eid, state, reason)
  local pk = presence_key(eid)
  redis.call('HSET', pk, 'state', state, 'since', NOW)
  if reason then redis.call('HSET', pk, 'reason', reason) else redis.call('HDEL', pk, 'reason') end
  for _, s in ipairs(skills_of(eid)) do touch(s[1], s[2]) end
end

local function leave_avail(eid)
  for _, s in ipairs(skills_of(eid)) do redis.call('ZREM', key('avail', s[1], s[2]), eid) end
end

local function join_avail(eid)
  for _, s in ipairs(skills_of(eid)) do redis.call('ZADD', key('avail', s[1], s[2]), NOW, eid) end
end

local function make_offer(tid, eid, ttl)
  local tk = key('ticket', tid)
  local a = redis.call('HGET', tk, 'agency')
  local l = redis.call('HGET', tk, 'language')
  redis.call('ZREM', key('queue', a, l), tid)
  redis.call('ZREM', key('since', a, l), tid)
  local n = redis.call('HINCRBY', tk, 'offerCount', 1)
  local oid = tid .. '-o' .. n
  redis.call('HSET', tk, 'state', 'offered', 'offerId', oid, 'expertId', eid, 'offeredAt', NOW)
  redis.call('HSET', key('offer', oid), 'ticketId', tid, 'expertId', eid, 'offeredAt', NOW, 'expiresAt', NOW + ttl)
  leave_avail(eid)
  set_state(eid, 'offered')
  redis.call('HSET', presence_key(eid), 'offerId', oid)
  touch(a, l)
  table.insert(result.offers, { offerId = oid, expertId = eid, ticketId = tid })
end

-- A waiting request meets the specialist of its queue who has been available longest and has
-- not declined it.
local function match_ticket(tid, ttl)
  local tk = key('ticket', tid)
  if redis.call('HGET', tk, 'state') ~= 'waiting' then return false end
  local a = redis.call('HGET', tk, 'agency')
  local l = redis.call('HGET', tk, 'language')
  local declined = key('ticket', tid, 'declined')
  for _, eid in ipairs(redis.call('ZRANGE', key('avail', a, l), 0, -1)) do
    if redis.call('SISMEMBER', declined, eid) == 0 then make_offer(tid, eid, ttl); return true end
  end
  return false
end

-- An available specialist meets the request that waited longest (priority first) across every
-- queue of their skills.
local function match_expert(eid, ttl)
  if redis.call('HGET', presence_key(eid), 'state') ~= 'available' then return false end
  local best, best_score = nil, nil
  for _, s in ipairs(skills_of(eid)) do
    local entries = redis.call('ZRANGE', key('queue', s[1], s[2]), 0, 49, 'WITHSCORES')
    for i = 1, #entries, 2 do
      local score = tonumber(entries[i + 1])
      if best_score ~= nil and score >= best_score then break end
      if redis.call('SISMEMBER', key('ticket', entries[i], 'declined'), eid) == 0 then
        best = entries[i]; best_score = score; break
      end
    end
  end
  if best then make_offer(best, eid, ttl); return true end
  return false
end

local function enqueue(tid, fields, priority)
  local tk = key('ticket', tid)
  local flat = {}
  for k, v in pairs(fields) do table.insert(flat, k); table.insert(flat, v) end
  redis.call('HSET', tk, unpack(flat))
  local a = fields.agency
  local l = fields.language
  local seq = redis.call('INCR', key('seq')) % 1000
  local score = (priority and PRIORITY_BAND or NORMAL_BAND) + NOW * 1000 + seq
  redis.call('HSET', tk, 'state', 'waiting', 'enqueuedAt', NOW, 'score', string.format('%.0f', score))
  redis.call('ZADD', key('queue', a, l), score, tid)
  redis.call('ZADD', key('since', a, l), NOW, tid)
  redis.call('SADD', key('point', fields.pointId, 'tickets'), tid)
  touch(a, l)
end

-- Puts an offered request back at its original place. The specialist's state is the caller's.
local function return_offer(oid, reason, remember_decline)
  local ok = key('offer', oid)
  local tid = redis.call('HGET', ok, 'ticketId')
  if not tid then return nil end
  local eid = redis.call('HGET', ok, 'expertId')
  redis.call('DEL', ok)
  local tk = key('ticket', tid)
  local a = redis.call('HGET', tk, 'agency')
  local l = redis.call('HGET', tk, 'language')
  redis.call('HSET', tk, 'state', 'waiting')
  redis.call('HDEL', tk, 'offerId', 'expertId', 'offeredAt')
  redis.call('ZADD', key('queue', a, l), redis.call('HGET', tk, 'score'), tid)
  redis.call('ZADD', key('since', a, l), redis.call('HGET', tk, 'enqueuedAt'), tid)
  if remember_decline then redis.call('SADD', key('ticket', tid, 'declined'), eid) end
  redis.call('HDEL', presence_key(eid), 'offerId')
  touch(a, l)
  table.insert(result.withdrawn, { offerId = oid, expertId = eid, ticketId = tid, reason = reason })
  return tid, eid
end

local function end_session(sid, eid, wrap_ms)
  local sk = key('session', sid)
  if redis.call('HGET', sk, 'expertId') ~= eid or redis.call('HEXISTS', sk, 'endedAt') == 1 then return false end
  redis.call('HSET', sk, 'endedAt', NOW, 'wrapUpDeadline', NOW + wrap_ms)
  local tid = redis.call('HGET', sk, 'ticketId')
  redis.call('HSET', key('ticket', tid), 'state', 'completed', 'closedAt', NOW)
  redis.call('SREM', key('point', redis.call('HGET', sk, 'pointId'), 'tickets'), tid)
  set_state(eid, 'wrap-up')
  redis.call('HSET', presence_key(eid), 'sessionId', sid)
  result.sessionId = sid
  result.endedAt = NOW
  result.wrapUpDeadline = NOW + wrap_ms
  return true
end

local function mark_queue_owned(eid)
  local state = redis.call('HGET', presence_key(eid), 'state')
  if state == 'offered' or state == 'in-session' or state == 'wrap-up' then
    result.status = 'blocked'; result.state = state; return true
  end
  return false
end

local function staff(eid, skills_csv)
  redis.call('HSET', presence_key(eid), 'skills', skills_csv)
  for _, s in ipairs(skills_of(eid)) do redis.call('SADD', key('staffed', s[1], s[2]), eid) end
end
`;

const script = (body: string) => `${LIBRARY}\n${body}\nreturn cjson.encode(result)`;

/** ARGV: prefix, ticketId, offerTtlMs, priority ('1'|'0'), fields JSON. */
export const ENQUEUE = script(`
enqueue(ARGV[2], cjson.decode(ARGV[5]), ARGV[4] == '1')
match_ticket(ARGV[2], tonumber(ARGV[3]))
`);

/** ARGV: prefix, expertId, skills csv (agency|lang,...), offerTtlMs. */
export const GO_AVAILABLE = script(`
local eid = ARGV[2]
if not mark_queue_owned(eid) then
  local state = redis.call('HGET', presence_key(eid), 'state')
  staff(eid, ARGV[3])
  if state == 'available' then
    result.status = 'same'
  else
    set_state(eid, 'available')
    join_avail(eid)
    result.status = 'set'
  end
  match_expert(eid, tonumber(ARGV[4]))
end
`);

/** ARGV: prefix, expertId, skills csv, reason. */
export const GO_AWAY = script(`
local eid = ARGV[2]
if not mark_queue_owned(eid) then
  local pk = presence_key(eid)
  staff(eid, ARGV[3])
  if redis.call('HGET', pk, 'state') == 'away' and redis.call('HGET', pk, 'reason') == ARGV[4] then
    result.status = 'same'
  else
    leave_avail(eid)
    set_state(eid, 'away', ARGV[4])
    result.status = 'set'
  end
end
`);

/** ARGV: prefix, expertId, offerTtlMs. A specialist in a session or wrap-up keeps it. */
export const GO_OFFLINE = script(`
local eid = ARGV[2]
local pk = presence_key(eid)
local state = redis.call('HGET', pk, 'state')
if state == 'in-session' or state == 'wrap-up' then
  result.status = 'kept'
elseif state == false or state == 'offline' then
  result.status = 'same'
else
  local tid = nil
  if state == 'offered' then tid = return_offer(redis.call('HGET', pk, 'offerId'), 'offline', false) end
  leave_avail(eid)
  for _, s in ipairs(skills_of(eid)) do redis.call('SREM', key('staffed', s[1], s[2]), eid) end
  set_state(eid, 'offline')
  result.status = 'set'
  if tid then match_ticket(tid, tonumber(ARGV[3])) end
end
`);

/** ARGV: prefix, offerId, expertId, offerTtlMs. */
export const DECLINE = script(`
local oid, eid, ttl = ARGV[2], ARGV[3], tonumber(ARGV[4])
local owner = redis.call('HGET', key('offer', oid), 'expertId')
if not owner then
  result.status = 'gone'
elseif owner ~= eid then
  result.status = 'not-yours'
else
  local tid = return_offer(oid, 'declined', true)
  set_state(eid, 'available')
  join_avail(eid)
  match_ticket(tid, ttl)
  match_expert(eid, ttl)
end
`);

/** ARGV: prefix, offerId, offerTtlMs. Acts only once the offer's time is up. */
export const EXPIRE_OFFER = script(`
local oid, ttl = ARGV[2], tonumber(ARGV[3])
local expires = redis.call('HGET', key('offer', oid), 'expiresAt')
if not expires then
  result.status = 'gone'
elseif NOW < tonumber(expires) then
  result.status = 'early'
  result.retryInMs = tonumber(expires) - NOW
else
  local tid, eid = return_offer(oid, 'timeout', true)
  set_state(eid, 'away', 'missed-offer')
  match_ticket(tid, ttl)
end
`);

/** ARGV: prefix, offerId, expertId, stats key suffix (day), service-level target seconds. */
export const ACCEPT = script(`
local oid, eid = ARGV[2], ARGV[3]
local ok = key('offer', oid)
local tid = redis.call('HGET', ok, 'ticketId')
if not tid then
  result.status = 'gone'
elseif redis.call('HGET', ok, 'expertId') ~= eid then
  result.status = 'not-yours'
elseif NOW > tonumber(redis.call('HGET', ok, 'expiresAt')) then
  result.status = 'expired'
else
  redis.call('DEL', ok)
  local tk = key('ticket', tid)
  local t = redis.call('HGETALL', tk)
  local f = {}
  for i = 1, #t, 2 do f[t[i]] = t[i + 1] end
  local sid = 's' .. tid
  redis.call('HSET', tk, 'state', 'in-session', 'sessionId', sid, 'answeredAt', NOW)
  redis.call('HSET', key('session', sid), 'ticketId', tid, 'visitId', f.visitId, 'pointId', f.pointId,
    'expertId', eid, 'agency', f.agency, 'language', f.language, 'topic', f.topic or '',
    'queuedAt', f.enqueuedAt, 'offeredAt', f.offeredAt, 'answeredAt', NOW, 'transferredFrom', f.transferredFrom or '')
  set_state(eid, 'in-session')
  redis.call('HSET', presence_key(eid), 'sessionId', sid)
  redis.call('HDEL', presence_key(eid), 'offerId')
  local stats = key('stats', ARGV[4], f.agency, f.language)
  local wait = NOW - tonumber(f.enqueuedAt)
  redis.call('HINCRBY', stats, 'answered', 1)
  redis.call('HINCRBY', stats, 'waitSumMs', wait)
  if wait <= tonumber(ARGV[5]) * 1000 then redis.call('HINCRBY', stats, 'inTarget', 1) end
  redis.call('EXPIRE', stats, 40 * 86400)
  touch(f.agency, f.language)
  result.sessionId = sid
end
`);

/** ARGV: prefix, sessionId, expertId, wrap-up limit ms. */
export const END_SESSION = script(`
if not end_session(ARGV[2], ARGV[3], tonumber(ARGV[4])) then result.status = 'not-in-session' end
`);

/** ARGV: prefix, sessionId, expertId, wrap-up limit ms, new ticketId, fields JSON, offerTtlMs. */
export const TRANSFER = script(`
if not end_session(ARGV[2], ARGV[3], tonumber(ARGV[4])) then
  result.status = 'not-in-session'
else
  enqueue(ARGV[5], cjson.decode(ARGV[6]), true)
  result.ticketId = ARGV[5]
  match_ticket(ARGV[5], tonumber(ARGV[7]))
end
`);

/**
 * ARGV: prefix, sessionId, expertId ('' when the wrap-up time ran out), outcome, stats day,
 * offerTtlMs. Records the outcome once, marks the transaction for delivery, frees the specialist.
 */
export const WRAP_UP = script(`
local sid, eid, outcome, ttl = ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[6])
local sk = key('session', sid)
local ended = redis.call('HGET', sk, 'endedAt')
local owner = redis.call('HGET', sk, 'expertId')
if not ended or (eid ~= '' and owner ~= eid) then
  result.status = 'not-in-session'
elseif redis.call('HEXISTS', sk, 'outcome') == 1 then
  result.status = 'same'
elseif eid == '' and NOW < tonumber(redis.call('HGET', sk, 'wrapUpDeadline')) then
  result.status = 'early'
else
  redis.call('HSET', sk, 'outcome', outcome, 'completedAt', NOW)
  redis.call('SADD', key('tx', 'pending'), sid)
  local a = redis.call('HGET', sk, 'agency')
  local l = redis.call('HGET', sk, 'language')
  local handle = NOW - tonumber(redis.call('HGET', sk, 'answeredAt'))
  local stats = key('stats', ARGV[5], a, l)
  redis.call('HINCRBY', stats, 'handled', 1)
  redis.call('HINCRBY', stats, 'handleSumMs', handle)
  redis.call('EXPIRE', stats, 40 * 86400)
  -- Recent handle times for the wait estimate: exponentially weighted, newest counts 20 %.
  local aht_key = key('aht', a, l)
  local previous = tonumber(redis.call('GET', aht_key) or '')
  local aht = previous and (previous * 0.8 + handle * 0.2) or handle
  redis.call('SET', aht_key, string.format('%.0f', aht))
  local pk = presence_key(owner)
  if redis.call('HGET', pk, 'state') == 'wrap-up' and redis.call('HGET', pk, 'sessionId') == sid then
    redis.call('HDEL', pk, 'sessionId')
    set_state(owner, 'available')
    join_avail(owner)
    match_expert(owner, ttl)
  end
  touch(a, l)
  result.expertId = owner
end
`);

/**
 * ARGV: prefix, ticketId, pointId, reason (cancelled|abandoned), stats day, offerTtlMs. Counts the
 * day's figure and leaves the demand event in `demand:pending` for the outbox.
 */
export const CANCEL = script(`
local tid, pid, reason, ttl = ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[6])
local tk = key('ticket', tid)
local state = redis.call('HGET', tk, 'state')
if redis.call('HGET', tk, 'pointId') ~= pid then
  result.status = 'not-found'
elseif state ~= 'waiting' and state ~= 'offered' then
  result.status = 'closed'
  result.state = state
else
  local a = redis.call('HGET', tk, 'agency')
  local l = redis.call('HGET', tk, 'language')
  local freed = nil
  if state == 'offered' then
    local oid = redis.call('HGET', tk, 'offerId')
    freed = redis.call('HGET', tk, 'expertId')
    redis.call('DEL', key('offer', oid))
    redis.call('HDEL', presence_key(freed), 'offerId')
    set_state(freed, 'available')
    join_avail(freed)
    table.insert(result.withdrawn, { offerId = oid, expertId = freed, ticketId = tid, reason = reason })
  end
  redis.call('ZREM', key('queue', a, l), tid)
  redis.call('ZREM', key('since', a, l), tid)
  redis.call('HSET', tk, 'state', reason, 'closedAt', NOW)
  redis.call('HDEL', tk, 'offerId', 'expertId', 'offeredAt')
  redis.call('SREM', key('point', pid, 'tickets'), tid)
  local waited = NOW - tonumber(redis.call('HGET', tk, 'enqueuedAt'))
  local stats = key('stats', ARGV[5], a, l)
  redis.call('HINCRBY', stats, reason, 1)
  redis.call('HINCRBY', stats, reason .. 'WaitSumMs', waited)
  redis.call('EXPIRE', stats, 40 * 86400)
  -- The demand event for the ledger, in the same step (the outbox relays it; a request closes
  -- once, so its ticket id is the event's id).
  redis.call('HSET', key('demand', 'pending'), tid, cjson.encode({ kind = reason, pointId = pid,
    visitId = redis.call('HGET', tk, 'visitId'), ticketId = tid, agency = a, language = l,
    waitedMs = waited, atMs = NOW }))
  result.demandEventId = tid
  touch(a, l)
  if freed then match_expert(freed, ttl) end
end
`);
