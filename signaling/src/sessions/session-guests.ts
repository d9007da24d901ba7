/**
 * Who joined a session after its two sides (a supervisor; an invited colleague, role
 * `consultant`, or an invited interpreter, whose records the queue's invite script writes in the
 * same step as their state, queue/lua.ts): the session's guest hash and each guest's pointer to its session, this
 * module's alone to read and write.
 *
 * | key                               | value                                                        |
 * | --------------------------------- | ------------------------------------------------------------ |
 * | `session:<id>:guests`             | hash: participant id (`supervisor:<userId>`) → `GuestRecord` JSON |
 * | `guest:<participantId>:session`   | the session that guest is in now (one call at a time)        |
 *
 * A join is one script, so the rules hold under races: the session exists and has not ended, at
 * most one guest of a single-seat role (a second supervisor is refused), and a guest is in one call
 * at a time. Both keys expire a session's longest life after the join; the session's end removes
 * them at once (participants-service.ts).
 */
import { type GuestRole, ProtocolError } from '@etapiste/protocol';
import type { Redis } from 'ioredis';
import type { Keys } from '../redis/keys.js';

export interface GuestRecord {
  participantId: string;
  role: GuestRole;
  /** The person's user id. */
  userId: string;
  name: string;
  /** Their principal's Socket.IO room (`<role>:<id>`), which the session's pushes reach. */
  room: string;
  /** Epoch ms. */
  joinedAt: number;
  /** A supervisor who joined at the specialist's invite: the inviter's name (announced with the join). */
  invitedBy?: string;
}

/** Roles of which a session has at most one guest at a time. */
const SINGLE_SEAT: ReadonlySet<GuestRole> = new Set(['supervisor']);

// KEYS: session, guests, the guest's pointer. ARGV: participant id, record JSON, the role when it
// is single-seat ('' when not), ttl seconds, session id.
// Returns 'joined', 'already' (the same guest again: nothing changes), or a refusal.
const JOIN = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 'NOT_FOUND' end
local ended = redis.call('HGET', KEYS[1], 'endedAt')
if ended and ended ~= '' then return 'SESSION_OVER' end
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 then return 'already' end
if ARGV[3] ~= '' then
  for _, raw in ipairs(redis.call('HVALS', KEYS[2])) do
    local ok, guest = pcall(cjson.decode, raw)
    if ok and type(guest) == 'table' and guest.role == ARGV[3] then return 'SEAT_TAKEN' end
  end
end
local current = redis.call('GET', KEYS[3])
if current and current ~= ARGV[5] then return 'BUSY' end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
-- The session has had a guest: its end looks for them (end_session in queue/lua.ts).
redis.call('HSET', KEYS[1], 'guested', '1')
redis.call('EXPIRE', KEYS[2], tonumber(ARGV[4]))
redis.call('SET', KEYS[3], ARGV[5], 'EX', tonumber(ARGV[4]))
return 'joined'
`;

// KEYS: guests, the guest's pointer. ARGV: participant id, session id. Returns 1 when it was there.
const LEAVE = `
local removed = redis.call('HDEL', KEYS[1], ARGV[1])
if redis.call('GET', KEYS[2]) == ARGV[2] then redis.call('DEL', KEYS[2]) end
return removed
`;

export class SessionGuests {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    /** How long a guest's keys live at most: the longest a session may run. */
    private readonly ttlSeconds: number,
  ) {}

  /** Adds the guest; `false` when they were in already. Throws the refusal as a ProtocolError. */
  async join(sessionId: string, guest: GuestRecord): Promise<boolean> {
    const result = (await this.redis.eval(
      JOIN,
      3,
      this.keys.session(sessionId),
      this.keys.sessionGuests(sessionId),
      this.keys.guestSession(guest.participantId),
      guest.participantId,
      JSON.stringify(guest),
      SINGLE_SEAT.has(guest.role) ? guest.role : '',
      String(this.ttlSeconds),
      sessionId,
    )) as string;
    switch (result) {
      case 'joined':
        return true;
      case 'already':
        return false;
      case 'NOT_FOUND':
        throw new ProtocolError('NOT_FOUND');
      case 'SESSION_OVER':
        throw new ProtocolError('SESSION_OVER');
      case 'SEAT_TAKEN':
        throw new ProtocolError('SUPERVISOR_ALREADY_PRESENT');
      default:
        // In another session's call now: leave that one first.
        throw new ProtocolError('CONFLICT', { reason: 'in-another-call' });
    }
  }

  /** Removes the guest; the record it had, or undefined when it was not in the session. */
  async leave(sessionId: string, participantId: string): Promise<GuestRecord | undefined> {
    const record = await this.get(sessionId, participantId);
    const removed = (await this.redis.eval(
      LEAVE,
      2,
      this.keys.sessionGuests(sessionId),
      this.keys.guestSession(participantId),
      participantId,
      sessionId,
    )) as number;
    return removed === 1 ? record : undefined;
  }

  async get(sessionId: string, participantId: string): Promise<GuestRecord | undefined> {
    const raw = await this.redis.hget(this.keys.sessionGuests(sessionId), participantId);
    return raw ? parseGuestRecord(raw) : undefined;
  }

  /** The session's guests, in the order they joined. */
  async list(sessionId: string): Promise<GuestRecord[]> {
    const raw = await this.redis.hvals(this.keys.sessionGuests(sessionId));
    return raw.flatMap((r) => parseGuestRecord(r) ?? []).sort((a, b) => a.joinedAt - b.joinedAt);
  }

  /** The session the guest is in now, if any. */
  async sessionOf(participantId: string): Promise<string | undefined> {
    return (await this.redis.get(this.keys.guestSession(participantId))) ?? undefined;
  }

  /** The session ended: every guest is out; returns who was in. */
  async clear(sessionId: string): Promise<GuestRecord[]> {
    const guests = await this.list(sessionId);
    if (guests.length === 0) return guests;
    for (const guest of guests) await this.leave(sessionId, guest.participantId);
    await this.redis.del(this.keys.sessionGuests(sessionId));
    return guests;
  }
}

/** A guest record as stored (JSON); undefined when it is not one. */
export function parseGuestRecord(raw: string): GuestRecord | undefined {
  try {
    const value = JSON.parse(raw) as GuestRecord;
    return typeof value.participantId === 'string' && typeof value.joinedAt === 'number' ? value : undefined;
  } catch {
    return undefined;
  }
}
