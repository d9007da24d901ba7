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
  ) {}

  async read(now = Date.now()): Promise<OutboxBacklogFigure[]> {
    return Promise.all([
      // A transaction is the session's record (every value a string): its wrap-up's `completedAt`.
      this.#channel(TRANSACTIONS_QUEUE, this.keys.pendingTransactions(), now, (r) => Number(r.completedAt)),
      this.#channel(DEMAND_QUEUE, this.keys.pendingDemand(), now, (r) => r.atMs),
    ]);
  }

  async #channel(
    channel: string,
    key: string,
    now: number,
    timeOf: (record: Record<string, unknown>) => unknown,
  ): Promise<OutboxBacklogFigure> {
    const [pending, [, flat]] = await Promise.all([this.redis.hlen(key), this.redis.hscan(key, 0, 'COUNT', SAMPLE)]);
    const times = flat
      .filter((_, i) => i % 2 === 1)
      .flatMap((raw) => {
        try {
          const at = timeOf(JSON.parse(raw) as Record<string, unknown>);
          return typeof at === 'number' && Number.isFinite(at) ? [at] : [];
        } catch {
          return []; // The relay logs and clears a record it cannot read.
        }
      });
    return { channel, pending, oldestSeconds: age(times, now) };
  }
}

function age(times: number[], now: number): number | undefined {
  return times.length === 0 ? undefined : Math.max(0, (now - Math.min(...times)) / 1000);
}
