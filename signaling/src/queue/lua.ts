/**
 * The queue's atomic state changes, one Lua script per command (the BullMQ habit): a change of a
 * request, an offer, a session and a specialist's state happens in one step or not at all, so two
 * signaling processes can never offer one request twice or one specialist two requests.
 *
 * Every script starts with the library (shared helpers) and returns a JSON report of what it did:
 * `status`, the offers it made, the offers it withdrew and the queues it touched, which the
 * TypeScript side turns into pushes. Every deadline (offer expiry, wrap-up limit, grace periods,
 * session limit, closing time) is written and cleared by the script that changes the state it
 * guards (deadlines/), so no crash between a state change and its timer can leave a state
 * without one. Time is Redis's, so every process agrees on it: each process hands its scripts
 * Redis's clock as it reads it (redis/redis-clock.ts), and a script without that reading asks
 * Redis (`TIME`). Keys are built from the prefix in ARGV[1]: the deployment runs on one Redis
 * (not Cluster), which this relies on.
 *
 * Queue order: score = band + enqueue ms × 1000 + sequence, so transferred (priority) requests come
 * first, then by arrival; the sequence keeps arrivals in the same millisecond in order. A request
 * that returns from a declined or expired offer gets its old score back: its original place.
 */

import { DEADLINE_LUA } from '../deadlines/deadline.js';
import { NORMAL_BAND, PRIORITY_BAND } from './queue-score.js';

/**
 * Settings compiled into the scripts' text (so no script needs extra arguments or reads for them):
 * how long ended records stay in Redis, and the longest a session may run.
 */
export interface ScriptSettings {
  /** How long ended requests and sessions stay in Redis. */
  retentionSeconds: number;
  sessionLimitMs: number;
  /**
   * After declining a request (or letting it ring out) a specialist is not offered it again for
   * this long; then again, but only when nobody who has not declined it is free.
   */
  declineCooldownMs: number;
  /**
   * A stepped-away request passed over at the head is abandoned when it would be offered again
   * this long after the pass-over, its customer still away. Default 2 min.
   */
  passOverGraceMs?: number;
}

