/**
 * When a queue or an agency needs a supervisor's attention. The wallboard marks these with an icon
 * and words, not by colour alone (WCAG 1.4.1), in the first column. Judged on the live figures
 * (live-figures.ts), so a wait crossing the target is flagged the second it does:
 *  - a waiting request every specialist online has declined: nobody will take it without a nudge;
 *  - customers waiting while nobody skilled for the queue is available or about to be;
 *  - someone is already waiting longer than the agency's service-level target;
 *  - service level (the last hour's, else today's) under SERVICE_LEVEL_GOAL_PCT.
 */
import type { QueueMetrics } from '@etapiste/protocol';
import type { LiveFigures } from './live-figures.js';

/** The share of answers within the target the service aims at (the common 80/20-style goal). */
export const SERVICE_LEVEL_GOAL_PCT = 80;

export type Flag = 'declined-by-all' | 'nobody-available' | 'wait-over-target' | 'service-level-low';

export function queueFlags(f: LiveFigures): Flag[] {
  const flags: Flag[] = [];
  if (f.declinedByAll > 0) flags.push('declined-by-all');
  if (f.waiting > 0 && f.available + f.working === 0) flags.push('nobody-available');
  if (f.waiting > 0 && f.longestWaitSeconds > f.targetSeconds) flags.push('wait-over-target');
  const level = f.serviceLevelNow ?? f.serviceLevelToday;
  if (level !== undefined && level < SERVICE_LEVEL_GOAL_PCT) flags.push('service-level-low');
  return flags;
}

/** Merges a push (only the queues that changed) into the figures held. */
export function mergeQueues(held: QueueMetrics[], changed: QueueMetrics[]): QueueMetrics[] {
  const byKey = new Map(held.map((q) => [`${q.agency}:${q.language}`, q]));
  for (const q of changed) byKey.set(`${q.agency}:${q.language}`, q);
  return [...byKey.values()];
}
