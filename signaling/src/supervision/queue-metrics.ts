/**
 * The wallboard's live figures (the protocol's "metrics": `metrics:subscribe`, `metrics:update`)
 * per agency × language, read from the queue's Redis state (read only): waiting now and the
 * longest wait from the queue, today's counters (written by the scripts in the same step as the
 * change they count; the answers in supervision/day-answers.ts), and specialists by state from their presence records. The figures carry when
 * each customer began to wait (the oldest WAITING_SINCE_MAX), so the wallboard counts the longest
 * wait and the waits past the target on by itself between pushes, and the last hour's answers
 * (recent-answers.ts) for the service level now.
 */
import { ExpertState, type Language, type QueueMetrics, WAITING_SINCE_MAX } from '@etapiste/protocol';
import type { Redis } from 'ioredis';
import type { Directory } from '../directory/directory.js';
import type { PresenceStore } from '../presence/presence-store.js';
import { normalHead as normalBandHead, oldestArrivals } from '../queue/queue-score.js';
import type { ServiceClock } from '../queue/service-clock.js';
import type { Keys } from '../redis/keys.js';
import { readDayAnswers } from './day-answers.js';
import type { RecentAnswersReader } from './recent-answers.js';

export class QueueMetricsReader {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly presence: PresenceStore,
    private readonly directory: Directory,
    private readonly clock: ServiceClock,
    private readonly recent?: RecentAnswersReader,
  ) {}

  /** Every agency × language queue the seed defines, optionally only some agencies. */
  queues(agencies?: readonly string[]): { agency: string; language: Language }[] {
    return this.directory
      .agencies()
      .filter((a) => !agencies || agencies.includes(a.id))
      .flatMap((a) => a.languages.map((language) => ({ agency: a.id, language })));
  }

  async read(agency: string, language: Language, now = Date.now()): Promise<QueueMetrics> {
    const k = this.keys;
    const day = this.clock.day(new Date(now));
    const [waiting, head, normalHead, stats, answers, staffed] = await Promise.all([
      this.redis.zcard(k.queue(agency, language)),
      this.redis.zrange(k.queue(agency, language), 0, WAITING_SINCE_MAX - 1, 'WITHSCORES'),
      // The normal band's oldest as many: the head may be all priority requests.
      this.redis.zrange(k.queue(agency, language), ...normalBandHead(WAITING_SINCE_MAX)),
      this.redis.hgetall(k.stats(day, agency, language)),
      readDayAnswers(this.redis, k.dayAnswers(day, agency, language)),
      this.redis.smembers(k.staffed(agency, language)),
    ]);
    const experts = Object.fromEntries(ExpertState.options.map((s) => [s, 0])) as QueueMetrics['experts'];
    const records = await this.presence.records(staffed);
    for (const { state } of records) if (state) experts[state]++;
    const online = staffed.filter((_, i) => records[i]?.state && records[i]?.state !== 'offline');
    const declinedByAll = await this.declinedByAll(agency, language, online);
    // Skilled specialists who are not online at all count as offline.
    const skilled = this.directory.expertsWithSkill(agency, language);
    experts.offline += Math.max(0, skilled - staffed.length);

    const n = (field: string) => Number(stats[field] ?? 0);
    const { answered, inTarget, waitSumMs } = answers;
    const recent = await this.recent?.read(agency, language, { answered, inTarget }, now);
    // When each began to wait, read out of the queue's scores (queue/queue-score.ts), oldest first.
    const arrivals = oldestArrivals(WAITING_SINCE_MAX, head, normalHead);
    const waitingSince = arrivals.map((at) => new Date(at).toISOString());
    const handled = n('handled');
    const target = this.directory.agency(agency)?.serviceLevelTargetSeconds ?? 120;
    const oldestSince = arrivals[0];
    return {
      agency,
      language,
      waiting,
      longestWaitSeconds: oldestSince !== undefined ? Math.max(0, Math.round((now - oldestSince) / 1000)) : 0,
      waitingSince,
      answered,
      inTarget,
      ...(recent ? { recent } : {}),
      abandoned: n('abandoned'),
      cancelled: n('cancelled'),
      denied: n('denied'),
      declinedByAll,
      ...(answered > 0
        ? {
            asaSeconds: Math.round(waitSumMs / answered / 100) / 10,
            serviceLevelPct: Math.round((inTarget / answered) * 1000) / 10,
          }
        : {}),
      serviceLevelTargetSeconds: target,
      ...(handled > 0 ? { ahtSeconds: Math.round(n('handleSumMs') / handled / 100) / 10 } : {}),
      experts,
    };
  }

  /**
   * Waiting requests (the first 200 in line) that every specialist online with the skill has
   * declined or let ring out (`ticket:<id>:declined`, scored by when).
   */
  private async declinedByAll(agency: string, language: Language, online: string[]): Promise<number> {
    if (online.length === 0) return 0;
    const waiting = await this.redis.zrange(this.keys.queue(agency, language), 0, 199);
    if (waiting.length === 0) return 0;
    const pipeline = this.redis.pipeline();
    for (const ticketId of waiting) pipeline.zmscore(this.keys.ticketDeclined(ticketId), ...online);
    const answers = (await pipeline.exec()) ?? [];
    return answers.filter(([error, scores]) => !error && (scores as (string | null)[]).every((s) => s !== null)).length;
  }
}
