/**
 * How far the outbox (outbox.ts) is behind, per channel: how many records are marked pending and
 * how old the oldest of them is. Read for Prometheus (http/prometheus.ts); nothing here writes.
 *
 * The relay runs every two seconds and after every change it records, so a backlog that grows, or
 * a record minutes old, means the hand-over to BullMQ fails. The age is that of a transaction's
 * wrap-up (`completedAt`) or a demand event's moment (`atMs`); it is read from at most
 * {@link SAMPLE} pending records (a backlog larger than that is an incident already, and the age
 * of the sample is then a lower bound), the count is exact.
 */
import type { Redis } from 'ioredis';
import type { Keys } from '../redis/keys.js';
import type { SessionStore } from '../sessions/session-store.js';
import { DEMAND_QUEUE, TRANSACTIONS_QUEUE } from './outbox-channels.js';

const SAMPLE = 200;

export interface OutboxBacklogFigure {
  /** The channel's BullMQ queue: `transactions` or `demand`. */
  channel: string;
  pending: number;
  /** Age of the oldest pending record, seconds; undefined when none is pending. */
  oldestSeconds: number | undefined;
}

export class OutboxBacklog {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly sessions: SessionStore,
  ) {}

  async read(now = Date.now()): Promise<OutboxBacklogFigure[]> {
    return Promise.all([this.#transactions(now), this.#demand(now)]);
  }

  async #transactions(now: number): Promise<OutboxBacklogFigure> {
    const [pending, ids] = await Promise.all([
      this.redis.scard(this.keys.pendingTransactions()),
      this.redis.srandmember(this.keys.pendingTransactions(), SAMPLE),
    ]);
    const records = await Promise.all(ids.map((id) => this.sessions.get(id)));
    const times = records.map((r) => r?.completedAt).filter((at): at is number => at !== undefined);
    return { channel: TRANSACTIONS_QUEUE, pending, oldestSeconds: age(times, now) };
  }

  async #demand(now: number): Promise<OutboxBacklogFigure> {
    const [pending, [, flat]] = await Promise.all([
      this.redis.hlen(this.keys.pendingDemand()),
      this.redis.hscan(this.keys.pendingDemand(), 0, 'COUNT', SAMPLE),
    ]);
    const times = flat
      .filter((_, i) => i % 2 === 1)
      .flatMap((raw) => {
        try {
          const atMs = (JSON.parse(raw) as { atMs?: unknown }).atMs;
          return typeof atMs === 'number' ? [atMs] : [];
        } catch {
          return []; // The relay logs and clears a record it cannot read.
        }
      });
    return { channel: DEMAND_QUEUE, pending, oldestSeconds: age(times, now) };
  }
}

function age(times: number[], now: number): number | undefined {
  return times.length === 0 ? undefined : Math.max(0, (now - Math.min(...times)) / 1000);
}
