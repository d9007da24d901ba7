/**
 * The ledger against both of its databases, the embedded PGlite and a real PostgreSQL: versioned
 * migrations (once, even when two processes start together), idempotent writes, and the BullMQ
 * worker on a real Redis: a job delivered twice, re-added after it was removed, or left behind by
 * a worker that died between the INSERT and the acknowledgement, still makes exactly one row.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DemandEvent, FeedbackRecord, Transaction } from '@etapiste/protocol';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Queue } from 'bullmq';
import type { FastifyBaseLogger } from 'fastify';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { type LedgerDatabase, openDatabase } from '../src/ledger/database.js';
import { LedgerStore } from '../src/ledger/ledger-store.js';
import { DEMAND_QUEUE, FEEDBACK_QUEUE, LedgerWorker, TRANSACTIONS_QUEUE } from '../src/ledger/ledger-worker.js';
import { MIGRATIONS } from '../src/ledger/migrations.js';
import { migrate } from '../src/ledger/migrator.js';
import { DataDirInUseError } from '../src/ledger/pid-lock.js';
import { batchJobId } from '../src/queue/outbox.js';
import { testRedisUrl } from './support/harness.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from './support/ledger-databases.js';
import { until } from './support/until.js';

jest.setTimeout(60_000);

const log = pino({ level: 'silent' }) as unknown as FastifyBaseLogger;

export function transaction(overrides: Partial<Transaction> = {}): Transaction {
  const id = overrides.sessionId ?? `s${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  return {
    sessionId: id,
    ticketId: id.slice(1),
    visitId: `v${id.slice(1)}`,
    pointId: 'p1',
    expertId: 'e1',
    agency: 'tax',
    language: 'fi',
    queuedAt: '2026-03-02T08:00:00.000Z',
    offeredAt: '2026-03-02T08:00:30.000Z',
    answeredAt: '2026-03-02T08:01:00.000Z',
    endedAt: '2026-03-02T08:11:00.000Z',
    outcome: 'resolved',
    ...overrides,
  };
}

export function demandEvent(overrides: Partial<DemandEvent> = {}): DemandEvent {
  const id = `d${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  return {
    eventId: id,
    kind: 'cancelled',
    pointId: 'p1',
    visitId: `v${id.slice(1)}`,
    ticketId: id,
    agency: 'tax',
    language: 'fi',
    at: '2026-03-02T08:05:00.000Z',
    ...overrides,
  };
}

describe.each(BACKENDS)('ledger on %s', (backend) => {
  let database: TestDatabase;
  let db: LedgerDatabase;
  let store: LedgerStore;

  const count = async (table: string, where = 'TRUE', params: unknown[] = []) =>
    (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, params))[0]?.n;

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    db = await database.open();
    store = new LedgerStore(db);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('applies every migration once, in order, also when two processes migrate at once', async () => {
    const versions = MIGRATIONS.map((m) => m.version).sort((a, b) => a - b);
    const newest = versions.at(-1);
    if (backend === 'postgres') {
      // Two connection pools stand for two signaling processes starting together.
      const other = await database.open();
      const [a, b] = await Promise.all([migrate(db), migrate(other)]);
      expect([...a.applied, ...b.applied].sort((x, y) => x - y)).toEqual(versions);
      expect(a.current).toBe(newest);
      expect(b.current).toBe(newest);
    } else {
      expect((await migrate(db)).applied).toEqual(versions);
    }
    expect(await migrate(db)).toEqual({ applied: [], current: newest });
    const stored = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(stored.map((v) => v.version)).toEqual(versions);
  });

  it('refuses to run against a schema newer than it knows', async () => {
    const newest = Math.max(...MIGRATIONS.map((m) => m.version));
    await expect(migrate(db, MIGRATIONS.slice(0, 1))).rejects.toThrow(`schema is at version ${newest}`);
  });

  it('writes a transaction once, however often and however concurrently it is recorded', async () => {
    const t = transaction({
      transferredFrom: 'sprevious-session',
      topic: 'tax-card',
      advisorId: 'leena',
      identityCheck: 'passport',
    });
    const results = await Promise.all([store.recordTransaction(t), store.recordTransaction(t)]);
    expect(results.sort()).toEqual([false, true]);
    expect(await store.recordTransaction(t)).toBe(false);
    expect(await count('transactions', 'session_id = $1', [t.sessionId])).toBe(1);
    const [row] = await db.query<Record<string, unknown>>('SELECT * FROM transactions WHERE session_id = $1', [
      t.sessionId,
    ]);
    expect(row).toMatchObject({
      visit_id: t.visitId,
      point_id: 'p1',
      agency: 'tax',
      topic: 'tax-card',
      outcome: 'resolved',
      transferred_from: 'sprevious-session',
      // Who started the visit at the point, and how the customer's identity was checked (the method only).
      advisor_id: 'leena',
      identity_check: 'passport',
    });
    expect(row?.ended_at).toEqual(new Date(t.endedAt));
  });

  it('writes a batch in one go: each record once, whether stored before, twice in the batch or past one statement', async () => {
    const before = transaction();
    await store.recordTransaction(before);
    // More rows than one statement takes (500), with a note on some and a session twice.
    const fresh = Array.from({ length: 620 }, (_, i) => transaction(i % 3 === 0 ? { note: `note ${i}` } : {}));
    const twice = fresh[7] as Transaction;
    const written = await store.recordTransactions([before, ...fresh, { ...twice, outcome: 'referred' }]);
    expect(written.size).toBe(620);
    expect(written.has(before.sessionId)).toBe(false);
    const ids = [before, ...fresh].map((t) => t.sessionId);
    expect(await count('transactions', 'session_id = ANY($1)', [ids])).toBe(621);
    // The first of the two is kept.
    expect(await count('transactions', 'session_id = $1 AND outcome = $2', [twice.sessionId, 'resolved'])).toBe(1);
    const noted = fresh.filter((t): t is Transaction & { note: string } => Boolean(t.note));
    expect((await store.recordWrapUpNotes(noted)).size).toBe(noted.length);
    expect((await store.recordWrapUpNotes(noted)).size).toBe(0);
    // Optional fields stay empty, and a row's values stay in its row.
    const [row] = await db.query<{ topic: string | null; interpreter_minutes: number | null; point_id: string }>(
      'SELECT topic, interpreter_minutes, point_id FROM transactions WHERE session_id = $1',
      [fresh[300]?.sessionId],
    );
    expect(row).toEqual({ topic: null, interpreter_minutes: null, point_id: 'p1' });
    const varied = transaction({ pointId: 'p-varied', topic: 'income', interpreterMinutes: 12 });
    await store.recordTransactions([transaction(), varied, transaction()]);
    const [other] = await db.query<{ topic: string | null; interpreter_minutes: number | null; point_id: string }>(
      'SELECT topic, interpreter_minutes, point_id FROM transactions WHERE session_id = $1',
      [varied.sessionId],
    );
    expect(other).toEqual({ topic: 'income', interpreter_minutes: 12, point_id: 'p-varied' });

    const events = [demandEvent(), demandEvent({ kind: 'denied', reason: 'closed' })];
    expect((await store.recordDemandEvents([...events, events[0] as DemandEvent])).size).toBe(2);
    expect((await store.recordDemandEvents(events)).size).toBe(0);
    expect(await store.recordTransactions([])).toEqual(new Set());
  });

  it('keeps the first feedback of a session', async () => {
    const f: FeedbackRecord = {
      sessionId: `sfeedback${randomUUID().slice(0, 8)}`,
      visitId: 'vfeedback-visit',
      pointId: 'p1',
      expertId: 'e1',
      agency: 'tax',
      language: 'fi',
      endedAt: '2026-03-02T08:11:00.000Z',
      rating: 4,
      comment: 'Selkeä neuvonta',
      submittedAt: '2026-03-02T08:12:00.000Z',
    };
    expect(await store.recordFeedback(f)).toBe(true);
    expect(await store.recordFeedback({ ...f, rating: 1, comment: 'changed' })).toBe(false);
    const rows = await db.query<{ rating: number; comment: string }>(
      'SELECT rating, comment FROM feedback WHERE session_id = $1',
      [f.sessionId],
    );
    expect(rows).toEqual([{ rating: 4, comment: 'Selkeä neuvonta' }]);
  });

  it('writes a demand event once, however often it is recorded; the daily counters are gone', async () => {
    const e = demandEvent({ kind: 'abandoned', waitedMs: 61_500 });
    const results = await Promise.all([store.recordDemandEvent(e), store.recordDemandEvent(e)]);
    expect(results.sort()).toEqual([false, true]);
    expect(await store.recordDemandEvent({ ...e, kind: 'cancelled' })).toBe(false);
    const rows = await db.query<Record<string, unknown>>(
      'SELECT kind, point_id, ticket_id, reason, waited_ms::int AS waited_ms, at FROM demand_events WHERE event_id = $1',
      [e.eventId],
    );
    expect(rows).toEqual([
      { kind: 'abandoned', point_id: 'p1', ticket_id: e.ticketId, reason: null, waited_ms: 61_500, at: new Date(e.at) },
    ]);
    const denied = demandEvent({ kind: 'denied', reason: 'closed' });
    delete denied.ticketId;
    delete denied.visitId;
    expect(await store.recordDemandEvent(denied)).toBe(true);
    // Migration 4 dropped the copy of the queue's daily counters: demand comes from these events.
    expect(await db.query("SELECT to_regclass('daily_demand') AS t")).toEqual([{ t: null }]);
  });

  describe('through BullMQ', () => {
    const bullPrefix = `test:${randomUUID().slice(0, 8)}:bull`;
    let transactions: Queue;
    let feedback: Queue;
    let demand: Queue;
    const workers: LedgerWorker[] = [];
    const startWorker = async (options: Partial<ConstructorParameters<typeof LedgerWorker>[0]> = {}) => {
      // Every worker checks for stalled jobs often: BullMQ lets only one check run per interval
      // across all workers of a queue, so one slow checker would hold back the others.
      const worker = new LedgerWorker({
        redisUrl: testRedisUrl(),
        bullPrefix,
        store,
        log,
        stalledIntervalMs: 300,
        ...options,
      });
      workers.push(worker);
      await worker.ready();
      return worker;
    };
    const state = (queue: Queue, id: string) => queue.getJobState(id);

    let redis: Redis;

    beforeAll(() => {
      redis = new Redis(testRedisUrl(), { maxRetriesPerRequest: null });
      transactions = new Queue(TRANSACTIONS_QUEUE, { connection: redis, prefix: bullPrefix });
      feedback = new Queue(FEEDBACK_QUEUE, { connection: redis, prefix: bullPrefix });
      demand = new Queue(DEMAND_QUEUE, { connection: redis, prefix: bullPrefix });
    });
    afterAll(async () => {
      for (const worker of workers) await worker.close(true);
      await transactions.close();
      await feedback.close();
      await demand.close();
      redis.disconnect();
    });

    it('stores one row for a job added twice and for one re-added after it was removed', async () => {
      await startWorker();
      const t = transaction();
      // The outbox may add the same session again after a crash of its own: same job id.
      await transactions.add('transaction', t, { jobId: t.sessionId });
      await transactions.add('transaction', t, { jobId: t.sessionId });
      await until('the job to complete', async () => (await state(transactions, t.sessionId)) === 'completed');
      // Once the completed job has been cleaned away, a late re-add is a new delivery.
      await transactions.remove(t.sessionId);
      await transactions.add('transaction', t, { jobId: t.sessionId });
      await until('the second delivery', async () => (await state(transactions, t.sessionId)) === 'completed');
      expect(await count('transactions', 'session_id = $1', [t.sessionId])).toBe(1);

      const f = { ...(await feedbackRecordFor(t)) };
      await feedback.add('feedback', f, { jobId: f.sessionId });
      await until('the feedback', async () => (await state(feedback, f.sessionId)) === 'completed');
      expect(await count('feedback', 'session_id = $1', [f.sessionId])).toBe(1);

      // Demand events the same way: the outbox's job id is the event id.
      const e = demandEvent({ kind: 'denied', reason: 'nobody-online' });
      await demand.add('demand', e, { jobId: e.eventId });
      await demand.add('demand', e, { jobId: e.eventId });
      await until('the demand event', async () => (await state(demand, e.eventId)) === 'completed');
      await demand.remove(e.eventId);
      await demand.add('demand', e, { jobId: e.eventId });
      await until('its second delivery', async () => (await state(demand, e.eventId)) === 'completed');
      expect(await count('demand_events', 'event_id = $1', [e.eventId])).toBe(1);
      for (const worker of workers.splice(0)) await worker.close();
    });

    it('does not double a transaction when a worker dies between the write and the acknowledgement', async () => {
      const t = transaction();
      let release: () => void = () => undefined;
      let written!: () => void;
      const wasWritten = new Promise<void>((resolve) => {
        written = resolve;
      });
      // This worker writes the row, then hangs as if the process froze before acknowledging.
      const dying = await startWorker({
        store: Object.assign(Object.create(store) as LedgerStore, {
          recordTransactions: async (txs: Transaction[]) => {
            const result = await store.recordTransactions(txs);
            written();
            await new Promise<void>((resolve) => {
              release = resolve;
            });
            return result;
          },
        }),
        lockDurationMs: 1000,
      });
      await transactions.add('transaction', t, { jobId: t.sessionId });
      await wasWritten;
      expect(await count('transactions', 'session_id = $1', [t.sessionId])).toBe(1);
      // The process dies: no acknowledgement, no more lock renewals.
      await dying.close(true);
      expect(await state(transactions, t.sessionId)).toBe('active');

      // Another process's worker finds the job stalled, runs it again, and finds the row there.
      await startWorker();
      await until('the stalled job to be redone', async () => (await state(transactions, t.sessionId)) === 'completed');
      expect(await count('transactions', 'session_id = $1', [t.sessionId])).toBe(1);
      const job = await transactions.getJob(t.sessionId);
      expect(job?.stalledCounter).toBeGreaterThanOrEqual(1);
      release();
    });

    it('fails a job that is not a transaction for good, writing nothing', async () => {
      const id = `sbroken${randomUUID().slice(0, 8)}`;
      await transactions.add('transaction', { sessionId: id, outcome: 'resolved' }, { jobId: id });
      await until('the job to fail', async () => (await state(transactions, id)) === 'failed');
      expect(await count('transactions', 'session_id = $1', [id])).toBe(0);
      expect((await transactions.getJob(id))?.attemptsMade).toBe(1);
    });

    it('writes every record of an outbox batch once, and fails for good only for the records that do not parse', async () => {
      for (const worker of workers.splice(0)) await worker.close();
      await startWorker();
      const [a, b, c] = [transaction(), transaction(), transaction()];
      // One of them written already (an earlier delivery of a batch that was made up differently).
      await store.recordTransaction(b);
      const ids = [a, b, c].map((t) => t.sessionId);
      const jobId = batchJobId(TRANSACTIONS_QUEUE, ids);
      // The same records in another order make the same job (a re-add after a crash is one job).
      expect(batchJobId(TRANSACTIONS_QUEUE, [...ids].reverse())).toBe(jobId);
      expect(batchJobId(TRANSACTIONS_QUEUE, ids.slice(0, 2))).not.toBe(jobId);
      await transactions.add('transactions', { batch: [a, b, c] }, { jobId });
      await until('the batch to complete', async () => (await state(transactions, jobId)) === 'completed');
      expect(await count('transactions', 'session_id = ANY($1)', [ids])).toBe(3);

      const d = transaction();
      const broken = `sbroken${randomUUID().slice(0, 8)}`;
      const mixed = batchJobId(TRANSACTIONS_QUEUE, [d.sessionId, broken]);
      await transactions.add(
        'transactions',
        { batch: [d, { sessionId: broken, outcome: 'resolved' }] },
        { jobId: mixed },
      );
      await until('the mixed batch to fail', async () => (await state(transactions, mixed)) === 'failed');
      expect(await count('transactions', 'session_id = $1', [d.sessionId])).toBe(1);
      expect(await count('transactions', 'session_id = $1', [broken])).toBe(0);
      expect((await transactions.getJob(mixed))?.failedReason).toMatch(/1 of 2/);
    });

    it('writes the rest of a batch when the database refuses one of its records, and fails the job for good', async () => {
      for (const worker of workers.splice(0)) await worker.close();
      await startWorker();
      // Ended before it was answered (a check of the table), and a note with a NUL character
      // (PostgreSQL's text holds none): neither may hold back the batch's other records.
      const [a, refused, c] = [
        transaction(),
        transaction({ answeredAt: '2026-03-02T08:12:00.000Z' }),
        transaction({ note: 'before\u0000after' }),
      ];
      const ids = [a, refused, c].map((t) => t.sessionId);
      const jobId = batchJobId(TRANSACTIONS_QUEUE, ids);
      await transactions.add('transactions', { batch: [a, refused, c] }, { jobId });
      await until('the batch to fail for good', async () => (await state(transactions, jobId)) === 'failed');
      expect(await count('transactions', 'session_id = ANY($1)', [[a.sessionId, c.sessionId]])).toBe(2);
      expect(await count('transactions', 'session_id = $1', [refused.sessionId])).toBe(0);
      const notes = await db.query<{ note: string }>('SELECT note FROM wrap_up_notes WHERE session_id = $1', [
        c.sessionId,
      ]);
      expect(notes).toEqual([{ note: 'beforeafter' }]);
      const job = await transactions.getJob(jobId);
      expect(job?.failedReason).toMatch(/1 of 3 refused by the database/);
      expect(job?.attemptsMade).toBe(1);
    });

    it('keeps a job waiting while the database fails, and writes it once the database is back', async () => {
      let failing = true;
      const flaky = Object.assign(Object.create(store) as LedgerStore, {
        recordTransactions: async (txs: Transaction[]) => {
          if (failing) throw new Error('connection refused');
          return store.recordTransactions(txs);
        },
      });
      for (const worker of workers.splice(0)) await worker.close();
      await startWorker({ store: flaky, retryDelayMs: 200 });
      const t = transaction();
      await transactions.add('transaction', t, { jobId: t.sessionId });
      await until('the job to be put back', async () => (await state(transactions, t.sessionId)) === 'delayed');
      failing = false;
      await until('the job to complete', async () => (await state(transactions, t.sessionId)) === 'completed');
      expect(await count('transactions', 'session_id = $1', [t.sessionId])).toBe(1);
    });
  });
});

async function feedbackRecordFor(t: Transaction): Promise<FeedbackRecord> {
  return {
    sessionId: t.sessionId,
    visitId: t.visitId,
    pointId: t.pointId,
    expertId: t.expertId,
    agency: t.agency,
    language: t.language,
    endedAt: t.endedAt,
    rating: 5,
    submittedAt: t.endedAt,
  };
}

describe('PGlite on disk (the local stack’s default)', () => {
  it('keeps the ledger across restarts and keeps a second process out of the folder', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'etapiste-ledger-')), 'ledger');
    const first = await openDatabase({ dataDir: dir });
    await migrate(first);
    const t = transaction();
    expect(await new LedgerStore(first).recordTransaction(t)).toBe(true);
    await expect(openDatabase({ dataDir: dir })).rejects.toThrow(DataDirInUseError);
    await first.close();

    const again = await openDatabase({ dataDir: dir });
    try {
      expect(await migrate(again)).toEqual({ applied: [], current: Math.max(...MIGRATIONS.map((m) => m.version)) });
      expect(await new LedgerStore(again).recordTransaction(t)).toBe(false);
      const rows = await again.query<{ session_id: string }>('SELECT session_id FROM transactions');
      expect(rows).toEqual([{ session_id: t.sessionId }]);
    } finally {
      await again.close();
    }
  });
});