const library = (settings: ScriptSettings) => `
-- ARGV[1]: the key prefix, with Redis's time as the calling process reads it appended
-- (\`<prefix>|clock=<ms>\`, redis/redis-clock.ts), which saves a \`TIME\` per call; without it
-- (a caller that has no reading yet), the script asks Redis.
local P, CLOCK = string.match(ARGV[1], '^(.*)|clock=(%d+)$')
if not P then P = ARGV[1] end
local function key(...) return P .. table.concat({...}, ':') end
local NOW = tonumber(CLOCK)
if not NOW then
  local T = redis.call('TIME')
  NOW = tonumber(T[1]) * 1000 + math.floor(tonumber(T[2]) / 1000)
end
local PRIORITY_BAND = ${PRIORITY_BAND}
local NORMAL_BAND = ${NORMAL_BAND}
local AHT_CARRY_EVERY = 20
local RETAIN_SECONDS = ${Math.max(1, Math.round(settings.retentionSeconds))}
local SESSION_LIMIT_MS = ${Math.max(1, Math.round(settings.sessionLimitMs))}
local DECLINE_COOLDOWN_MS = ${Math.max(0, Math.round(settings.declineCooldownMs))}
local PASS_OVER_GRACE_MS = ${Math.max(0, Math.round(settings.passOverGraceMs ?? 120_000))}
-- \`presence\`: the state each specialist was left in, so that the pushes need not read it back.
local result = { status = 'ok', offers = {}, withdrawn = {}, queues = {}, presence = {} }
local touched = {}
${DEADLINE_LUA}
-- Ended records leave Redis after the retention time; the ledger keeps what must be kept.
local function retain(k) redis.call('EXPIRE', k, RETAIN_SECONDS) end

-- Does a principal (\`point:<id>\`, \`expert:<id>\`) have a live socket on any process? (liveness/)
local function is_connected(principal) return redis.call('EXISTS', key('conn', principal)) == 1 end

-- Interpreters (issue 14) are a pool with language pairs. An interpreter's "skills" are their pairs,
-- written \`~<language>|<service language>\` (\`~ar|fi\`: Arabic with Finnish), so the pool's
-- availability and staffing sets (\`avail:~ar:fi\`) come from the same helpers as a queue's. A
-- request needing an interpreter waits in its queue and, with the same score, in its pool's queue
-- (\`queue:~ar:fi\`), where an interpreter who becomes free finds it. A pool is not a queue of the
-- figures: touching it pushes nothing.
local function is_pool(a) return string.sub(a, 1, 1) == '~' end

local function touch(a, l)
  if is_pool(a) then return end
  local q = a .. ':' .. l
  if not touched[q] then touched[q] = true; table.insert(result.queues, q) end
end

local function presence_key(eid) return key('expert', eid, 'presence') end

-- An offer lives in its request's hash: \`offerId\`, \`expertId\`, \`offeredAt\`, \`offerExpiresAt\`,
-- \`offerInterpreterId\` ('' for none) and \`offerAccepted\` (who of the two accepted first). Its id
-- is the request's with \`-o<n>\`, so the request is found from it. It rings while the request is
-- \`offered\` with that id; once answered, returned or withdrawn it is gone, with no key to delete.
local function offer_ticket(oid) return string.match(oid or '', '^(.+)%-o%d+$') end
local OFFER_FIELDS = { 'state', 'offerId', 'expertId', 'offerInterpreterId', 'offerExpiresAt', 'offerAccepted',
  'offeredAt' }
-- The offer \`oid\` of request \`tid\` from the request's fields \`f\` (any table holding OFFER_FIELDS);
-- nil when it no longer rings.
local function offer_in(tid, oid, f)
  if f.state ~= 'offered' or f.offerId ~= oid then return nil end
  local function set(v) return (v and v ~= '') and v or nil end
  -- An offer without its expiry (made before offers moved into the request's hash) has run out.
  return { tid = tid, eid = f.expertId, iid = set(f.offerInterpreterId), expires = tonumber(f.offerExpiresAt) or 0,
    accepted = set(f.offerAccepted), offered = tonumber(f.offeredAt) or 0 }
end
local function offer_of(oid)
  local tid = offer_ticket(oid)
  if not tid then return nil end
  local values = redis.call('HMGET', key('ticket', tid), unpack(OFFER_FIELDS))
  local f = {}
  for i, name in ipairs(OFFER_FIELDS) do f[name] = values[i] end
  return offer_in(tid, oid, f)
end

-- A hash's HGETALL reply as a table.
local function fields(flat)
  local f = {}
  for i = 1, #flat, 2 do f[flat[i]] = flat[i + 1] end
  return f
end

-- A specialist's skills, read once per script: matching asks for them at every step.
local skills_cache = {}
local function remember(eid, csv)
  local out = {}
  for a, l in string.gmatch(csv or '', '([^,|]+)|([^,]+)') do table.insert(out, { a, l }) end
  skills_cache[eid] = out
  return out
end
local function skills_of(eid)
  local cached = skills_cache[eid]
  if cached then return cached end
  return remember(eid, redis.call('HGET', presence_key(eid), 'skills'))
end

-- A specialist's new state with the fields that go with it, in one HSET: \`extra\`, more fields to
-- write; \`drop\`, fields that no longer apply. A field that no longer applies (the reason when not
-- away, an offer or session that is over) is written empty rather than deleted, which every
-- reader takes as absent (presence/presence-record.ts), so a change of state is one command.
-- The report carries the state for the push.
local function set_state(eid, state, reason, extra, drop)
  local write = { 'HSET', presence_key(eid), 'state', state, 'since', NOW, 'reason', reason or '' }
  for k, v in pairs(extra or {}) do table.insert(write, k); table.insert(write, v) end
  for _, name in ipairs(drop or {}) do table.insert(write, name); table.insert(write, '') end
  redis.call(unpack(write))
  result.presence[eid] = { state = state, since = NOW, reason = reason }
  for _, s in ipairs(skills_of(eid)) do touch(s[1], s[2]) end
end

local function leave_avail(eid)
  for _, s in ipairs(skills_of(eid)) do redis.call('ZREM', key('avail', s[1], s[2]), eid) end
end

local function join_avail(eid)
  for _, s in ipairs(skills_of(eid)) do redis.call('ZADD', key('avail', s[1], s[2]), NOW, eid) end
end

-- Offers a waiting request to a specialist. The report carries the request's fields as they are now,
-- which is all the offer's and the ticket's pushes need. \`drop\`: presence fields to remove with the
-- state change; \`outside\`: the specialist is in no availability set (back from wrap-up).
-- \`iid\`: the interpreter offered the request with the specialist (an interpreter-needed request):
-- one offer rings at both, reserved together in this one step. \`f\`: the request's fields when the
-- caller has just read them whole (the matching reads the request it chooses whole, for this).
local function make_offer(tid, eid, ttl, drop, outside, iid, f)
  local tk = key('ticket', tid)
  f = f or fields(redis.call('HGETALL', tk))
  local a, l = f.agency, f.language
  redis.call('ZREM', key('queue', a, l), tid)
  if f.interpreter then redis.call('ZREM', key('queue', '~' .. f.interpreter, l), tid) end
  local n = (tonumber(f.offerCount) or 0) + 1
  local oid = tid .. '-o' .. n
  redis.call('HSET', tk, 'state', 'offered', 'offerId', oid, 'expertId', eid, 'offeredAt', NOW, 'offerCount', n,
    'offerExpiresAt', NOW + ttl, 'offerInterpreterId', iid or '', 'offerAccepted', '')
  f.state = 'offered'; f.offerId = oid; f.expertId = eid; f.offeredAt = tostring(NOW); f.offerCount = tostring(n)
  set_deadline('request', tid, NOW + ttl)
  if not outside then leave_avail(eid) end
  set_state(eid, 'offered', nil, { offerId = oid }, drop)
  touch(a, l)
  table.insert(result.offers, { offerId = oid, expertId = eid, ticketId = tid, offeredAt = NOW, expiresAt = NOW + ttl,
    ticket = f, partnerId = iid, role = iid and 'expert' or nil })
  if iid then
    leave_avail(iid)
    set_state(iid, 'offered', nil, { offerId = oid })
    table.insert(result.offers, { offerId = oid, expertId = iid, ticketId = tid, offeredAt = NOW,
      expiresAt = NOW + ttl, ticket = f, partnerId = eid, role = 'interpreter' })
  end
end

-- Who declined a request or let it ring out, scored by when (\`ticket:<id>:declined\`). Within the
-- cool-down they are not offered it again; after it, only when nobody else is free.
local function declined_at(tid, eid)
  return tonumber(redis.call('ZSCORE', key('ticket', tid, 'declined'), eid) or '')
end
local function cooled(at) return NOW >= at + DECLINE_COOLDOWN_MS end

-- The next time a cool-down of the request ends: a deadline then offers it again (\`redecline\`).
local function schedule_redecline(tid)
  local next = redis.call('ZRANGEBYSCORE', key('ticket', tid, 'declined'), '(' .. (NOW - DECLINE_COOLDOWN_MS), '+inf',
    'WITHSCORES', 'LIMIT', 0, 1)
  if next[2] then set_deadline('redecline', tid, tonumber(next[2]) + DECLINE_COOLDOWN_MS)
  else clear_deadline('redecline', tid) end
end

-- A booked request is reserved for its booked specialist until \`reservedUntil\` (the booking's
-- start plus the exclusive wait): the specialist it is reserved for, or nil once anyone may serve it.
local function reserved_for(rf, ru)
  if rf and rf ~= '' and NOW < (tonumber(ru) or 0) then return rf end
  return nil
end

-- A waiting request whose view changed while it waits (stepped away, back, passed over): the
-- position pushes read its facts again (they keep them while it waits).
local function refreshed(tid)
  result.refreshed = result.refreshed or {}
  table.insert(result.refreshed, tid)
end

-- A request whose customer stepped away (\`awayUntil\` set) is never offered: when it would be (it
-- has reached the head with someone free), it is passed over once, keeping its place
-- (\`passedOverAt\`); met again after the pass-over grace with the customer still away, it is
-- abandoned by a deadline due now (\`away\`: abandoning counts into the day's figures, which needs
-- the service day the TypeScript side names). \`a\`, \`l\`: its queue, which the callers know.
-- Returns true when the request must be skipped.
local function skip_away(tid, away, passed, a, l)
  if not away or away == '' then return false end
  if not passed or passed == '' then
    redis.call('HSET', key('ticket', tid), 'passedOverAt', NOW)
    touch(a, l)
    refreshed(tid)
  elseif NOW >= tonumber(passed) + PASS_OVER_GRACE_MS then
    set_deadline('away', tid, NOW)
  end
  return true
end

-- Of the people free in an availability set, the one free longest who has not declined the request;
-- failing that, one whose cool-down after declining it is over (nil when none). \`declined\`: the
-- request has a decline list. A reserved (booked) request meets only its booked specialist.
-- The set is read a few at a time (usually the first one read is the one), so a large set of free
-- people costs no more than a small one.
local function first_free(tid, set, declined, reserved)
  if reserved then
    -- The booked specialist, if they are in the set.
    return redis.call('ZSCORE', set, reserved) and reserved or nil
  end
  local again = nil
  local from, batch = 0, 8
  while true do
    local ids = redis.call('ZRANGE', set, from, from + batch - 1)
    for _, eid in ipairs(ids) do
      local at = declined and declined_at(tid, eid)
      if not at then return eid end
      if not again and cooled(at) then again = eid end
    end
    if #ids < batch then return again end
    from = from + batch
    batch = batch * 4
  end
end

-- A waiting request meets the specialist of its queue who has been available longest and has
-- not declined it; failing that, one whose cool-down after declining it is over. A reserved
-- (booked) request meets only its booked specialist. A request needing an interpreter is offered
-- only when an interpreter of its pool is free too: both are reserved in this one step.
local function match_ticket(tid, ttl, known)
  -- Read whole (or as the caller just wrote it, \`known\`): the offer made from it reports the request's fields.
  local f = known or fields(redis.call('HGETALL', key('ticket', tid)))
  local state, a, l, rf, ru, away, passed, x, declined = f.state, f.agency, f.language, f.reservedFor, f.reservedUntil,
    f.awayUntil, f.passedOverAt, f.interpreter, f.declined
  if state ~= 'waiting' then return false end
  local iid = nil
  if x then
    -- Nobody of the queue free: the pool is not searched.
    if redis.call('ZCARD', key('avail', a, l)) == 0 then return false end
    iid = first_free(tid, key('avail', '~' .. x, l), declined)
    if not iid then return false end
  end
  local eid = first_free(tid, key('avail', a, l), declined, reserved_for(rf, ru))
  if not eid then return false end
  -- A stepped-away request is passed over only when it would have been offered (someone was found).
  if skip_away(tid, away, passed, a, l) then return false end
  make_offer(tid, eid, ttl, nil, nil, iid, f)
  return true
end

-- The request a specialist would be offered: the one that waited longest (priority first) across
-- every queue of their skills, passing over those they declined within the cool-down. Candidates
-- are checked for a decline in serving order, so usually only the first is looked up.
-- An interpreter is matched the same way across their pools' queues; a request there is offered only
-- with a free specialist of its own queue. Returns the request and, for a request needing an
-- interpreter, the partner: the interpreter (for a specialist) or the specialist (for an interpreter).
-- Each queue's head is read a few at a time up to its first 50 (BEST_LOOK), and the queues are
-- merged by score as they are read: the first candidate is usually the one, so a long queue costs
-- no more than a short one. Equal scores keep the order of the skills, then of the queue.
local BEST_LOOK = 50
local function next_candidate(heads, skills)
  local best = nil
  for q, h in ipairs(heads) do
    if h.pos > #h.ids and h.more then
      local from = h.read
      local to = math.min(BEST_LOOK, from + (from == 0 and 4 or 16)) - 1
      local entries = redis.call('ZRANGE', key('queue', skills[q][1], skills[q][2]), from, to, 'WITHSCORES')
      for i = 1, #entries, 2 do
        table.insert(h.ids, entries[i])
        table.insert(h.scores, tonumber(entries[i + 1]))
      end
      h.read = to + 1
      h.more = #entries == 2 * (to - from + 1) and h.read < BEST_LOOK
    end
    if h.pos <= #h.ids and (not best or h.scores[h.pos] < heads[best].scores[heads[best].pos]) then best = q end
  end
  if not best then return nil end
  local h = heads[best]
  h.pos = h.pos + 1
  return { id = h.ids[h.pos - 1], q = best }
end

local function best_for(eid)
  local skills = skills_of(eid)
  local heads = {}
  for q = 1, #skills do heads[q] = { ids = {}, scores = {}, pos = 1, read = 0, more = true } end
  while true do
    local c = next_candidate(heads, skills)
    if not c then break end
    -- One read per candidate looked at (usually only the first), whole, as the offer made from it
    -- reports it: the decline list is read only when the request has one.
    local f = fields(redis.call('HGETALL', key('ticket', c.id)))
    local declined, rf, ru, away, passed, a, x = f.declined, f.reservedFor, f.reservedUntil, f.awayUntil, f.passedOverAt,
      f.agency, f.interpreter
    local reserved = reserved_for(rf, ru)
    local queue = skills_of(eid)[c.q]
    local pool = is_pool(queue[1])
    if not (reserved and reserved ~= eid and not pool) then
      local at = declined and declined_at(c.id, eid)
      if not at or cooled(at) then
        local partner, found = nil, true
        if pool then
          partner = first_free(c.id, key('avail', a, queue[2]), declined, reserved_for(rf, ru))
          found = partner ~= nil
        elseif x then
          partner = first_free(c.id, key('avail', '~' .. x, queue[2]), declined)
          found = partner ~= nil
        end
        -- A stepped-away request is passed over only when it would have been offered.
        if found and not skip_away(c.id, away, passed, a, queue[2]) then return c.id, partner, f end
      end
    end
  end
  return nil
end

-- Is this person an interpreter (their skills are language pairs)?
local function is_interpreter(eid)
  local first = skills_of(eid)[1]
  return first ~= nil and is_pool(first[1])
end

-- An available specialist meets the request that waited longest (priority first) across every
-- queue of their skills. \`known\`: the caller has just made them available.
local function match_expert(eid, ttl, known)
  if not known and redis.call('HGET', presence_key(eid), 'state') ~= 'available' then return false end
  local best, partner, f = best_for(eid)
  if not best then return false end
  if partner and is_interpreter(eid) then make_offer(best, partner, ttl, nil, nil, eid, f)
  else make_offer(best, eid, ttl, nil, nil, partner, f) end
  return true
end

local function enqueue(tid, fields, priority)
  local tk = key('ticket', tid)
  local a = fields.agency
  local l = fields.language
  local seq = redis.call('INCR', key('seq')) % 1000
  -- A booked request is ordered among the priority band by its booked time (an early arrival does
  -- not overtake an earlier booking), and its reservation lapses by a deadline.
  local at = NOW
  if fields.bookedAt then at = math.min(NOW, tonumber(fields.bookedAt)) end
  local score = (priority and PRIORITY_BAND or NORMAL_BAND) + at * 1000 + seq
  if fields.reservedUntil then set_deadline('reserve', tid, tonumber(fields.reservedUntil)) end
  local flat = { 'state', 'waiting', 'enqueuedAt', NOW, 'score', string.format('%.0f', score) }
  for k, v in pairs(fields) do table.insert(flat, k); table.insert(flat, v) end
  redis.call('HSET', tk, unpack(flat))
  local written = {}
  for i = 1, #flat, 2 do written[flat[i]] = tostring(flat[i + 1]) end
  redis.call('ZADD', key('queue', a, l), score, tid)
  if fields.interpreter then redis.call('ZADD', key('queue', '~' .. fields.interpreter, l), score, tid) end
  redis.call('SADD', key('point', fields.pointId, 'tickets'), tid)
  touch(a, l)
  -- The request's hash as written (a new one: nothing else in it), for the matching not to read it back.
  return written
end

-- The queue's closing time (epoch ms, as text; 0 or '' for none) guards every request waiting in
-- it: one \`close|<a>|<l>\` deadline, the earliest time wins (LT). Each path that puts a request in a
-- queue (enqueue, transfer, requeue) passes it.
local function guard_closing(a, l, closes)
  closes = tonumber(closes or '') or 0
  if closes > 0 then redis.call('ZADD', key('deadlines'), 'LT', closes, 'close|' .. a .. '|' .. l) end
end

-- Puts an offered request back at its original place. The specialist's state is the caller's.
-- \`marks\`: who declined it or let it ring (a cool-down each; empty for none). For an offer with an
-- interpreter the caller acts for \`actor\` (who declined, or whose connection is gone; nil when the
-- offer ran out); the other side is released here, told by \`partner-<reason>\`, and returned as
-- the third value: the caller makes them available again (and matches them).
local function return_offer(oid, reason, marks, actor)
  local o = offer_of(oid)
  if not o then return nil end
  local tid, eid, iid = o.tid, o.eid, o.iid
  clear_deadline('request', tid)
  local tk = key('ticket', tid)
  local a, l, score, x = unpack(redis.call('HMGET', tk, 'agency', 'language', 'score', 'interpreter'))
  -- \`declined\` marks a request with a cool-down set, to be cleared when it is answered. The offer's
  -- fields are blanked in the same HSET (read as absent).
  local back = { 'HSET', tk, 'state', 'waiting', 'offerId', '', 'expertId', '', 'offeredAt', '', 'offerExpiresAt', '',
    'offerInterpreterId', '', 'offerAccepted', '' }
  if #marks > 0 then table.insert(back, 'declined'); table.insert(back, '1') end
  redis.call(unpack(back))
  redis.call('ZADD', key('queue', a, l), score, tid)
  if x then redis.call('ZADD', key('queue', '~' .. x, l), score, tid) end
  -- The queue's service closed while this offer rang (closeQueue left it ringing): what is back in
  -- the queue now is told the service closed, by the queue's final close, due now.
  if redis.call('EXISTS', key('closed', a, l)) == 1 then set_deadline('close', a .. '|' .. l .. '|after', NOW) end
  for _, who in ipairs(marks) do redis.call('ZADD', key('ticket', tid, 'declined'), NOW, who) end
  if #marks > 0 then schedule_redecline(tid) end
  -- The booked specialist declined or let it ring: anyone of the queue may serve it now.
  if redis.call('HGET', tk, 'reservedFor') == eid and (actor == nil or actor == eid) then
    redis.call('HSET', tk, 'reservedUntil', NOW)
    clear_deadline('reserve', tid)
  end
  local partner = nil
  for _, who in ipairs({ eid, iid }) do
    redis.call('HDEL', presence_key(who), 'offerId')
    local told = reason
    if actor and who ~= actor then
      told = 'partner-' .. reason
      partner = who
    end
    table.insert(result.withdrawn, { offerId = oid, expertId = who, ticketId = tid, reason = told })
  end
  touch(a, l)
  return tid, eid, partner, iid
end

-- The other side of an interpreter-needed offer, released by return_offer: free again. The caller
-- matches them once the request has been offered again from its place.
local function release_partner(partner)
  if not partner then return end
  set_state(partner, 'available')
  join_avail(partner)
end

-- A request's cool-downs after declines are over once it is answered or closed.
local function clear_declines(tid)
  redis.call('DEL', key('ticket', tid, 'declined'))
  clear_deadline('redecline', tid)
end

-- A request that is over: out of its point's list, its notes dropped (they were for the
-- specialists who served it), and the record kept only for the retention time. \`pid\`: its point,
-- when the caller knows it; \`answered\`: its cool-downs and its reservation and step-away
-- deadlines were cleared when it was accepted (only those it had).
local function close_ticket(tid, state, pid, answered)
  local tk = key('ticket', tid)
  -- The advisor's notes and the last offer's fields are blanked in the same HSET (every reader takes
  -- an empty field as absent, as with presence): the notes' text leaves Redis with the request.
  redis.call('HSET', tk, 'state', state, 'closedAt', NOW, 'note', '', 'transferNote', '', 'offerId', '', 'expertId', '',
    'offeredAt', '')
  redis.call('SREM', key('point', pid or redis.call('HGET', tk, 'pointId'), 'tickets'), tid)
  if not answered then
    clear_declines(tid)
    clear_deadline('reserve', tid)
    clear_deadline('away', tid)
  end
  retain(tk)
end

-- Counts into the day's figures of a queue; the first count of a new day's key sets its expiry.
local function count(stats, field, by)
  if redis.call('HINCRBY', stats, field, by) == by and by == 1 then redis.call('EXPIRE', stats, 40 * 86400) end
end

-- Frees the consultants of a session that ends (defined with the invites, below).
local consultants_freed
-- Ends a session's wrap-up (defined with the request's deadline, below).
local wrap_up

-- Ends a session in progress (\`reason\`: ended, transferred, left, interrupted, time-limit). The
-- specialist goes to wrap-up, which has its own deadline.
-- \`owner\`: when given, only a session of this specialist ends.
-- An interpreter's part in a session is over (it ended, or they left it): their minutes end now.
-- They have no wrap-up: back to work at once when a socket of theirs is live (the next request
-- that needs them, or available), otherwise offline.
local function interpreter_done(sid, iid, ttl)
  local sk = key('session', sid)
  if redis.call('HSETNX', sk, 'interpreterLeftAt', NOW) == 0 then return end
  redis.call('HSET', presence_key(iid), 'sessionId', '')
  if is_connected('expert:' .. iid) then
    set_state(iid, 'available')
    join_avail(iid)
    match_expert(iid, ttl, true)
  else
    leave_avail(iid)
    for _, s in ipairs(skills_of(iid)) do redis.call('SREM', key('staffed', s[1], s[2]), iid) end
    set_state(iid, 'offline')
  end
  result.interpreterLeft = { sessionId = sid, interpreterId = iid }
end

local function end_session(sid, wrap_ms, reason, owner)
  local sk = key('session', sid)
  local eid, ended, tid, pid, iid, ttl, vid, a, bid, docs, chat, guested = unpack(redis.call('HMGET', sk, 'expertId',
    'endedAt', 'ticketId', 'pointId', 'interpreterId', 'offerTtlMs', 'visitId', 'agency', 'bookingId', 'documents',
    'chat', 'guested'))
  if not eid or ended or (owner and eid ~= owner) then return false end
  if iid and iid ~= '' then interpreter_done(sid, iid, tonumber(ttl) or 30000) end
  redis.call('HSET', sk, 'endedAt', NOW, 'wrapUpDeadline', NOW + wrap_ms, 'endReason', reason)
  -- Only a session that has had a guest (\`guested\`, set with each guest record) has any to free.
  local guests = guested == '1' and consultants_freed(sid, tonumber(ttl) or 30000) or 0
  -- What the session-end listeners need, so that they read nothing back (nor clean what is not there).
  result.endedSession = { ticketId = tid or '', visitId = vid or '', agency = a or '',
    booked = (bid and bid ~= '') and true or false, documents = docs == '1', chat = chat == '1',
    guests = guests }
  -- The request's one deadline moves on from the session's limit to the wrap-up's.
  set_deadline('request', tid, NOW + wrap_ms)
  close_ticket(tid, 'completed', pid, true)
  set_state(eid, 'wrap-up', nil, { sessionId = sid })
  result.sessionId = sid
  result.pointId = pid
  result.expertId = eid
  result.endedAt = NOW
  result.endReason = reason
  result.wrapUpDeadline = NOW + wrap_ms
  return true
end

-- Records a session's transaction once, with its outcome, and hands it to the outbox. Its request's
-- deadline (the wrap-up's) is over.
-- \`note\`: the specialist's note, if any; \`f\`: the session's whole record when the caller has read it.
-- The transaction goes into the outbox whole (\`tx:outbox\`, session id → the record as JSON), so
-- that the relay reads nothing per transaction, and a transaction whose hand-over is held up
-- (BullMQ's Redis unreachable for a day) outlives its session's retention.
local function record_transaction(sid, outcome, day, note, f)
  local sk = key('session', sid)
  f = f or fields(redis.call('HGETALL', sk))
  if note and note ~= '' then
    redis.call('HSET', sk, 'outcome', outcome, 'completedAt', NOW, 'note', note)
    f.note = note
  else redis.call('HSET', sk, 'outcome', outcome, 'completedAt', NOW) end
  f.outcome = outcome
  f.completedAt = string.format('%.0f', NOW)
  local a, l, answered, tid = f.agency, f.language, f.answeredAt, f.ticketId
  if tid then clear_deadline('request', tid) end
  redis.call('HSET', key('tx', 'outbox'), sid, cjson.encode(f))
  -- (Never negative: the answer's time may come from a process whose clock offset reads a little ahead.)
  local handle = math.max(0, NOW - tonumber(answered))
  local stats = key('stats', day, a, l)
  -- The day's figures and the recent handle time (\`aht\`, the wait estimate's: exponentially
  -- weighted, newest counts 20 %) in one read and one write of the day's hash. The handle time
  -- carries over to the next day through the queue's own key (\`aht:<a>:<l>\`), read at a day's
  -- first transaction and refreshed every AHT_CARRY_EVERY transactions and at that first one.
  local handled, handle_sum, previous = unpack(redis.call('HMGET', stats, 'handled', 'handleSumMs', 'aht'))
  handled = (tonumber(handled) or 0) + 1
  local write = { 'HSET', stats, 'handled', string.format('%.0f', handled), 'handleSumMs',
    string.format('%.0f', (tonumber(handle_sum) or 0) + handle) }
  if outcome ~= 'interrupted' then
    local carried = not previous
    previous = tonumber(previous or '') or tonumber(redis.call('GET', key('aht', a, l)) or '')
    local aht = string.format('%.0f', previous and (previous * 0.8 + handle * 0.2) or handle)
    table.insert(write, 'aht'); table.insert(write, aht)
    if carried or handled % AHT_CARRY_EVERY == 0 then redis.call('SET', key('aht', a, l), aht) end
  end
  redis.call(unpack(write))
  if handled == 1 then redis.call('EXPIRE', stats, 40 * 86400) end
  retain(sk)
  touch(a, l)
  result.transactionRecorded = true
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
  skills_cache[eid] = nil
  for _, s in ipairs(skills_of(eid)) do redis.call('SADD', key('staffed', s[1], s[2]), eid) end
end

-- Takes a waiting or ringing request out of play: \`cancelled\` (the point cancelled, or closed
-- its visit), \`abandoned\` (the point did not come back) or \`closed\` (the service closed while it
-- waited, counted as denied demand). Counts the day's figure and leaves the demand event for the
-- outbox in the same step. Returns false when the request is no longer waiting or ringing.
local function cancel_ticket(tid, reason, day)
  local tk = key('ticket', tid)
  local state, a, l, pid, oid, freed, enqueued, vid, x, ifreed = unpack(redis.call('HMGET', tk, 'state', 'agency',
    'language', 'pointId', 'offerId', 'expertId', 'enqueuedAt', 'visitId', 'interpreter', 'offerInterpreterId'))
  if state ~= 'waiting' and state ~= 'offered' then return false end
  if not ifreed or ifreed == '' then ifreed = nil end
  if state == 'offered' then
    clear_deadline('request', tid)
    for _, who in ipairs({ freed, ifreed }) do
      set_state(who, 'available', nil, nil, { 'offerId' })
      join_avail(who)
      table.insert(result.withdrawn, { offerId = oid, expertId = who, ticketId = tid, reason = reason })
    end
  else
    freed, ifreed = nil, nil
  end
  redis.call('ZREM', key('queue', a, l), tid)
  if x then redis.call('ZREM', key('queue', '~' .. x, l), tid) end
  close_ticket(tid, reason, pid)
  local waited = math.max(0, NOW - tonumber(enqueued))
  local counter = reason == 'closed' and 'denied' or reason
  local stats = key('stats', day, a, l)
  count(stats, counter, 1)
  if reason ~= 'closed' then redis.call('HINCRBY', stats, reason .. 'WaitSumMs', waited) end
  -- The demand event for the ledger (a request closes once, so its ticket id is the event's id).
  local event = { kind = counter, pointId = pid, visitId = vid, ticketId = tid,
    agency = a, language = l, waitedMs = waited, atMs = NOW }
  if reason == 'closed' then event.reason = 'closed' end
  redis.call('HSET', key('demand', 'pending'), tid, cjson.encode(event))
  result.demandEvents = (result.demandEvents or 0) + 1
  touch(a, l)
  return true, freed, ifreed
end

-- A grace period's deadline fired: due only if the principal has had no live socket for the whole
-- grace. Otherwise the deadline is cleared (they are back) or put back at its time (early).
local function grace_due(kind, id, principal, grace)
  local lost = tonumber(redis.call('HGET', key('lost'), principal) or '')
  if is_connected(principal) then
    clear_deadline(kind, id)
    result.status = 'connected'
    return false
  end
  if lost and NOW < lost + grace then
    set_deadline(kind, id, lost + grace)
    result.status = 'early'
    return false
  end
  clear_deadline(kind, id)
  redis.call('HDEL', key('lost'), principal)
  return true
end

-- A specialist leaves the queue: no longer available or staffed in any of their queues.
local function go_offline(eid, drop)
  leave_avail(eid)
  for _, s in ipairs(skills_of(eid)) do redis.call('SREM', key('staffed', s[1], s[2]), eid) end
  set_state(eid, 'offline', nil, nil, drop)
end

-- Wrap-up is over: back to work if a socket of theirs is live, otherwise offline (never
-- "available" with nobody there). Back to work means the next request at once when one waits
-- (straight from wrap-up to ringing, never through the availability sets), else available.
-- \`live\`: the caller knows a socket of theirs is live (they sent the command over it).
local function after_wrap_up(eid, ttl, live)
  if live or is_connected('expert:' .. eid) then
    -- (A specialist, never an interpreter: interpreters have no wrap-up.) A request that needs an
    -- interpreter comes with the free interpreter best_for found for it.
    local best, partner, f = best_for(eid)
    if best then
      make_offer(best, eid, ttl, { 'sessionId' }, true, partner, f)
    else
      set_state(eid, 'available', nil, nil, { 'sessionId' })
      join_avail(eid)
    end
  else
    go_offline(eid, { 'sessionId' })
  end
end

-- A session that cannot go on (its specialist is gone, or it ran past the maximum length) ends
-- with exactly one transaction, outcome \`interrupted\`; the point may queue again at the head.
local function interrupt_session(sid, reason, day, ttl)
  if not end_session(sid, 0, reason) then return false end
  local eid = redis.call('HGET', key('session', sid), 'expertId')
  record_transaction(sid, 'interrupted', day)
  redis.call('HDEL', presence_key(eid), 'sessionId')
  return true, eid
end

-- Invites (issue 14): the session's specialist asks for a colleague, an interpreter or a supervisor.
-- The invitee rings like an offer (\`offered\` with an \`inviteId\` presence field, an \`invite:<id>\`
-- hash and an \`invite\` deadline); an accepted one is a guest of the session: a record in the
-- session's guest hash (\`session:<id>:guests\`, sessions/session-guests.ts, role \`consultant\` or
-- \`interpreter\`), and \`in-session\` with the session's id and \`consultant\` = 1 in their presence.
-- A supervisor has no presence: the invite ringing at them is \`guest:supervisor:<id>:invite\`, and
-- their accept joins as from the wallboard (participants-service.ts). A consultation is no
-- transaction of its own; an invited interpreter's minutes go on the session's transaction.
local GUEST_TTL = math.max(1, math.ceil(SESSION_LIMIT_MS / 1000))

-- The invitee's participant id: one per person, as media's participantOf names them.
local function guest_id(eid)
  return (is_interpreter(eid) and 'interpreter:' or 'expert:') .. eid
end

-- A consultant (or invitee) back to work: available and matched at once when a socket of theirs is
-- live, otherwise offline. \`drop\`: presence fields that no longer apply.
local function back_to_work(eid, ttl, drop)
  if is_connected('expert:' .. eid) then
    set_state(eid, 'available', nil, nil, drop)
    join_avail(eid)
    match_expert(eid, ttl, true)
  else
    go_offline(eid, drop)
  end
end

-- The inviter is told how their invite ended (\`invite:answered\`).
local function tell_inviter(iv, inviter, invitee, outcome)
  result.inviteAnswers = result.inviteAnswers or {}
  table.insert(result.inviteAnswers, { inviteId = iv, inviterId = inviter, inviteeId = invitee, outcome = outcome })
end

-- An invited interpreter's time in the call is billed with the session's transaction, as the matched
-- interpreter's is: each stay from the accept until they left or the session ended, rounded up to
-- whole minutes, added up in \`invitedInterpreterMinutes\` (session-record.ts).
local function bill_interpreter_guest(sid, guest)
  if type(guest) ~= 'table' or guest.role ~= 'interpreter' then return end
  local joined = tonumber(guest.joinedAt)
  if not joined then return end
  redis.call('HINCRBY', key('session', sid), 'invitedInterpreterMinutes', math.max(0, math.ceil((NOW - joined) / 60000)))
end

-- The invite \`iv\` ringing at \`invitee\` ends without an answer (their connection is gone): the
-- inviter is told \`cancelled\`. The caller clears the invitee's own pointer to it.
local function cancel_invite(iv, invitee)
  local ik = key('invite', iv)
  local inviter = redis.call('HGET', ik, 'inviterId')
  redis.call('DEL', ik)
  clear_deadline('invite', iv)
  if inviter then tell_inviter(iv, inviter, invitee, 'cancelled') end
end

-- An invite that rings at specialist \`eid\` ends without an answer (cancel_invite). Returns true
-- when there was one; the caller sets their state.
local function drop_invite_of(eid)
  local iv = redis.call('HGET', presence_key(eid), 'inviteId')
  if not iv or iv == '' then return false end
  redis.call('HSET', presence_key(eid), 'inviteId', '')
  cancel_invite(iv, eid)
  return true
end

-- A consultant's part in a session is over before its end (they left, or their connection is gone):
-- out of the guest hash at once (no media grant from now on), back to work. Reported for the
-- participants' announcement. Returns false when \`eid\` is not a consultant of \`sid\`.
local function consultant_done(sid, eid, ttl)
  local pk = presence_key(eid)
  local flag, current = unpack(redis.call('HMGET', pk, 'consultant', 'sessionId'))
  if flag ~= '1' or current ~= sid then return false end
  local pid = guest_id(eid)
  local raw = redis.call('HGET', key('session', sid, 'guests'), pid)
  if raw then
    local ok, guest = pcall(cjson.decode, raw)
    if ok then bill_interpreter_guest(sid, guest) end
  end
  redis.call('HDEL', key('session', sid, 'guests'), pid)
  local pointer = key('guest', pid, 'session')
  if redis.call('GET', pointer) == sid then redis.call('DEL', pointer) end
  back_to_work(eid, ttl, { 'sessionId', 'consultant' })
  result.consultantsLeft = result.consultantsLeft or {}
  table.insert(result.consultantsLeft, { sessionId = sid, expertId = eid, guest = raw or '' })
  return true
end

-- The session ended: every consultant still in it goes back to work (as an interpreter does). Their
-- guest records stay for the session-end listener, which takes them out of the media room. Returns
-- how many guests there were (none: the listener has nothing to do).
consultants_freed = function(sid, ttl)
  local guests = redis.call('HVALS', key('session', sid, 'guests'))
  for _, raw in ipairs(guests) do
    local ok, guest = pcall(cjson.decode, raw)
    if ok and type(guest) == 'table' and (guest.role == 'consultant' or guest.role == 'interpreter') then
      bill_interpreter_guest(sid, guest)
      local eid = guest.userId
      local flag, current = unpack(redis.call('HMGET', presence_key(eid), 'consultant', 'sessionId'))
      if flag == '1' and current == sid then back_to_work(eid, ttl, { 'sessionId', 'consultant' }) end
    end
  end
  return #guests
end

-- The deadline of a request (\`request|<ticketId>\`, one member that each step of the request
-- overwrites: the offer's expiry, then the session's maximum length, then the wrap-up limit) is
-- fired by the \`requestDue\` script, which reads the request's state and calls one of these. Each
-- re-checks its own state; found early, it puts the member back at the right time.

-- An offer's time is up: who let it ring goes away (missed-offer) with a cool-down and the request
-- returns to its place; of an offer with an interpreter, the side that had accepted is told the
-- other did not answer and is free again.
local function offer_due(oid, ttl)
  local o = offer_of(oid)
  if not o then
    result.status = 'gone'
  elseif NOW < o.expires then
    set_deadline('request', o.tid, o.expires)
    result.status = 'early'
  else
    local eid, iid, accepted = o.eid, o.iid, o.accepted
    local missed, actor = {}, nil
    for _, who in ipairs({ eid, iid }) do
      if who ~= accepted then table.insert(missed, who) end
    end
    if accepted then actor = missed[1] end
    local tid, _, partner = return_offer(oid, 'timeout', missed, actor)
    for _, who in ipairs(missed) do set_state(who, 'away', 'missed-offer') end
    release_partner(partner)
    match_ticket(tid, ttl)
    if partner then match_expert(partner, ttl) end
  end
end

-- A session has run the maximum length: it ends as interrupted (\`time-limit\`).
local function session_limit_due(sid, day, ttl)
  local answered, ended, tid = unpack(redis.call('HMGET', key('session', sid), 'answeredAt', 'endedAt', 'ticketId'))
  answered = tonumber(answered or '')
  if not answered or ended then
    result.status = 'gone'
  elseif NOW < answered + SESSION_LIMIT_MS then
    set_deadline('request', tid, answered + SESSION_LIMIT_MS)
    result.status = 'early'
  else
    local _, eid = interrupt_session(sid, 'time-limit', day, ttl)
    after_wrap_up(eid, ttl)
  end
end

-- Wrap-up ends: by the specialist \`eid\` with their outcome, or ('' for \`eid\`) by its limit with
-- \`not-recorded\`. Records the outcome (and the note) once, marks the transaction for delivery,
-- frees the specialist: available (or straight to the next request), or away with the reason when
-- they asked to go away. \`agencies\`: the agencies the outcome is valid for (csv; '' when not
-- checked). A specialist who ends their own wrap-up sent it over a live socket, so whether one is
-- live is not looked up for them.
wrap_up = function(sid, eid, outcome, day, ttl, note, away, agencies)
  local sk = key('session', sid)
  local f = fields(redis.call('HGETALL', sk))
  local ended, owner, done, deadline, a, tid = f.endedAt, f.expertId, f.outcome, f.wrapUpDeadline, f.agency, f.ticketId
  local valid = true
  if agencies and agencies ~= '' and a then
    valid = false
    for agency in string.gmatch(agencies, '[^,]+') do if agency == a then valid = true end end
  end
  -- Whose session it is comes first: someone else's wrap-up is refused the same whatever its outcome.
  if agencies and agencies ~= '' and not a then
    result.status = 'not-in-session'
  elseif not ended or (eid ~= '' and owner ~= eid) then
    result.status = 'not-in-session'
  elseif not valid then
    result.status = 'unknown-outcome'
  elseif done then
    result.status = 'same'
  elseif eid == '' and NOW < tonumber(deadline) then
    set_deadline('request', tid, tonumber(deadline))
    result.status = 'early'
  else
    record_transaction(sid, outcome, day, note, f)
    local pk = presence_key(owner)
    local state, current, csv = unpack(redis.call('HMGET', pk, 'state', 'sessionId', 'skills'))
    remember(owner, csv)
    if state == 'wrap-up' and current == sid then
      local live = eid ~= ''
      if away and away ~= '' and (live or is_connected('expert:' .. owner)) then
        set_state(owner, 'away', away, nil, { 'sessionId' })
      else
        after_wrap_up(owner, ttl, live)
      end
    end
    result.expertId = owner
  end
end
`;

