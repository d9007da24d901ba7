/**
 * A specialist's own state in Redis. This issue lets a specialist go available or away; the queue
 * (offered, in-session, wrap-up) and the disconnect grace period build on the same record.
 */
import type { AwayReason, ExpertState } from '@etapiste/protocol';
import type { Redis } from 'ioredis';
import type { Keys } from '../redis/keys.js';

export interface Presence {
  state: ExpertState;
  reason?: AwayReason;
  since: string;
}

/** States the queue owns: a specialist cannot leave them by choosing available or away. */
const QUEUE_OWNED: ReadonlySet<ExpertState> = new Set(['offered', 'in-session', 'wrap-up']);

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

  /**
   * Sets available or away unless the queue owns the current state. Atomic (one script), so a
   * concurrent offer cannot be overwritten. Returns the state in force afterwards and whether it
   * changed.
   */
  async choose(
    expertId: string,
    state: 'available' | 'away',
    reason: AwayReason | undefined,
    now = new Date(),
  ): Promise<{ presence: Presence; changed: boolean; blocked: boolean }> {
    const result = (await this.redis.eval(
      `local current = redis.call('HGET', KEYS[1], 'state')
       for _, owned in ipairs(cjson.decode(ARGV[4])) do
         if current == owned then return 'blocked' end
       end
       if current == ARGV[1] and (redis.call('HGET', KEYS[1], 'reason') or '') == ARGV[2] then return 'same' end
       redis.call('DEL', KEYS[1])
       redis.call('HSET', KEYS[1], 'state', ARGV[1], 'since', ARGV[3])
       if ARGV[2] ~= '' then redis.call('HSET', KEYS[1], 'reason', ARGV[2]) end
       return 'set'`,
      1,
      this.keys.expertPresence(expertId),
      state,
      reason ?? '',
      now.toISOString(),
      JSON.stringify([...QUEUE_OWNED]),
    )) as 'blocked' | 'same' | 'set';
    return { presence: await this.get(expertId), changed: result === 'set', blocked: result === 'blocked' };
  }
}
