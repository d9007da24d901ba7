/**
 * The chat of a session in progress. Messages are a capped Redis list beside the session
 * (`session:<id>:chat`), so a reload or another process reads the same history, and pushed to both
 * sides' rooms (`chat:message`), the sender's own other tabs included. Only the session's point and
 * specialist take part, and only while it runs. When the session ends the list is deleted, or kept
 * for the agency's `chatKeptHours` for the participants to read back; it is never logged and
 * never reaches the ledger (docs/security.md).
 */
import { randomBytes } from 'node:crypto';
import { CHAT_HISTORY_MAX, type ChatMessage, type Principal, ProtocolError } from '@etapiste/protocol';
import type { Redis } from 'ioredis';
import type { AdvisorSessions } from '../advisors/advisor-sessions.js';
import type { Directory } from '../directory/directory.js';
import type { EndedSession, SessionEndedReport } from '../queue/queue-service.js';
import type { AppServer } from '../realtime/types.js';
import type { Keys } from '../redis/keys.js';
import { sessionOfMember, sessionRooms } from '../sessions/session-membership.js';
import type { SessionStore } from '../sessions/session-store.js';

/** A running session's chat outlives a forgotten session by at most this (the session limit bounds it). */
const LIVE_CHAT_TTL_SECONDS = 12 * 60 * 60;

export class ChatService {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly io: AppServer,
    private readonly sessions: SessionStore,
    private readonly directory: Directory,
    private readonly advisors: AdvisorSessions,
  ) {}

  async send(principal: Principal, sessionId: string, text: string, now = new Date()): Promise<ChatMessage> {
    const session = await sessionOfMember(this.sessions, principal, sessionId);
    if (session.endedAt !== undefined) throw new ProtocolError('NOT_IN_SESSION');
    const message: ChatMessage = {
      messageId: randomBytes(12).toString('base64url'),
      sessionId,
      from: principal.role === 'point' ? 'point' : 'expert',
      name: await this.#nameOf(principal),
      text,
      at: now.toISOString(),
    };
    const key = this.keys.sessionChat(sessionId);
    // The session is marked as chatted in first: its end (the script reports the mark) cleans up
    // only a chat that exists. A message racing the end lapses with the TTL below.
    await this.sessions.markChat(sessionId);
    await this.redis
      .multi()
      .rpush(key, JSON.stringify(message))
      .ltrim(key, -CHAT_HISTORY_MAX, -1)
      .expire(key, LIVE_CHAT_TTL_SECONDS)
      .exec();
    this.io.to(await sessionRooms(this.sessions, session)).emit('chat:message', message);
    return message;
  }

  async history(principal: Principal, sessionId: string): Promise<ChatMessage[]> {
    await sessionOfMember(this.sessions, principal, sessionId);
    const raw = await this.redis.lrange(this.keys.sessionChat(sessionId), 0, -1);
    return raw.map((entry) => JSON.parse(entry) as ChatMessage);
  }

  /** A queue listener: the session ended, its chat goes (or stays the agency's hours). */
  readonly onSessionEnded = async (ended: SessionEndedReport, known: EndedSession): Promise<void> => {
    if (!known.chat) return;
    const hours = this.directory.agency(known.agency)?.chatKeptHours ?? 0;
    const key = this.keys.sessionChat(ended.sessionId);
    if (hours > 0) await this.redis.expire(key, hours * 3600);
    else await this.redis.del(key);
  };

  /** The specialist by their name; the point by its advisor's, else by the point's own name. */
  async #nameOf(principal: Principal): Promise<string> {
    if (principal.role !== 'point' || !principal.pointId) return principal.displayName;
    const advisor = await this.advisors.current(principal.pointId);
    return advisor?.displayName ?? this.directory.point(principal.pointId)?.name.fi ?? principal.displayName;
  }
}
