/**
 * The records in a ledger queue's jobs, each with its job's id: the outbox hands over a batch of
 * records per job (src/queue/outbox.ts), other producers one record per job.
 */
import type { JobType, Queue } from 'bullmq';

const EVERY_STATE: JobType[] = ['waiting', 'completed', 'active', 'delayed', 'failed'];

export async function ledgerRecords<T = Record<string, unknown>>(
  queue: Queue | undefined,
  states: JobType[] = EVERY_STATE,
): Promise<{ jobId: string | undefined; record: T }[]> {
  const jobs = (await queue?.getJobs(states)) ?? [];
  return jobs.flatMap((job) => {
    const batch = (job.data as { batch?: unknown } | null)?.batch;
    const records = (Array.isArray(batch) ? batch : [job.data]) as T[];
    return records.map((record) => ({ jobId: job.id, record }));
  });
}
