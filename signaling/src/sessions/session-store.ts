/**
 * Reads sessions from Redis as records (session-record.ts); the one place that does. The queue's
 * scripts write them; media grants, feedback, the outbox, the console's work in progress and the
 * queue itself read them here.
 */
import type { Session } from '@etapiste/protocol';
import type { Redis } from 'ioredis';
import type { Keys } from '../redis/keys.js';
import { LuaScript } from '../redis/lua-script.js';
import { SessionGuests } from './session-guests.js';
import { parseSessionRecord, type SessionRecord, sessionView } from './session-record.js';

/**
 * Sets a mark (`documents`, `chat`) on a session only while its record exists: a mark racing the
 * session's end, arriving after the record's retention ran out, would otherwise make a record of
 * one field with no expiry.
 */
const MARK_SESSION = new LuaScript<number>(
  "if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('HSET', KEYS[1], ARGV[1], '1') end return 0",
  1,
);

/** A guest's keys outlive a forgotten session by at most this (the session limit bounds a call). */
const GUEST_TTL_SECONDS = 12 * 60 * 60;

export class SessionStore {
  /** Who joined a session after its two sides (a supervisor): session-guests.ts. */
  readonly guests: SessionGuests;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {
    this.guests = new SessionGuests(redis, keys, GUEST_TTL_SECONDS);
  }

  async get(sessionId: string): Promise<SessionRecord | undefined> {
    return parseSessionRecord(sessionId, await this.redis.hgetall(this.keys.session(sessionId)));
  }

  /**
   * A document was shared in the session: its end then sets the documents' expiry (the ending
   * script reports the mark, so a session without documents costs the database nothing).
   */
  async markDocuments(sessionId: string): Promise<void> {
    await MARK_SESSION.run(this.redis, this.keys.session(sessionId), 'documents');
  }

  /** A chat message was sent in the session: its end then drops or keeps the chat (chat-service.ts). */
  async markChat(sessionId: string): Promise<void> {
    await MARK_SESSION.run(this.redis, this.keys.session(sessionId), 'chat');
  }

  /** The session as both sides see it; undefined when there is no such session. */
  async view(sessionId: string): Promise<Session | undefined> {
    const record = await this.get(sessionId);
    return record ? sessionView(record) : undefined;
  }
}
