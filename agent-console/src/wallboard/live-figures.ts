/**
 * The wallboard's figures as of this second. The server pushes a queue's figures when the queue
 * changes; between pushes the waits go on, so the longest wait and the customers already past the
 * target are counted here from when each customer began to wait (`waitingSince`), every second.
 *
 * Service level counts the customers already waiting past the target as missed, not only the
 * answered ones: a queue that answered everyone in time today but has four customers waiting past
 * the target is not at 100 %.
 *  - today: answered within the target ÷ (answered + waiting past the target now);
 *  - now: the same over the last hour (`recent`, from the server's samples) and the waits now.
 * Abandonment is as in the reports: abandoned and cancelled of all that left the queue.
 */
import type { ExpertRow, QueueMetrics } from '@etapiste/protocol';

export interface LiveFigures {
  agency: string;
  waiting: number;
  longestWaitSeconds: number;
  /** Customers waiting longer than the target now. */
  overTarget: number;
  /** The agency's target, seconds (the largest of its queues' when they differ). */
  targetSeconds: number;
  serviceLevelToday: number | undefined;
  serviceLevelNow: number | undefined;
  answered: number;
  abandoned: number;
  abandonmentPct: number | undefined;
  denied: number;
  /** Waiting requests every specialist online has declined. */
  declinedByAll: number;
  /** Specialists available, working (ringing, serving, in wrap-up) and away. */
  available: number;
  working: number;
  away: number;
}

const pct = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : undefined);

/** One queue's figures at `now` (epoch ms, the server's clock). */
export function queueFigures(q: QueueMetrics, now: number): LiveFigures {
  const target = q.serviceLevelTargetSeconds * 1000;
  const since = q.waitingSince.map((at) => Date.parse(at)).filter(Number.isFinite);
  const oldest = since[0];
  const longestWaitSeconds =
    oldest !== undefined ? Math.max(0, Math.floor((now - oldest) / 1000)) : q.waiting > 0 ? q.longestWaitSeconds : 0;
  const overTarget = since.filter((at) => now - at > target).length;
  return {
    agency: q.agency,
    waiting: q.waiting,
    longestWaitSeconds,
    overTarget,
    targetSeconds: q.serviceLevelTargetSeconds,
    serviceLevelToday: pct(q.inTarget, q.answered + overTarget),
    serviceLevelNow: q.recent ? pct(q.recent.inTarget, q.recent.answered + overTarget) : overTarget > 0 ? 0 : undefined,
    answered: q.answered,
    abandoned: q.abandoned + q.cancelled,
    abandonmentPct: pct(q.abandoned + q.cancelled, q.answered + q.abandoned + q.cancelled),
    denied: q.denied,
    declinedByAll: q.declinedByAll,
    available: q.experts.available,
    working: q.experts.offered + q.experts['in-session'] + q.experts['wrap-up'],
    away: q.experts.away,
  };
}

/**
 * An agency's queues together. Specialists are counted once each from the lists when they have
 * arrived (one specialist serves several of an agency's languages), else the largest queue's count.
 */
export function agencyFigures(
  agency: string,
  queues: readonly QueueMetrics[],
  experts: readonly ExpertRow[] | undefined,
  now: number,
): LiveFigures {
  const own = queues.filter((q) => q.agency === agency);
  const each = own.map((q) => queueFigures(q, now));
  const sum = (pick: (f: LiveFigures) => number) => each.reduce((total, f) => total + pick(f), 0);
  const overTarget = sum((f) => f.overTarget);
  const answered = sum((f) => f.answered);
  const inTarget = own.reduce((total, q) => total + q.inTarget, 0);
  const withRecent = own.filter((q) => q.recent);
  const recentAnswered = withRecent.reduce((total, q) => total + (q.recent?.answered ?? 0), 0);
  const recentInTarget = withRecent.reduce((total, q) => total + (q.recent?.inTarget ?? 0), 0);
  const abandoned = sum((f) => f.abandoned);

  const staff = (experts ?? []).filter((e) => e.skills.some((s) => s.agency === agency));
  const byState = (...states: ExpertRow['state'][]) => staff.filter((e) => states.includes(e.state)).length;
  const most = (pick: (f: LiveFigures) => number) => each.reduce((max, f) => Math.max(max, pick(f)), 0);

  return {
    agency,
    waiting: sum((f) => f.waiting),
    longestWaitSeconds: most((f) => f.longestWaitSeconds),
    overTarget,
    targetSeconds: most((f) => f.targetSeconds),
    serviceLevelToday: pct(inTarget, answered + overTarget),
    serviceLevelNow:
      withRecent.length > 0 ? pct(recentInTarget, recentAnswered + overTarget) : overTarget > 0 ? 0 : undefined,
    answered,
    abandoned,
    abandonmentPct: pct(abandoned, answered + abandoned),
    denied: sum((f) => f.denied),
    declinedByAll: sum((f) => f.declinedByAll),
    available: experts ? byState('available') : most((f) => f.available),
    working: experts ? byState('offered', 'in-session', 'wrap-up') : most((f) => f.working),
    away: experts ? byState('away') : most((f) => f.away),
  };
}
