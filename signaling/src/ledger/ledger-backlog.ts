/**
 * How far the ledger is behind, per BullMQ queue it consumes (transactions, demand, feedback,
 * audit): jobs by state and the age of the oldest job not yet written. Read for Prometheus
 * (http/prometheus.ts) by every signaling process, whether or not it runs the ledger itself: the
 * queues live in Redis, and a ledger that is down is exactly when its own figures would be missing.
 *
 * A job the ledger could not write (database unreachable) goes back to `delayed` and keeps its
 * creation time, so the oldest age grows through an outage; `failed` jobs (a payload that does not
 * parse) are kept until someone looks at them.
 */
import type { Queue } from 'bullmq';

export interface LedgerBacklogFigure {
  queue: string;
  /** Waiting (wait, prioritized), delayed (retries after a database error), active, failed. */
  jobs: { waiting: number; delayed: number; active: number; failed: number };
  /** Age of the oldest job not yet written (waiting or delayed), seconds; undefined when none. */
  oldestSeconds: number | undefined;
}

export class LedgerBacklog {
  constructor(private readonly queues: readonly Queue[]) {}

  read(now = Date.now()): Promise<LedgerBacklogFigure[]> {
    return Promise.all(this.queues.map((queue) => this.#read(queue, now)));
  }

  async #read(queue: Queue, now: number): Promise<LedgerBacklogFigure> {
    const [counts, oldest] = await Promise.all([
      queue.getJobCounts('wait', 'prioritized', 'delayed', 'active', 'failed'),
      // The oldest of each kind (`asc`: lists from their old end, the delayed set by due time).
      queue.getJobs(['wait', 'prioritized', 'delayed'], 0, 0, true),
    ]);
    const times = oldest.map((job) => job.timestamp).filter((t) => Number.isFinite(t) && t > 0);
    return {
      queue: queue.name,
      jobs: {
        waiting: (counts.wait ?? 0) + (counts.prioritized ?? 0),
        delayed: counts.delayed ?? 0,
        active: counts.active ?? 0,
        failed: counts.failed ?? 0,
      },
      oldestSeconds: times.length === 0 ? undefined : Math.max(0, (now - Math.min(...times)) / 1000),
    };
  }
}
