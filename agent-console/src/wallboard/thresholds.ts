/**
 * When a queue needs a supervisor's attention. The wallboard marks these with an icon and words,
 * not by colour alone (WCAG 1.4.1).
 *  - longest wait over the agency's service-level target: someone is already waiting too long;
 *  - service level under SERVICE_LEVEL_GOAL_PCT of answers within the target;
 *  - customers waiting while nobody skilled for the queue is available or about to be.
 */
import type { QueueMetrics } from '@etapiste/protocol';

/** The share of answers within the target the service aims at (the common 80/20-style goal). */
export const SERVICE_LEVEL_GOAL_PCT = 80;

export type Flag = 'wait-over-target' | 'service-level-low' | 'nobody-available';

export function queueFlags(q: QueueMetrics): Flag[] {
  const flags: Flag[] = [];
  if (q.waiting > 0 && q.longestWaitSeconds > q.serviceLevelTargetSeconds) flags.push('wait-over-target');
  if (q.serviceLevelPct !== undefined && q.serviceLevelPct < SERVICE_LEVEL_GOAL_PCT) flags.push('service-level-low');
  const coming = q.experts.available + q.experts.offered + q.experts['in-session'] + q.experts['wrap-up'];
  if (q.waiting > 0 && coming === 0) flags.push('nobody-available');
  return flags;
}

/** Merges a push (only the queues that changed) into the figures held. */
export function mergeQueues(held: QueueMetrics[], changed: QueueMetrics[]): QueueMetrics[] {
  const byKey = new Map(held.map((q) => [`${q.agency}:${q.language}`, q]));
  for (const q of changed) byKey.set(`${q.agency}:${q.language}`, q);
  return [...byKey.values()];
}