const script = (settings: ScriptSettings, body: string) => `${library(settings)}\n${body}\nreturn cjson.encode(result)`;

/** Every script of the queue, with the settings compiled in. */
export function queueScripts(settings: ScriptSettings) {
  const s = (body: string) => script(settings, body);
  return {
    /** ARGV: prefix, ticketId, offerTtlMs, priority ('1'|'0'), fields JSON, closing deadline ms (0: none). */
    enqueue: s(`
local f = cjson.decode(ARGV[5])
local written = enqueue(ARGV[2], f, ARGV[4] == '1')
guard_closing(f.agency, f.language, ARGV[6])
match_ticket(ARGV[2], tonumber(ARGV[3]), written)
`),

    /** ARGV: prefix, expertId, skills csv (agency|lang,...), offerTtlMs. */
    goAvailable: s(`
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
`),

    /**
     * An administrator changed a specialist's skills while they are signed in: they leave the
     * queues they no longer serve and, when available, join the new ones and are matched at once.
     * ARGV: prefix, expertId, skills csv, offer timeout ms.
     */
    setSkills: s(`
local eid = ARGV[2]
local pk = presence_key(eid)
if redis.call('EXISTS', pk) == 0 then
  result.status = 'same'
else
  local state = redis.call('HGET', pk, 'state')
  if state == 'available' then leave_avail(eid) end
  for _, s in ipairs(skills_of(eid)) do redis.call('SREM', key('staffed', s[1], s[2]), eid) end
  if state ~= 'offline' then staff(eid, ARGV[3]) else redis.call('HSET', pk, 'skills', ARGV[3]) end
  if state == 'available' then
    join_avail(eid)
    match_expert(eid, tonumber(ARGV[4]))
  end
  result.status = 'set'
end
`),

    /** ARGV: prefix, expertId, skills csv, reason. */
    goAway: s(`
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
`),

    /**
     * ARGV: prefix, expertId, grace ms, offerTtlMs, stats day. The specialist's grace period: fires
     * only when they have had no live socket on any process for the whole grace. A ringing offer
     * returns to its place; a session in progress ends as interrupted; wrap-up runs out on its own
     * deadline and then leaves them offline.
     */
    expertGrace: s(`
local eid, grace, ttl = ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
if grace_due('egrace', eid, 'expert:' .. eid, grace) then
  local pk = presence_key(eid)
  local state = redis.call('HGET', pk, 'state')
  if state == 'wrap-up' then
    result.status = 'kept'
  elseif state == false or state == 'offline' then
    result.status = 'same'
  else
    local tid, partner = nil, nil
    -- An invite ringing at them ends (the inviter is told); otherwise an offer returns.
    if state == 'offered' and not drop_invite_of(eid) then
      local _
      tid, _, partner = return_offer(redis.call('HGET', pk, 'offerId'), 'offline', {}, eid)
    end
    if state == 'in-session' then
      local sid = redis.call('HGET', pk, 'sessionId')
      -- A consultant or an interpreter gone leaves the call; the session goes on with its two sides.
      if consultant_done(sid, eid, ttl) then result.status = 'set'
      elseif is_interpreter(eid) then interpreter_done(sid, eid, ttl)
      else interrupt_session(sid, 'interrupted', ARGV[5], ttl) end
    end
    go_offline(eid)
    result.status = 'set'
    release_partner(partner)
    if tid then match_ticket(tid, ttl) end
    if partner then match_expert(partner, ttl) end
  end
end
`),

    /**
     * ARGV: prefix, pointId, grace ms, stats day, offerTtlMs. The point's grace period: with no live
     * socket for the whole grace, its waiting and ringing requests are abandoned.
     */
    pointGrace: s(`
local pid, grace, ttl = ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[5])
if grace_due('pgrace', pid, 'point:' .. pid, grace) then
  local freed = {}
  for _, tid in ipairs(redis.call('SMEMBERS', key('point', pid, 'tickets'))) do
    local done, eid, iid = cancel_ticket(tid, 'abandoned', ARGV[4])
    if eid then table.insert(freed, eid) end
    if iid then table.insert(freed, iid) end
  end
  for _, eid in ipairs(freed) do match_expert(eid, ttl) end
end
`),

    /** ARGV: prefix, offerId, expertId, offerTtlMs. */
    decline: s(`
local oid, eid, ttl = ARGV[2], ARGV[3], tonumber(ARGV[4])
local o = offer_of(oid)
if not o then
  result.status = 'gone'
elseif o.eid ~= eid and o.iid ~= eid then
  result.status = 'not-yours'
else
  -- For an offer with an interpreter, either side declining releases both; the request keeps its place.
  local tid, _, partner = return_offer(oid, 'declined', { eid }, eid)
  set_state(eid, 'available')
  join_avail(eid)
  release_partner(partner)
  match_ticket(tid, ttl)
  match_expert(eid, ttl)
  if partner then match_expert(partner, ttl) end
end
`),

    /**
     * ARGV: prefix, offerId, offerTtlMs. An \`offer|<id>\` deadline written before requests had one
     * (an upgrade): acts only once the offer's time is up (offer_due).
     */
    expireOffer: s(`
clear_deadline('offer', ARGV[2])
offer_due(ARGV[2], tonumber(ARGV[3]))
`),

    /**
     * ARGV: prefix, ticketId, offerTtlMs. A cool-down after a decline is over: the request is offered
     * again (to someone who has not declined it first), or the next cool-down's end is awaited.
     */
    redecline: s(`
local tid, ttl = ARGV[2], tonumber(ARGV[3])
clear_deadline('redecline', tid)
if redis.call('HGET', key('ticket', tid), 'state') ~= 'waiting' then
  result.status = 'gone'
elseif not match_ticket(tid, ttl) then
  schedule_redecline(tid)
  result.status = 'waiting'
end
`),

    /**
     * ARGV: prefix, pointId, ticketId, back-by ms. The customer steps away: the request keeps its
     * place but is not offered (skip_away), and the visit leaves the point's desk so that the
     * advisor can start the next customer's.
     */
    stepAway: s(`
local pid, tid = ARGV[2], ARGV[3]
local tk = key('ticket', tid)
local owner, state, vid, a, l = unpack(redis.call('HMGET', tk, 'pointId', 'state', 'visitId', 'agency', 'language'))
if owner ~= pid then
  result.status = 'not-found'
elseif state ~= 'waiting' then
  result.status = 'closed'
else
  redis.call('HSET', tk, 'awayUntil', ARGV[4])
  redis.call('HDEL', tk, 'passedOverAt')
  if redis.call('GET', key('point', pid, 'open-visit')) == vid then redis.call('DEL', key('point', pid, 'open-visit')) end
  touch(a, l)
  refreshed(tid)
end
`),

    /**
     * ARGV: prefix, pointId, ticketId, offerTtlMs. The stepped-away customer is back: their visit is
     * the desk's again (refused while another customer's visit is open there), and the request is
     * offered as usual from its place.
     */
    stepBack: s(`
local pid, tid = ARGV[2], ARGV[3]
local tk = key('ticket', tid)
local owner, state, vid, a, l = unpack(redis.call('HMGET', tk, 'pointId', 'state', 'visitId', 'agency', 'language'))
if owner ~= pid then
  result.status = 'not-found'
elseif state ~= 'waiting' then
  result.status = 'closed'
else
  local desk = key('point', pid, 'open-visit')
  local open = redis.call('GET', desk)
  if open and open ~= vid then
    result.status = 'busy'
  else
    redis.call('SET', desk, vid)
    redis.call('HDEL', tk, 'awayUntil', 'passedOverAt')
    clear_deadline('away', tid)
    touch(a, l)
    refreshed(tid)
    match_ticket(tid, tonumber(ARGV[4]))
  end
end
`),

    /**
     * ARGV: prefix, ticketId, stats day. A stepped-away request met at the head again after its
     * pass-over, the customer still away: abandoned (counted as such only now, when it ends).
     */
    awayAbandon: s(`
local tid = ARGV[2]
clear_deadline('away', tid)
local state, away, passed = unpack(redis.call('HMGET', key('ticket', tid), 'state', 'awayUntil', 'passedOverAt'))
if state ~= 'waiting' or not away or not passed then
  result.status = 'gone'
else
  cancel_ticket(tid, 'abandoned', ARGV[3])
end
`),

    /**
     * ARGV: prefix, ticketId, offerTtlMs. A booked request's reservation for its specialist has
     * lapsed: anyone of its queue may be offered it now.
     */
    reservationLapse: s(`
local tid, ttl = ARGV[2], tonumber(ARGV[3])
clear_deadline('reserve', tid)
local state, ru = unpack(redis.call('HMGET', key('ticket', tid), 'state', 'reservedUntil'))
if state ~= 'waiting' then
  result.status = 'gone'
elseif NOW < (tonumber(ru) or 0) then
  set_deadline('reserve', tid, tonumber(ru))
  result.status = 'early'
elseif not match_ticket(tid, ttl) then
  result.status = 'waiting'
end
`),

    /**
     * ARGV: prefix, offerId, expertId, stats key suffix (day), service-level target seconds per
     * agency (JSON object; 120 for an agency not in it), the specialist's skills as the directory
     * has them ('' when not known; then read from their presence). Reports the session as written,
     * for the pushes.
     */
    accept: s(`
local oid, who = ARGV[2], ARGV[3]
if ARGV[6] and ARGV[6] ~= '' then remember(who, ARGV[6]) end
-- The request is read whole once: the offer is in it (offer_in), and the session is made from it.
local tid = offer_ticket(oid)
local tk = key('ticket', tid or '')
local f = tid and fields(redis.call('HGETALL', tk)) or {}
local o = offer_in(tid, oid, f) or {}
local owner, expires, offered, iid, accepted = o.eid, o.expires, o.offered, o.iid, o.accepted
-- The session is the specialist's; an interpreter joins it as a guest.
local eid = owner
if not o.tid then
  result.status = 'gone'
elseif owner ~= who and iid ~= who then
  result.status = 'not-yours'
elseif NOW > expires then
  result.status = 'expired'
elseif iid and (not accepted or accepted == who) then
  -- An offer with an interpreter starts the call once both sides have accepted: the first accept
  -- is noted, and the other side is told.
  redis.call('HSET', tk, 'offerAccepted', who)
  result.status = 'waiting-partner'
  result.offerId = oid
  result.acceptedBy = who
  result.partnerId = who == owner and iid or owner
else
  local sid = 's' .. tid
  redis.call('HSET', tk, 'state', 'in-session', 'sessionId', sid, 'answeredAt', NOW)
  f.state = 'in-session'; f.sessionId = sid; f.answeredAt = tostring(NOW)
  if f.declined then clear_declines(tid) end
  -- A booked or stepped-away request's deadlines end with its answer; a request without the fields
  -- that set them has none (so an ordinary match clears nothing here, nor when the session ends).
  if f.reservedUntil or f.reservedFor then clear_deadline('reserve', tid) end
  if f.awayUntil or f.passedOverAt then clear_deadline('away', tid) end
  local session = { ticketId = tid, visitId = f.visitId or '', pointId = f.pointId or '', expertId = eid,
    agency = f.agency or '', language = f.language or '', topic = f.topic or '', queuedAt = f.enqueuedAt or '',
    offeredAt = f.offeredAt or '', answeredAt = tostring(NOW), transferredFrom = f.transferredFrom or '',
    identityCheck = f.identityCheck or '', advisorId = f.advisorId or '',
    offerTtlMs = tostring(expires - offered) }
  if iid then
    session.interpreterId = iid
    session.interpreterLanguage = f.interpreter or ''
  end
  if f.bookingId then session.bookingId = f.bookingId end
  local flat = {}
  for k, v in pairs(session) do table.insert(flat, k); table.insert(flat, v) end
  redis.call('HSET', key('session', sid), unpack(flat))
  -- The request's one deadline moves on from the offer's expiry to the session's limit.
  set_deadline('request', tid, NOW + SESSION_LIMIT_MS)
  set_state(eid, 'in-session', nil, { sessionId = sid }, { 'offerId' })
  if iid then set_state(iid, 'in-session', nil, { sessionId = sid }, { 'offerId' }) end
  local wait = math.max(0, NOW - tonumber(f.enqueuedAt))
  local target = tonumber(cjson.decode(ARGV[5])[f.agency] or 120)
  -- The day's answers: answered, waits (ms) and within the target, three counters of one string
  -- added to with one command (supervision/day-answers.ts reads them); the day's first sets its expiry.
  local answers = key('answers', ARGV[4], f.agency, f.language)
  local counts = redis.call('BITFIELD', answers, 'INCRBY', 'i64', '#0', 1, 'INCRBY', 'i64', '#1', wait,
    'INCRBY', 'i64', '#2', wait <= target * 1000 and 1 or 0)
  if counts[1] == 1 then redis.call('EXPIRE', answers, 40 * 86400) end
  touch(f.agency, f.language)
  result.sessionId = sid
  result.session = session
end
`),

    /**
     * ARGV: prefix, sessionId, expertId, wrap-up limit ms, the specialist's skills ('' when not
     * known; as accept's). The specialist ends the session.
     */
    endSession: s(`
if ARGV[5] and ARGV[5] ~= '' then remember(ARGV[3], ARGV[5]) end
if not end_session(ARGV[2], tonumber(ARGV[4]), 'ended', ARGV[3]) then result.status = 'not-in-session' end
`),

    /**
     * ARGV: prefix, sessionId, pointId, wrap-up limit ms, stats day, offerTtlMs. The point leaves the
     * call. When the specialist's connection is lost at that moment, the session ends as interrupted
     * (as their grace period would end it), so the point may queue again at the head.
     */
    leaveSession: s(`
local sk = key('session', ARGV[2])
local eid = redis.call('HGET', sk, 'expertId')
if redis.call('HGET', sk, 'pointId') ~= ARGV[3] or not eid or redis.call('HEXISTS', sk, 'endedAt') == 1 then
  result.status = 'not-in-session'
elseif not is_connected('expert:' .. eid) then
  interrupt_session(ARGV[2], 'interrupted', ARGV[5], tonumber(ARGV[6]))
  after_wrap_up(eid, tonumber(ARGV[6]))
elseif not end_session(ARGV[2], tonumber(ARGV[4]), 'left') then
  result.status = 'not-in-session'
end
`),

    /**
     * ARGV: prefix, sessionId, expertId, wrap-up limit ms, new ticketId, fields JSON, offerTtlMs, the
     * target queue's closing time (epoch ms; 0: none).
     */
    transfer: s(`
local f = cjson.decode(ARGV[6])
-- A visit the point has closed takes no new request (its waiting ones were cancelled at the close).
if redis.call('HGET', key('visit', f.visitId), 'closedAt') then
  result.status = 'visit-closed'
elseif not end_session(ARGV[2], tonumber(ARGV[4]), 'transferred', ARGV[3]) then
  result.status = 'not-in-session'
else
  local written = enqueue(ARGV[5], f, true)
  guard_closing(f.agency, f.language, ARGV[8])
  result.ticketId = ARGV[5]
  match_ticket(ARGV[5], tonumber(ARGV[7]), written)
end
`),

    /**
     * ARGV: prefix, sessionId, expertId ('' when the wrap-up time ran out), outcome, stats day,
     * offerTtlMs, the specialist's note (optional), an away reason (optional), the agencies the
     * outcome is valid for (csv; '' when not checked). Records the outcome (and the note) once,
     * marks the transaction for delivery, frees the specialist: available (or straight to the
     * next request), or away with the reason when they asked to go away.
     */
    wrapUp: s(`
-- Called for a \`wrap|<id>\` deadline written before requests had one (an upgrade): that member goes.
if ARGV[3] == '' then clear_deadline('wrap', ARGV[2]) end
wrap_up(ARGV[2], ARGV[3], ARGV[4], ARGV[5], tonumber(ARGV[6]), ARGV[7], ARGV[8], ARGV[9])
`),

    /**
     * ARGV: prefix, sessionId, stats day, offerTtlMs. An \`slimit|<id>\` deadline written before
     * requests had one (an upgrade): a session past the maximum length ends (session_limit_due).
     */
    sessionLimit: s(`
clear_deadline('slimit', ARGV[2])
session_limit_due(ARGV[2], ARGV[3], tonumber(ARGV[4]))
`),

    /**
     * ARGV: prefix, ticketId, stats day, offerTtlMs. The request's deadline (\`request|<id>\`) is due:
     * what it guards follows from the request's state, read in this same step, so a deadline that
     * the request has moved past is never taken for the next one's. Ringing: the offer runs out;
     * in a session: the session's maximum length; ended: the wrap-up limit. Anything else (or a
     * deadline found early, or already acted on) re-arms the one member or removes it.
     */
    requestDue: s(`
local tid, day, ttl = ARGV[2], ARGV[3], tonumber(ARGV[4])
local state, oid, sid = unpack(redis.call('HMGET', key('ticket', tid), 'state', 'offerId', 'sessionId'))
if not state and redis.call('EXISTS', key('session', 's' .. tid)) == 1 then
  -- The request's record has left Redis (a retention shorter than the wrap-up limit): its session
  -- says what is left to do.
  state, sid = 'completed', 's' .. tid
end
result.due = state or ''
if state == 'offered' then offer_due(oid, ttl)
elseif state == 'in-session' then session_limit_due(sid, day, ttl)
elseif state == 'completed' and sid then wrap_up(sid, '', 'not-recorded', day, ttl)
else result.status = 'gone' end
-- Nothing left for the deadline to guard (the step it guarded is over): the member goes.
if result.status == 'gone' or result.status == 'same' or result.status == 'not-in-session' then
  clear_deadline('request', tid)
end
`),

    /**
     * ARGV: prefix, ticketId, pointId, reason (cancelled|abandoned), stats day, offerTtlMs. Counts the
     * day's figure and leaves the demand event in \`demand:pending\` for the outbox.
     */
    cancel: s(`
local tid, pid, reason, ttl = ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[6])
local tk = key('ticket', tid)
if redis.call('HGET', tk, 'pointId') ~= pid then
  result.status = 'not-found'
else
  local done, freed, ifreed = cancel_ticket(tid, reason, ARGV[5])
  if not done then
    result.status = 'closed'
    result.state = redis.call('HGET', tk, 'state')
  else
    result.demandEventId = tid
    if freed then match_expert(freed, ttl) end
    if ifreed then match_expert(ifreed, ttl) end
  end
end
`),

    /**
     * ARGV: prefix, pointId, visitId, stats day, offerTtlMs. Closing a visit cancels every request
     * of it still waiting or ringing.
     */
    cancelVisit: s(`
local pid, vid, ttl = ARGV[2], ARGV[3], tonumber(ARGV[5])
local freed = {}
for _, tid in ipairs(redis.call('SMEMBERS', key('point', pid, 'tickets'))) do
  if redis.call('HGET', key('ticket', tid), 'visitId') == vid then
    local done, eid, iid = cancel_ticket(tid, 'cancelled', ARGV[4])
    if eid then table.insert(freed, eid) end
    if iid then table.insert(freed, iid) end
  end
end
for _, eid in ipairs(freed) do match_expert(eid, ttl) end
`),

    /**
     * ARGV: prefix, agency, language, stats day, offerTtlMs. The queue's service has closed (after
     * the time it keeps serving those already waiting): every request still waiting is told so and
     * counted as denied demand. Ringing offers are already being answered and stay; the queue is
     * marked closed until it opens (ARGV[6], epoch ms; 0 when not known: a day), so that a request
     * such an offer gives back is closed too (return_offer).
     */
    closeQueue: s(`
local a, l = ARGV[2], ARGV[3]
clear_deadline('close', a .. '|' .. l)
local opens = tonumber(ARGV[6] or '') or 0
if opens > NOW then redis.call('SET', key('closed', a, l), '1', 'PXAT', opens)
else redis.call('SET', key('closed', a, l), '1', 'PX', 86400000) end
result.closed = {}
for _, tid in ipairs(redis.call('ZRANGE', key('queue', a, l), 0, -1)) do
  if cancel_ticket(tid, 'closed', ARGV[4]) then table.insert(result.closed, tid) end
end
touch(a, l)
`),

    /**
     * ARGV: prefix, sessionId, pointId, new ticketId, resume token, offerTtlMs, the queue's closing
     * time (epoch ms; 0: none). After an interrupted session the point may queue the same request
     * again once, at the head of the same queue, unless it has closed the visit since.
     */
    requeue: s(`
local sid, pid, tid = ARGV[2], ARGV[3], ARGV[4]
local sk = key('session', sid)
-- The session is read once: everything the new request is made from is in it.
local session = {}
local SESSION_FIELDS = { 'endReason', 'pointId', 'visitId', 'requeuedAs', 'ticketId', 'agency', 'language', 'queuedAt',
  'interpreterLanguage', 'topic', 'identityCheck', 'advisorId' }
local values = redis.call('HMGET', sk, unpack(SESSION_FIELDS))
for i, name in ipairs(SESSION_FIELDS) do session[name] = values[i] end
local reason = session.endReason
if session.pointId ~= pid then
  result.status = 'not-found'
elseif reason ~= 'interrupted' and reason ~= 'time-limit' then
  result.status = 'not-interrupted'
elseif redis.call('HGET', key('visit', session.visitId or ''), 'closedAt') then
  result.status = 'visit-closed'
elseif session.requeuedAs then
  result.status = 'same'
  result.ticketId = session.requeuedAs
else
  redis.call('HSET', sk, 'requeuedAs', tid)
  local fields = { visitId = session.visitId, pointId = pid, agency = session.agency, language = session.language,
    resumeToken = ARGV[5], requeuedFrom = sid }
  for _, name in ipairs({ 'topic', 'identityCheck', 'advisorId' }) do
    if session[name] and session[name] ~= '' then fields[name] = session[name] end
  end
  -- The customer still needs the interpreter (the session's language for them).
  local interpreting = session.interpreterLanguage
  if interpreting and interpreting ~= '' then fields.interpreter = interpreting end
  local advisorName = redis.call('HGET', key('ticket', session.ticketId or ''), 'advisorName')
  if advisorName and advisorName ~= '' then fields.advisorName = advisorName end
  enqueue(tid, fields, true)
  -- At the head: the priority band, scored by when the customer first queued; in the interpreters'
  -- pool too, where an interpreter who becomes free looks.
  local score = PRIORITY_BAND + tonumber(session.queuedAt) * 1000
  redis.call('HSET', key('ticket', tid), 'score', string.format('%.0f', score), 'enqueuedAt', session.queuedAt)
  redis.call('ZADD', key('queue', fields.agency, fields.language), score, tid)
  if fields.interpreter then redis.call('ZADD', key('queue', '~' .. fields.interpreter, fields.language), score, tid) end
  guard_closing(fields.agency, fields.language, ARGV[7])
  result.ticketId = tid
  match_ticket(tid, tonumber(ARGV[6]))
end
`),

    /**
     * ARGV: prefix, inviteId, sessionId, inviterId, pool agency (\`~<language>\` for interpreters),
     * pool language, kind, a named invitee ('' for anyone), invite timeout ms, interpreter language
     * (''), then for a supervisor the candidates (the agency's supervisors, in the directory's
     * order). The session's own specialist invites the person of the pool free longest (never
     * themselves): reserved at once, ringing until the \`invite\` deadline. A supervisor: the first
     * candidate with a live socket, in no call and rung by no other invite, while no supervisor is
     * in the session's call.
     */
    invite: s(`
local iv, sid, who, a, l, kind, named, ttl = ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8], tonumber(ARGV[9])
local owner, ended, vid, sa, sl = unpack(redis.call('HMGET', key('session', sid), 'expertId', 'endedAt', 'visitId',
  'agency', 'language'))
if not owner then
  result.status = 'not-in-session'
elseif owner ~= who then
  result.status = 'not-yours'
elseif ended then
  result.status = 'session-over'
elseif named == who then
  result.status = 'self'
else
  local pick = nil
  if kind == 'supervisor' then
    -- One supervisor in a call at a time (session-guests.ts): none is rung while one is in it.
    for _, raw in ipairs(redis.call('HVALS', key('session', sid, 'guests'))) do
      local ok, guest = pcall(cjson.decode, raw)
      if ok and type(guest) == 'table' and guest.role == 'supervisor' then result.status = 'seat-taken' end
    end
    for i = 11, #ARGV do
      local pid = 'supervisor:' .. ARGV[i]
      if result.status == 'ok' and not pick and ARGV[i] ~= who and is_connected(pid)
        and redis.call('EXISTS', key('guest', pid, 'session')) == 0
        and redis.call('EXISTS', key('guest', pid, 'invite')) == 0 then
        pick = ARGV[i]
      end
    end
  else
    for _, eid in ipairs(redis.call('ZRANGE', key('avail', a, l), 0, -1)) do
      if eid ~= who and (named == '' or eid == named) then pick = eid; break end
    end
  end
  if result.status ~= 'ok' then
    -- refused above
  elseif not pick then
    result.status = 'no-one-free'
  else
    if kind == 'supervisor' then
      -- Cleared by the answer or the deadline; the expiry only guards against a lost deadline.
      redis.call('SET', key('guest', 'supervisor:' .. pick, 'invite'), iv, 'PX', ttl + 60000)
    else
      leave_avail(pick)
      set_state(pick, 'offered', nil, { inviteId = iv }, { 'offerId' })
    end
    redis.call('HSET', key('invite', iv), 'sessionId', sid, 'visitId', vid, 'inviterId', who, 'inviteeId', pick,
      'kind', kind, 'agency', sa, 'language', sl, 'interpreterLanguage', ARGV[10], 'createdAt', NOW, 'expiresAt', NOW + ttl)
    set_deadline('invite', iv, NOW + ttl)
    result.invited = { inviteId = iv, sessionId = sid, visitId = vid, inviterId = who, inviteeId = pick, kind = kind,
      agency = sa, language = sl, interpreterLanguage = ARGV[10], expiresAt = NOW + ttl }
  end
end
`),

    /**
     * ARGV: prefix, inviteId, inviteeId, 'accept' | 'decline', the invitee's name, offerTtlMs. An
     * accept joins the session's call as a guest; accepted after the session ended, the invitee is
     * free again (\`session-over\`). A decline makes them available (and matched) at once. A
     * supervisor's accept only takes the invite (\`supervisorInvite\`): they join as from the
     * wallboard (participants-service.ts), which tells the inviter.
     */
    answerInvite: s(`
local iv, who, decision, ttl = ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[6])
local ik = key('invite', iv)
local f = fields(redis.call('HGETALL', ik))
if not f.inviteeId or f.inviteeId ~= who then
  result.status = 'gone'
else
  redis.call('DEL', ik)
  clear_deadline('invite', iv)
  local sid = f.sessionId
  result.inviteKind = f.kind
  if f.kind == 'supervisor' then
    local pointer = key('guest', 'supervisor:' .. who, 'invite')
    if redis.call('GET', pointer) == iv then redis.call('DEL', pointer) end
    local ended, owner = unpack(redis.call('HMGET', key('session', sid), 'endedAt', 'expertId'))
    if decision == 'decline' then
      tell_inviter(iv, f.inviterId, who, 'declined')
    elseif not owner or ended then
      tell_inviter(iv, f.inviterId, who, 'cancelled')
      result.status = 'session-over'
    else
      result.sessionId = sid
      result.supervisorInvite = { inviteId = iv, inviterId = f.inviterId }
    end
  elseif decision == 'decline' then
    back_to_work(who, ttl, { 'inviteId' })
    tell_inviter(iv, f.inviterId, who, 'declined')
  else
    local ended, owner = unpack(redis.call('HMGET', key('session', sid), 'endedAt', 'expertId'))
    if not owner or ended then
      back_to_work(who, ttl, { 'inviteId' })
      tell_inviter(iv, f.inviterId, who, 'cancelled')
      result.status = 'session-over'
    else
      local pid = guest_id(who)
      local role = is_interpreter(who) and 'interpreter' or 'consultant'
      local gk = key('session', sid, 'guests')
      redis.call('HSET', gk, pid, cjson.encode({ participantId = pid, role = role, userId = who, name = ARGV[5],
        room = 'expert:' .. who, joinedAt = NOW }))
      redis.call('EXPIRE', gk, GUEST_TTL)
      redis.call('HSET', key('session', sid), 'guested', '1')
      redis.call('SET', key('guest', pid, 'session'), sid, 'EX', GUEST_TTL)
      -- The first interpreter invited is the one the transaction names (bill_interpreter_guest).
      if role == 'interpreter' and redis.call('HSETNX', key('session', sid), 'invitedInterpreterId', who) == 1 then
        redis.call('HSET', key('session', sid), 'invitedInterpreterLanguage', f.interpreterLanguage or '')
      end
      set_state(who, 'in-session', nil, { sessionId = sid, consultant = '1' }, { 'inviteId' })
      tell_inviter(iv, f.inviterId, who, 'accepted')
      result.sessionId = sid
      result.consultantJoined = { sessionId = sid, participantId = pid }
    end
  end
end
`),

    /**
     * ARGV: prefix, inviteId. The invite rang out: the invitee goes away (\`missed-offer\`); a
     * supervisor is only no longer rung.
     */
    expireInvite: s(`
local iv = ARGV[2]
local ik = key('invite', iv)
local who, inviter, expires, kind = unpack(redis.call('HMGET', ik, 'inviteeId', 'inviterId', 'expiresAt', 'kind'))
if not who then
  clear_deadline('invite', iv)
  result.status = 'gone'
elseif NOW < tonumber(expires) then
  set_deadline('invite', iv, tonumber(expires))
  result.status = 'early'
else
  redis.call('DEL', ik)
  clear_deadline('invite', iv)
  if kind == 'supervisor' then
    local pointer = key('guest', 'supervisor:' .. who, 'invite')
    if redis.call('GET', pointer) == iv then redis.call('DEL', pointer) end
  else
    set_state(who, 'away', 'missed-offer', nil, { 'inviteId' })
  end
  tell_inviter(iv, inviter, who, 'timeout')
end
`),

    /**
     * ARGV: prefix, principal (\`supervisor:<id>\` or \`admin:<id>\`), grace ms. A supervisor's grace
     * period: with no live socket for the whole grace, an invite ringing at them ends (the inviter
     * is told \`cancelled\`, as for a specialist gone) and \`result.supervisorGone\` names them, so
     * that they leave a call they had joined (participants-service.ts).
     */
    supervisorGrace: s(`
local principal = ARGV[2]
local uid = string.match(principal, '^[^:]+:(.+)$')
if uid and grace_due('sgrace', principal, principal, tonumber(ARGV[3])) then
  local pointer = key('guest', 'supervisor:' .. uid, 'invite')
  local iv = redis.call('GET', pointer)
  if iv then
    redis.call('DEL', pointer)
    cancel_invite(iv, uid)
  end
  result.supervisorGone = uid
  result.status = 'set'
end
`),

    /** ARGV: prefix, sessionId, expertId, offerTtlMs. A consultant leaves the call before its end. */
    leaveAsGuest: s(`
if not consultant_done(ARGV[2], ARGV[3], tonumber(ARGV[4])) then result.status = 'not-in-session' end
`),
  } as const;
}

