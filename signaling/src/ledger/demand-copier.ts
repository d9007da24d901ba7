/**
 * Copies the queue's daily counters (answered, abandoned, cancelled, denied, waits, handle times
 * per agency × language, kept in Redis for 40 days) into the ledger's `daily_demand`, so demand
 * reports reach back further than Redis does. The queue counts these in the same atomic step as
 * the change they count; the ledger only reads them (see docs/ledger.md for what that implies).
 *
 * Runs at start for the whole 40 days Redis keeps, then every interval for today and yesterday
 * (yesterday's last minutes are copied after midnight). Any number of processes may run it: the
 * upsert never lowers a counter.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import type { Directory } from '../directory/directory.js';
import type { QueueKeys } from '../queue/keys.js';
import type { ServiceClock } from '../queue/service-clock.js';
import type { LedgerStore } from './ledger-store.js';

const REDIS_KEEPS_DAYS = 40;
const DAY_MS = 86_400_000;

export class DemandCopier {
  readonly #timer: ReturnType<typeof setInterval>;
  #running: Promise<number> | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly keys: QueueKeys,
    private readonly directory: Directory,
    private readonly clock: ServiceClock,
    private readonly store: LedgerStore,
    private readonly log: FastifyBaseLogger,
    intervalMs: number,
  ) {
    this.#timer = setInterval(() => void this.copyRecent(), intervalMs);
    this.#timer.unref();
  }

  /** Today and yesterday; returns the rows written. Errors are logged, the next run tries again. */
  copyRecent(now = Date.now()): Promise<number> {
    return this.#run(this.#days(now, 2));
  }

  /** Every day Redis may still hold. */
  copyAll(now = Date.now()): Promise<number> {
    return this.#run(this.#days(now, REDIS_KEEPS_DAYS));
  }

  #days(now: number, count: number): string[] {
    // Stepping by 24 h in UTC can land twice on one local day around a DST change; dedupe.
    return [...new Set(Array.from({ length: count + 1 }, (_, i) => this.clock.day(new Date(now - i * DAY_MS))))];
  }

  #run(days: string[]): Promise<number> {
    this.#running ??= this.#copy(days)
      .catch((error: unknown) => {
        this.log.warn({ err: error }, 'copying daily demand failed; next run tries again');
        return 0;
      })
      .finally(() => {
        this.#running = undefined;
      });
    return this.#running;
  }

  async #copy(days: string[]): Promise<number> {
    const queues = this.directory
      .agencies()
      .flatMap((a) => a.languages.map((language) => ({ agency: a.id, language })));
    const wanted = days.flatMap((day) => queues.map((q) => ({ day, ...q })));
    const pipeline = this.redis.pipeline();
    for (const w of wanted) pipeline.hgetall(this.keys.stats(w.day, w.agency, w.language));
    const results = (await pipeline.exec()) ?? [];
    let written = 0;
    for (const [i, w] of wanted.entries()) {
      const [error, value] = results[i] ?? [];
      if (error) throw error;
      const stats = value as Record<string, string>;
      if (Object.keys(stats).length === 0) continue;
      const n = (field: string) => Number(stats[field] ?? 0);
      await this.store.recordDailyDemand({
        day: w.day,
        agency: w.agency,
        language: w.language,
        answered: n('answered'),
        inTarget: n('inTarget'),
        waitSumMs: n('waitSumMs'),
        abandoned: n('abandoned'),
        cancelled: n('cancelled'),
        denied: n('denied'),
        handled: n('handled'),
        handleSumMs: n('handleSumMs'),
      });
      written++;
    }
    return written;
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.#running;
  }
}
