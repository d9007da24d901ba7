/**
 * A queue's answers of the day: how many requests were answered, their waits summed (ms) and how
 * many within the agency's service-level target. Three signed 64-bit counters side by side in one
 * string (`answers:<day>:<agency>:<lang>`, keys.ts), added to together by the accept script with
 * one BITFIELD: one command per answer, where a read and a write of the day's figures' hash took
 * two. The rest of the day's figures (handled, abandoned, denied, ...) stay in that hash.
 */
import type { ChainableCommander, Redis } from 'ioredis';

/** The counters, in their order in the string (`#0`, `#1`, `#2` in BITFIELD's terms). */
export const DAY_ANSWER_FIELDS = ['answered', 'waitSumMs', 'inTarget'] as const;

export type DayAnswers = Record<(typeof DAY_ANSWER_FIELDS)[number], number>;

/** The BITFIELD_RO arguments after the key that read every counter. */
const READ_ALL = DAY_ANSWER_FIELDS.flatMap((_, i) => ['GET', 'i64', `#${i}`]);

/** BITFIELD_RO's answer as the counters (a day with no answer yet reads zeros). */
export function dayAnswers(reply: unknown): DayAnswers {
  const values = Array.isArray(reply) ? reply : [];
  return Object.fromEntries(DAY_ANSWER_FIELDS.map((field, i) => [field, Number(values[i] ?? 0) || 0])) as DayAnswers;
}

export async function readDayAnswers(redis: Redis, key: string): Promise<DayAnswers> {
  return dayAnswers(await redis.call('BITFIELD_RO', key, ...READ_ALL));
}

/** Queues the read on a pipeline; its answer goes through {@link dayAnswers}. */
export function queueDayAnswersRead(pipeline: ChainableCommander, key: string): ChainableCommander {
  return pipeline.call('BITFIELD_RO', key, ...READ_ALL);
}
