/**
 * The wallboard's history: a sampler writes each queue's waiting count, longest wait and today's
 * running answered / in-target counters once per interval into Redis, one hash per day and queue,
 * one field per sampling interval (epoch time divided by the interval). Several signaling processes
 * sampling in the same interval write the same field, so the history stays one sample per interval
 * whatever the number of processes. Reading turns the samples into buckets (the most waiting, the
 * longest wait) and the service level per hour (the counters' growth within the hour).
 */
import type { Language, QueueHistory, SupervisionHistory } from '@etapiste/protocol';
import type { Redis } from 'ioredis';
import { NORMAL_HEAD, oldestArrivals } from '../queue/queue-score.js';
import type { ServiceClock } from '../queue/service-clock.js';
import type { Keys } from '../redis/keys.js';
import { dayAnswers, queueDayAnswersRead } from './day-answers.js';
import type { QueueMetricsReader } from './queue-metrics.js';
import type { Scope } from './supervision-reader.js';

/** Two days: today's charts, and yesterday's while the day turns. */
const HISTORY_TTL_SECONDS = 2 * 86400;
export const BUCKET_MINUTES = 15;

export interface Sample {
  /** Epoch ms of the sample. */
  t: number;
  waiting: number;
  longest: number;
  /** Today's answered and in-target counters at the time of the sample (running totals). */
  answered: number;
  inTarget: number;
}

export class HistoryStore {
  readonly #hour: Intl.DateTimeFormat;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly metrics: QueueMetricsReader,
    private readonly clock: ServiceClock,
    private readonly intervalMs: number,
  ) {
    this.#hour = new Intl.DateTimeFormat('en-GB', { timeZone: clock.timeZone, hour: '2-digit', hourCycle: 'h23' });
  }

  key(day: string, agency: string, language: string): string {
    return this.keys.supervisionHistory(day, agency, language);
  }

  /**
   * One sample of every queue, now: what the chart shows (waiting, the longest wait, today's
   * answered and in-target) and nothing more, four commands a queue in one round trip; the
   * wallboard's full figures (every specialist's presence, the declines) are not what a chart needs.
   */
  async sample(now = Date.now()): Promise<void> {
    const day = this.clock.day(new Date(now));
    const slot = String(Math.floor(now / this.intervalMs));
    const queues = this.metrics.queues();
    const reads = this.redis.pipeline();
    for (const { agency, language } of queues) {
      reads
        .zcard(this.keys.queue(agency, language))
        .zrange(this.keys.queue(agency, language), 0, 0, 'WITHSCORES')
        .zrange(this.keys.queue(agency, language), ...NORMAL_HEAD);
      queueDayAnswersRead(reads, this.keys.dayAnswers(day, agency, language));
    }
    const answers = (await reads.exec()) ?? [];
    const writes = this.redis.pipeline();
    queues.forEach(({ agency, language }, index) => {
      const [waiting, head, normalHead, counts] = answers.slice(index * 4, index * 4 + 4).map(([error, value]) => {
        if (error) throw error;
        return value;
      }) as [number, string[], string[], unknown];
      const today = dayAnswers(counts);
      // The oldest of both bands' heads (queue/queue-score.ts).
      const since = oldestArrivals(1, head, normalHead)[0];
      const sample: Sample = {
        t: now,
        waiting,
        longest: since !== undefined ? Math.max(0, Math.round((now - since) / 1000)) : 0,
        answered: today.answered,
        inTarget: today.inTarget,
      };
      const key = this.key(day, agency, language);
      writes.hset(key, slot, JSON.stringify(sample)).expire(key, HISTORY_TTL_SECONDS);
    });
    await writes.exec();
  }

  async read(scope: Scope, now = Date.now()): Promise<SupervisionHistory> {
    const day = this.clock.day(new Date(now));
    const queues = this.metrics.queues(scope);
    const raw = await Promise.all(queues.map((q) => this.redis.hvals(this.key(day, q.agency, q.language))));
    return {
      at: new Date(now).toISOString(),
      bucketMinutes: BUCKET_MINUTES,
      queues: queues.map((q, index) => this.#summarise(q.agency, q.language, raw[index] ?? [])),
    };
  }

  #summarise(agency: string, language: Language, values: string[]): QueueHistory {
    const samples = values
      .map((value) => {
        try {
          return JSON.parse(value) as Sample;
        } catch {
          return undefined;
        }
      })
      .filter((s): s is Sample => s !== undefined && Number.isFinite(s.t))
      .sort((a, b) => a.t - b.t);

    const bucketMs = BUCKET_MINUTES * 60_000;
    const buckets = new Map<number, { waiting: number; longest: number }>();
    for (const s of samples) {
      const start = Math.floor(s.t / bucketMs) * bucketMs;
      const bucket = buckets.get(start) ?? { waiting: 0, longest: 0 };
      bucket.waiting = Math.max(bucket.waiting, s.waiting);
      bucket.longest = Math.max(bucket.longest, s.longest);
      buckets.set(start, bucket);
    }

    // Counters are running totals for the day: an hour's figures are the growth since the last
    // sample before it (the first sample's totals count in its own hour).
    // Keyed by the hour's start: the service's time zones are whole hours off UTC.
    const hourly = new Map<number, { answered: number; inTarget: number }>();
    let previous = { answered: 0, inTarget: 0 };
    for (const s of samples) {
      const hour = Math.floor(s.t / 3_600_000) * 3_600_000;
      const entry = hourly.get(hour) ?? { answered: 0, inTarget: 0 };
      entry.answered += Math.max(0, s.answered - previous.answered);
      entry.inTarget += Math.max(0, s.inTarget - previous.inTarget);
      hourly.set(hour, entry);
      previous = { answered: s.answered, inTarget: s.inTarget };
    }

    return {
      agency,
      language,
      buckets: [...buckets.entries()].map(([start, b]) => ({
        at: new Date(start).toISOString(),
        waiting: b.waiting,
        longestWaitSeconds: b.longest,
      })),
      hourly: [...hourly.entries()]
        .sort(([a], [b]) => a - b)
        .map(([start, h]) => ({
          hour: Number(this.#hour.format(new Date(start))) % 24,
          at: new Date(start).toISOString(),
          answered: h.answered,
          ...(h.answered > 0
            ? { serviceLevelPct: Math.min(100, Math.round((h.inTarget / h.answered) * 1000) / 10) }
            : {}),
        })),
    };
  }
}
