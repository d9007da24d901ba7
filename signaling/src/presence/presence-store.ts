/**
 * Reads a specialist's state from Redis. Every change of it is a queue script (queue/lua.ts), so
 * that state and queue membership never disagree.
 */
import type { AwayReason, ExpertState } from '@etapiste/protocol';
import type { Redis } from 'ioredis';
import type { Keys } from '../redis/keys.js';

export interface Presence {
  state: ExpertState;
  reason?: AwayReason;
  since: string;
}

export class PresenceStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  async get(expertId: string): Promise<Presence> {
    const fields = await this.redis.hgetall(this.keys.expertPresence(expertId));
    if (!fields.state || !fields.since) return { state: 'offline', since: new Date(0).toISOString() };
    return {
      state: fields.state as ExpertState,
      since: fields.since,
      ...(fields.reason ? { reason: fields.reason as AwayReason } : {}),
    };
  }
}
