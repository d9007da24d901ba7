/**
 * Tells each side of a session in progress when the other side's connection went or came back
 * (`session:peer`). The connection registry (liveness/) reports a principal whose last socket went
 * (here, or on a process found dead) and one that is back; this finds the session that principal is
 * in and pushes to the other side. So a point sees "the specialist's connection was lost" within a
 * second or two of the specialist's browser going, not a frozen picture, and the specialist sees
 * the customer's connection was lost rather than "weak".
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import { PrincipalEmitter } from '../realtime/principal-emitter.js';
import { expertRoom, pointRoom } from '../realtime/rooms.js';
import type { AppServer } from '../realtime/types.js';
import type { Keys } from '../redis/keys.js';

export class PeerPusher {
  constructor(
    private readonly io: AppServer,
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** `principal`: a room name, `point:<id>` or `expert:<id>`. Never throws. */
  changed(principal: string, state: 'lost' | 'back'): void {
    this.#push(principal, state).catch((error: unknown) => this.log.warn({ err: error }, 'session:peer not pushed'));
  }

  async #push(principal: string, state: 'lost' | 'back'): Promise<void> {
    const at = new Date().toISOString();
    for (const { sessionId, to } of await this.#sessionsOf(principal)) {
      PrincipalEmitter.to(this.io, to).emit('session:peer', { sessionId, state, at });
    }
  }

  /** The sessions in progress (not ended) the principal takes part in, with the other side's room. */
  async #sessionsOf(principal: string): Promise<{ sessionId: string; to: string }[]> {
    const bar = principal.indexOf(':');
    const role = principal.slice(0, bar);
    const id = principal.slice(bar + 1);
    const sessionIds: string[] = [];
    if (role === 'expert') {
      const [state, sessionId] = await this.redis.hmget(this.keys.presence(id), 'state', 'sessionId');
      if (state === 'in-session' && sessionId) sessionIds.push(sessionId);
    } else if (role === 'point') {
      for (const ticketId of await this.redis.smembers(this.keys.pointTickets(id))) {
        const [state, sessionId] = await this.redis.hmget(this.keys.ticket(ticketId), 'state', 'sessionId');
        if (state === 'in-session' && sessionId) sessionIds.push(sessionId);
      }
    }
    const found: { sessionId: string; to: string }[] = [];
    for (const sessionId of sessionIds) {
      const [pointId, expertId, endedAt] = await this.redis.hmget(
        this.keys.session(sessionId),
        'pointId',
        'expertId',
        'endedAt',
      );
      if (endedAt || !pointId || !expertId) continue;
      found.push({ sessionId, to: role === 'expert' ? pointRoom(pointId) : expertRoom(expertId) });
    }
    return found;
  }
}
