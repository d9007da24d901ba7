/**
 * Reads specialists' presence from Redis as records (presence-record.ts); the one place that does.
 * Every change of it is a queue script (queue/lua.ts), so that state and queue membership never
 * disagree.
 */
import type { AwayReason, ExpertState } from '@etapiste/protocol';
import type { Redis } from 'ioredis';
import type { Keys } from '../redis/keys.js';
import { type PresenceRecord, parsePresenceRecord } from './presence-record.js';

/** A specialist's state as they and the console see it (`presence:get`, `presence:changed`). */
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
    return presenceView(await this.record(expertId));
  }

  async record(expertId: string): Promise<PresenceRecord> {
    return parsePresenceRecord(await this.redis.hgetall(this.keys.presence(expertId)));
  }

  /** Several specialists' records in one round trip, in the order asked. */
  async records(expertIds: readonly string[]): Promise<PresenceRecord[]> {
    if (expertIds.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const id of expertIds) pipeline.hgetall(this.keys.presence(id));
    const results = (await pipeline.exec()) ?? [];
    return expertIds.map((_, index) => parsePresenceRecord((results[index]?.[1] ?? {}) as Record<string, string>));
  }
}

/** The state a record holds, as the specialist sees it: offline when it holds none. */
export function presenceView(record: PresenceRecord): Presence {
  if (!record.state || !record.since) return { state: 'offline', since: new Date(0).toISOString() };
  return {
    state: record.state,
    since: record.since,
    ...(record.reason ? { reason: record.reason } : {}),
  };
}

/**
 * The state a queue script reports it left a specialist in (state, `since` in epoch ms, reason),
 * read the way the stored record is read, so a push from the report and one from Redis agree.
 */
export function reportedPresence(reported: { state: string; since: number; reason?: string }): Presence {
  return presenceView(
    parsePresenceRecord({
      state: reported.state,
      since: String(reported.since),
      ...(reported.reason ? { reason: reported.reason } : {}),
    }),
  );
}
