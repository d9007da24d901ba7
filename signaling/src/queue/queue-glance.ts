/**
 * The queues as specialists see them (`queues:watch`, pushed as `queues:update`): per agency ×
 * language how many wait, the longest wait, and how many specialists are at work and available.
 * The console's home shows the specialist's own skills from it, the transfer list every queue.
 * Read only from the queue's Redis state. A burst of queue changes is coalesced for `coalesceMs`
 * into one read per changed queue and one push to every watching specialist, read only while
 * someone on any process watches (realtime/watch-marks.ts).
 */
import type { Language, QueueGlance, QueueGlanceSnapshot } from '@etapiste/protocol';
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import type { Directory } from '../directory/directory.js';
import type { PresenceStore } from '../presence/presence-store.js';
import { queuesRoom } from '../realtime/rooms.js';
import type { AppServer } from '../realtime/types.js';
import type { WatchMarks } from '../realtime/watch-marks.js';
import type { Keys } from '../redis/keys.js';
import type { ScriptReport } from './commands.js';
import { NORMAL_HEAD, oldestArrivals } from './queue-score.js';
import type { QueueEvents } from './queue-service.js';

const AT_WORK = new Set(['available', 'offered', 'in-session', 'wrap-up']);

export class QueueGlancePusher implements QueueEvents {
  readonly #dirty = new Set<string>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  constructor(
    private readonly io: AppServer,
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly presence: PresenceStore,
    private readonly directory: Directory,
    private readonly log: FastifyBaseLogger,
    private readonly marks: WatchMarks,
    private readonly coalesceMs = 500,
  ) {}

  /** A specialist starts watching: marked before their snapshot is read (see watch-marks.ts). */
  async watch(): Promise<void> {
    await this.marks.mark([queuesRoom]);
  }

  /** Every queue the seed defines, now: what a new watcher starts from. */
  async snapshot(): Promise<QueueGlanceSnapshot> {
    const queues = this.directory
      .agencies()
      .flatMap((a) => a.languages.map((language) => ({ agency: a.id, language })));
    const now = Date.now();
    return {
      at: new Date(now).toISOString(),
      queues: await Promise.all(queues.map((q) => this.read(q.agency, q.language, now))),
    };
  }

  async read(agency: string, language: Language, now = Date.now()): Promise<QueueGlance> {
    const k = this.keys;
    const [waiting, head, normalHead, staffed] = await Promise.all([
      this.redis.zcard(k.queue(agency, language)),
      this.redis.zrange(k.queue(agency, language), 0, 0, 'WITHSCORES'),
      this.redis.zrange(k.queue(agency, language), ...NORMAL_HEAD),
      this.redis.smembers(k.staffed(agency, language)),
    ]);
    let online = 0;
    let available = 0;
    for (const { state } of await this.presence.records(staffed)) {
      if (state && AT_WORK.has(state)) online++;
      if (state === 'available') available++;
    }
    // The oldest of both bands' heads (queue-score.ts).
    const since = oldestArrivals(1, head, normalHead)[0];
    return {
      agency,
      language,
      waiting,
      longestWaitSeconds: since !== undefined ? Math.max(0, Math.round((now - since) / 1000)) : 0,
      online,
      available,
    };
  }

  async onReport(report: ScriptReport): Promise<void> {
    for (const queue of report.queues) this.#changed(queue);
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
    const queues = [...this.#dirty];
    this.#dirty.clear();
    if (this.#closed) return;
    try {
      if (!(await this.marks.live()).has(queuesRoom)) return;
    } catch (error) {
      this.log.warn({ err: error }, 'queue glance watchers unknown');
      return;
    }
    const now = Date.now();
    const figures: QueueGlance[] = [];
    for (const queue of queues) {
      const [agency = '', language] = queue.split(':') as [string, Language];
      try {
        figures.push(await this.read(agency, language, now));
      } catch (error) {
        this.log.warn({ err: error, queue }, 'queue glance read failed');
      }
    }
    if (figures.length > 0)
      this.io.to(queuesRoom).emit('queues:update', { at: new Date(now).toISOString(), queues: figures });
  }
}
