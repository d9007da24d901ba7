/**
 * Pushes the wallboard's live figures (`metrics:update`) to the supervisors of each agency whose
 * queues changed. A burst of queue changes is coalesced for `coalesceMs` into one read of each
 * changed queue and one push per agency, so a busy queue costs supervisors a push a half-second,
 * not one per match. Hooked into the queue's events (app.ts): every script report names the queues
 * it touched, and a denial (which runs no script) names its queue. The last hour's answers slide
 * with the clock, not with the queue, so `refresh` (called once a minute by the runtime) pushes the
 * queues of the agencies watched from this process even when nothing changed.
 *
 * Only the figures of agencies someone watches on any process are read (realtime/watch-marks.ts):
 * a read of a queue's figures is dozens of Redis commands, and reading every changed queue twice
 * a second for nobody cost more than the matching itself.
 */
import type { Language, MetricsSnapshot } from '@etapiste/protocol';
import type { FastifyBaseLogger } from 'fastify';
import type { ScriptReport } from '../queue/commands.js';
import type { QueueEvents } from '../queue/queue-service.js';
import { metricsRoom } from '../realtime/rooms.js';
import type { AppServer } from '../realtime/types.js';
import type { WatchMarks } from '../realtime/watch-marks.js';
import type { QueueMetricsReader } from './queue-metrics.js';

export class MetricsPusher implements QueueEvents {
  readonly #dirty = new Set<string>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  constructor(
    private readonly io: AppServer,
    private readonly metrics: QueueMetricsReader,
    private readonly log: FastifyBaseLogger,
    private readonly marks: WatchMarks,
    private readonly coalesceMs = 500,
  ) {}

  /** Marks agencies watched (from now on, by anyone): before a subscriber's snapshot. */
  async watch(agencies: readonly string[]): Promise<void> {
    await this.marks.mark(agencies.map(metricsRoom));
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
      watched = await this.marks.live();
    } catch (error) {
      this.log.warn({ err: error }, 'metrics watchers unknown');
      return;
    }
    const queues = dirty.filter((queue) => watched.has(metricsRoom(queue.split(':')[0] as string)));
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
