/**
 * Pushes the wallboard's live figures (`metrics:update`) to the supervisors of each agency whose
 * queues changed. A burst of queue changes is coalesced for `coalesceMs` into one read of each
 * changed queue and one push per agency, so a busy queue costs supervisors a push a half-second,
 * not one per match. Hooked into the queue's events (app.ts): every script report names the queues
 * it touched, and a denial (which runs no script) names its queue. The last hour's answers slide
 * with the clock, not with the queue, so `refresh` (called once a minute by the runtime) pushes the
 * queues of the agencies watched from this process even when nothing changed.
 *
 * Only watched figures are read. A read of a queue's figures is dozens of Redis commands (every
 * staffed specialist's presence, the declines of the first 200 waiting), so reading every changed
 * queue twice a second for nobody cost more than the matching itself. Whoever watches an agency,
 * on whichever process, is kept in one zset (`metrics:watched`, agency → until when): a process
 * marks an agency watched before it reads a new subscriber's snapshot (a change after that read is
 * then pushed), renews the marks of the agencies it holds watchers of every WATCH_RENEW_MS, and a
 * flush reads that zset once to leave the unwatched queues unread.
 */
import type { Language, MetricsSnapshot } from '@etapiste/protocol';
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import type { ScriptReport } from '../queue/commands.js';
import type { QueueEvents } from '../queue/queue-service.js';
import { metricsRoom } from '../realtime/rooms.js';
import type { AppServer } from '../realtime/types.js';
import type { Keys } from '../redis/keys.js';
import type { QueueMetricsReader } from './queue-metrics.js';

/** How often a process renews the marks of the agencies watched from it. */
export const WATCH_RENEW_MS = 10_000;
/** A mark outlives a few missed renewals (a process gone without unmarking lapses by itself). */
const WATCH_TTL_MS = 3 * WATCH_RENEW_MS;

export class MetricsPusher implements QueueEvents {
  readonly #dirty = new Set<string>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  constructor(
    private readonly io: AppServer,
    private readonly metrics: QueueMetricsReader,
    private readonly log: FastifyBaseLogger,
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly coalesceMs = 500,
  ) {}

  /** Marks agencies watched (from now on, by anyone): a subscription, and each renewal. */
  async watch(agencies: readonly string[], now = Date.now()): Promise<void> {
    if (agencies.length === 0) return;
    const key = this.keys.metricsWatched();
    const until = now + WATCH_TTL_MS;
    // Lapsed marks (a process gone) are dropped on the way; reads skip them meanwhile.
    await this.redis
      .pipeline()
      .zremrangebyscore(key, '-inf', `(${now}`)
      .zadd(key, 'GT', ...agencies.flatMap((a) => [until, a]))
      .exec();
  }

  /** The agencies someone watches now. */
  async #watched(now = Date.now()): Promise<Set<string>> {
    return new Set(await this.redis.zrangebyscore(this.keys.metricsWatched(), now, '+inf'));
  }

  /** The agencies with queues among some (all when undefined): what a subscriber watches. */
  agenciesIn(agencies?: readonly string[]): string[] {
    return [...new Set(this.metrics.queues(agencies).map((q) => q.agency))];
  }

  /** Every queue of some agencies (all when undefined), now: what a new subscriber starts from. */
  async snapshot(agencies?: readonly string[]): Promise<MetricsSnapshot> {
    const queues = await Promise.all(this.metrics.queues(agencies).map((q) => this.metrics.read(q.agency, q.language)));
    return { at: new Date().toISOString(), queues };
  }

  async onReport(report: ScriptReport): Promise<void> {
    for (const queue of report.queues) this.#changed(queue);
  }

  onDemandDenied(agency: string, language: string): void {
    this.#changed(`${agency}:${language}`);
  }

  /** Pushes every queue of these agencies to their local watchers, changed or not. */
  async refresh(agencies: readonly string[]): Promise<void> {
    if (this.#closed || agencies.length === 0) return;
    const at = new Date().toISOString();
    for (const agency of agencies) {
      try {
        const queues = await Promise.all(
          this.metrics.queues([agency]).map((q) => this.metrics.read(q.agency, q.language)),
        );
        this.io.local.to(metricsRoom(agency)).emit('metrics:update', { at, queues });
      } catch (error) {
        this.log.warn({ err: error, agency }, 'metrics refresh failed');
      }
    }
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
  }

  #changed(queue: string): void {
    this.#dirty.add(queue);
    this.#timer ??= setTimeout(() => void this.#flush(), this.coalesceMs);
  }

  async #flush(): Promise<void> {
    this.#timer = undefined;
    const dirty = [...this.#dirty];
    this.#dirty.clear();
    if (this.#closed) return;
    let watched: Set<string>;
    try {
      watched = await this.#watched();
    } catch (error) {
      this.log.warn({ err: error }, 'metrics watchers unknown');
      return;
    }
    const queues = dirty.filter((queue) => watched.has(queue.split(':')[0] as string));
    const byAgency = new Map<string, MetricsSnapshot['queues']>();
    for (const queue of queues) {
      const [agency, language] = queue.split(':') as [string, Language];
      try {
        const figures = await this.metrics.read(agency, language);
        byAgency.set(agency, [...(byAgency.get(agency) ?? []), figures]);
      } catch (error) {
        this.log.warn({ err: error, queue }, 'metrics read failed');
      }
    }
    const at = new Date().toISOString();
    for (const [agency, figures] of byAgency) {
      this.io.to(metricsRoom(agency)).emit('metrics:update', { at, queues: figures });
    }
  }
}
