/**
 * The last hour's answers of a queue, for the wallboard's "service level now": today's running
 * answered / in-target counters minus their values in the history's first sample of the hour
 * (history.ts writes one sample per interval). An hour that began before midnight counts from
 * midnight, when the day's counters started at zero. Without a sample in the hour (a process that
 * has only just started sampling) there is no "now" figure yet.
 */
import type { Redis } from 'ioredis';
import type { ServiceClock } from '../queue/service-clock.js';
import type { Keys } from '../redis/keys.js';
import type { Sample } from './history.js';

export const RECENT_WINDOW_MS = 60 * 60_000;
/** Sampling slots asked for at once while looking for the hour's first sample. */
const SLOTS_PER_READ = 64;

export interface RecentAnswers {
  since: string;
  answered: number;
  inTarget: number;
}

export class RecentAnswersReader {
  readonly #timeOfDay: Intl.DateTimeFormat;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly clock: ServiceClock,
    private readonly intervalMs: number,
  ) {
    this.#timeOfDay = new Intl.DateTimeFormat('en-GB', {
      timeZone: clock.timeZone,
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
  }

  /** Epoch ms of the last local midnight before `now` (the service's time zone). */
  midnight(now: number): number {
    const part = (type: string) =>
      Number(
        this.#timeOfDay
          .formatToParts(new Date(now))
          .find((p) => p.type === type)
          ?.value.replace(/^24$/, '0') ?? 0,
      );
    return now - ((part('hour') * 60 + part('minute')) * 60 + part('second')) * 1000 - (now % 1000);
  }

  /**
   * @param today the day's running counters now (the stats hash the queue's scripts write).
   */
  async read(
    agency: string,
    language: string,
    today: { answered: number; inTarget: number },
    now = Date.now(),
  ): Promise<RecentAnswers | undefined> {
    const midnight = this.midnight(now);
    const start = now - RECENT_WINDOW_MS;
    if (start <= midnight) return { since: new Date(midnight).toISOString(), ...today };

    const key = this.keys.supervisionHistory(this.clock.day(new Date(now)), agency, language);
    const last = Math.floor(now / this.intervalMs);
    for (let slot = Math.floor(start / this.intervalMs); slot <= last; slot += SLOTS_PER_READ) {
      const fields = Array.from({ length: Math.min(SLOTS_PER_READ, last - slot + 1) }, (_, i) => String(slot + i));
      for (const value of await this.redis.hmget(key, ...fields)) {
        const sample = parse(value);
        if (!sample || sample.t < start) continue;
        return {
          since: new Date(sample.t).toISOString(),
          answered: Math.max(0, today.answered - sample.answered),
          inTarget: Math.max(0, today.inTarget - sample.inTarget),
        };
      }
    }
    return undefined;
  }
}

function parse(value: string | null): Sample | undefined {
  if (!value) return undefined;
  try {
    const sample = JSON.parse(value) as Sample;
    return Number.isFinite(sample.t) && Number.isFinite(sample.answered) ? sample : undefined;
  } catch {
    return undefined;
  }
}