export type QueueScripts = ReturnType<typeof queueScripts>;

/**
 * Read only: the staffing figures of some queues in one round trip (queue-service.ts
 * \`queueContext\`), instead of a reply per specialist. ARGV: prefix, the service day, then
 * \`agency|language\` per queue. Returns per queue the working share (each working specialist counts 1 / their number of
 * skills; working: available, ringing, in a session or in wrap-up) and the recent handle time ('' when
 * none yet).
 */
export const QUEUE_CONTEXTS = `
local P, DAY = ARGV[1], ARGV[2]
local WORKING = { available = true, offered = true, ['in-session'] = true, ['wrap-up'] = true }
local out = {}
for i = 3, #ARGV do
  local a, l = string.match(ARGV[i], '^([^|]*)|(.*)$')
  local working = 0
  for _, eid in ipairs(redis.call('SMEMBERS', P .. 'staffed:' .. a .. ':' .. l)) do
    local state, skills = unpack(redis.call('HMGET', P .. 'expert:' .. eid .. ':presence', 'state', 'skills'))
    if state and WORKING[state] then
      local n = 0
      for _ in string.gmatch(skills or '', '([^,|]+)|([^,]+)') do n = n + 1 end
      working = working + 1 / math.max(1, n)
    end
  end
  table.insert(out, string.format('%.17g', working))
  -- The day's recent handle time, else the one carried over from an earlier day (record_transaction).
  local aht = redis.call('HGET', P .. 'stats:' .. DAY .. ':' .. a .. ':' .. l, 'aht')
  table.insert(out, aht or redis.call('GET', P .. 'aht:' .. a .. ':' .. l) or '')
end
return out
`;
