/**
 * Retention on PGlite and on a real PostgreSQL: one run removes the wrap-up notes and the customers'
 * comments past their time (the ratings stay, each removal audited without its text) and deletes the audit chain's expired prefix behind
 * an anchor; the verification then still holds from the anchor, a second run changes nothing, a
 * later run anchors again, and tampering after retention is still caught (a changed row, a row
 * removed past the trigger from the start of what is left); the database refuses to delete rows
 * no anchor covers. The daily job is one BullMQ scheduler however many processes start it, and a
 * start runs the rules once for the day.
 */
import { randomUUID } from 'node:crypto';
import type { AuditEvent, Transaction } from '@etapiste/protocol';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import pino from 'pino';
import { appendAudit, readAudit, verifyAuditChain } from '../src/ledger/audit-chain.js';
import type { LedgerDatabase } from '../src/ledger/database.js';
import { LedgerStore } from '../src/ledger/ledger-store.js';
import { migrate } from '../src/ledger/migrator.js';
import { RetentionJob } from '../src/retention/retention-job.js';
import { type RetentionPolicy, runRetention } from '../src/retention/retention-sweep.js';
import { testRedisUrl } from './support/harness.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from './support/ledger-databases.js';
import { until } from './support/until.js';

jest.setTimeout(120_000);

const DAY = 86_400_000;
const NOW = new Date('2026-11-30T12:00:00.000Z');
const ago = (days: number, from = NOW) => new Date(from.getTime() - days * DAY).toISOString();
const POLICY: RetentionPolicy = { wrapUpNoteDays: 90, feedbackCommentDays: 365, auditDays: 730 };

function transaction(i: number, endedAt: string): Transaction {
  const ended = Date.parse(endedAt);
  return {
    sessionId: `sret${String(i).padStart(8, '0')}`,
    ticketId: `tret${String(i).padStart(8, '0')}`,
    visitId: `vret${String(i).padStart(8, '0')}`,
    pointId: 'p1',
    expertId: 'e1',
    agency: 'tax',
    language: 'fi',
    queuedAt: new Date(ended - 600_000).toISOString(),
    offeredAt: new Date(ended - 590_000).toISOString(),
    answeredAt: new Date(ended - 580_000).toISOString(),
    endedAt,
    outcome: 'resolved',
  };
}

function auditEvent(at: string, i: number): AuditEvent {
  return {
    eventId: randomUUID(),
    at,
    action: 'auth.login',
    actor: { id: `user-${i}`, role: 'expert' },
    address: '192.0.2.1',
    details: { i },
  };
}

describe.each(BACKENDS)('retention on %s', (backend) => {
  let database: TestDatabase;
  let db: LedgerDatabase;
  let store: LedgerStore;
  // Ended 10, 100, 400 and 800 days before NOW.
  const ages = [10, 100, 400, 800];
  const transactions = ages.map((days, i) => transaction(i, ago(days)));

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    db = await database.open();
    await migrate(db);
    store = new LedgerStore(db);
    for (const t of transactions) {
      await store.recordTransaction(t);
      await store.recordWrapUpNote({ ...t, note: 'Soitetaan takaisin ensi viikolla' });
      await store.recordFeedback({
        sessionId: t.sessionId,
        visitId: t.visitId,
        pointId: t.pointId,
        expertId: t.expertId,
        agency: t.agency,
        language: t.language,
        endedAt: t.endedAt,
        rating: 4,
        comment: 'Hyvää palvelua',
        submittedAt: t.endedAt,
      });
    }
    // The chain: 30 events from three years ago, then 10 from this month, in that order.
    for (let i = 0; i < 30; i++) await appendAudit(db, auditEvent(ago(1100 - i), i));
    for (let i = 30; i < 40; i++) await appendAudit(db, auditEvent(ago(40 - i + 30), i));
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('removes notes and comments past their time, keeps the ratings, and anchors the audit prefix it deletes', async () => {
    const before = (await readAudit(db, { limit: 100, order: 'asc' })).map((r) => r.eventId);
    const result = await runRetention(db, POLICY, NOW);
    expect(result).toEqual({ wrapUpNotes: 3, feedbackComments: 2, auditRows: 30 });

    const notes = await db.query<{ session_id: string }>('SELECT session_id FROM wrap_up_notes ORDER BY session_id');
    expect(notes.map((n) => n.session_id)).toEqual([transactions[0]?.sessionId]);
    const feedback = await db.query<{ session_id: string; comment: string | null; rating: number; why: string | null }>(
      'SELECT session_id, comment, rating, comment_removed_why AS why FROM feedback ORDER BY session_id',
    );
    expect(feedback.map((f) => [f.comment, f.rating, f.why])).toEqual([
      ['Hyvää palvelua', 4, null],
      ['Hyvää palvelua', 4, null],
      [null, 4, 'retention'],
      [null, 4, 'retention'],
    ]);
    // Transactions are never touched.
    expect((await db.query('SELECT 1 FROM transactions')).length).toBe(4);

    const after = await readAudit(db, { limit: 100, order: 'asc' });
    expect(after.slice(0, 10).map((r) => r.eventId)).toEqual(before.slice(30));
    // Each removal of free text is audited (the rule and the count, never the text), then the anchor.
    expect(after.slice(10, 12)).toEqual([
      expect.objectContaining({
        action: 'privacy.retention',
        actor: { id: 'retention' },
        target: 'retention:wrap-up-notes',
        details: { removed: 3, retentionDays: 90, endedBefore: ago(90) },
      }),
      expect.objectContaining({
        action: 'privacy.retention',
        actor: { id: 'retention' },
        target: 'retention:feedback-comments',
        details: { removed: 2, retentionDays: 365, endedBefore: ago(365) },
      }),
    ]);
    expect(JSON.stringify(after)).not.toContain('Soitetaan');
    const anchor = after.at(-1);
    expect(anchor).toMatchObject({
      action: 'audit.retention',
      actor: { id: 'retention' },
      details: { deleted: 30, retentionDays: 730, throughHash: after[0]?.prevHash },
    });
    expect(after).toHaveLength(13);
    expect(await verifyAuditChain(db)).toEqual({ rows: 13, ok: true, lastHash: anchor?.hash });
  });

  it('changes nothing on a second run the same day', async () => {
    const chain = await readAudit(db, { limit: 100 });
    expect(await runRetention(db, POLICY, NOW)).toEqual({ wrapUpNotes: 0, feedbackComments: 0, auditRows: 0 });
    expect(await readAudit(db, { limit: 100 })).toEqual(chain);
  });

  it('refuses to delete or change audit rows no anchor covers', async () => {
    await expect(db.query('DELETE FROM audit_events')).rejects.toThrow(/append-only/);
    const [oldest] = await readAudit(db, { limit: 1, order: 'asc' });
    await expect(db.query('DELETE FROM audit_events WHERE seq = $1', [oldest?.seq])).rejects.toThrow(/append-only/);
    await expect(db.query(`UPDATE audit_events SET actor_id = 'x'`)).rejects.toThrow(/append-only/);
    await expect(db.query('TRUNCATE audit_events')).rejects.toThrow(/append-only/);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it('anchors again on a later run, and still verifies from the newest anchor', async () => {
    // 800 days on: everything but what is written now is past retention, the first anchor too.
    const later = new Date(NOW.getTime() + 800 * DAY);
    for (let i = 40; i < 45; i++) await appendAudit(db, auditEvent(ago(1, later), i));
    const result = await runRetention(db, POLICY, later);
    // The newest note and the two newest comments are now past their time too (audited: two rows).
    expect(result).toEqual({ wrapUpNotes: 1, feedbackComments: 2, auditRows: 13 });
    const rows = await readAudit(db, { limit: 100, order: 'asc' });
    expect(rows.map((r) => r.action)).toEqual([
      ...Array(5).fill('auth.login'),
      'privacy.retention',
      'privacy.retention',
      'audit.retention',
    ]);
    expect(rows.at(-1)).toMatchObject({ action: 'audit.retention', details: { deleted: 13 } });
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it('still names a changed row, and a row removed past the trigger, after retention', async () => {
    const rows = await readAudit(db, { limit: 100, order: 'asc' });
    const changed = rows[2];
    const first = rows[0];
    const second = rows[1];
    if (!changed || !first || !second) throw new Error('rows missing');
    await db.transaction(async (tx) => {
      await tx.exec('SET LOCAL session_replication_role = replica');
      await tx.query(`UPDATE audit_events SET actor_id = 'someone-else' WHERE event_id = $1`, [changed.eventId]);
    });
    expect((await verifyAuditChain(db)).firstBroken).toEqual({
      seq: changed.seq,
      eventId: changed.eventId,
      reason: 'content-changed',
    });
    await db.transaction(async (tx) => {
      await tx.exec('SET LOCAL session_replication_role = replica');
      await tx.query('UPDATE audit_events SET actor_id = $2 WHERE event_id = $1', [changed.eventId, changed.actor.id]);
      // The first row left is removed: no anchor names the hash the next one follows.
      await tx.query('DELETE FROM audit_events WHERE event_id = $1', [first.eventId]);
    });
    expect((await verifyAuditChain(db)).firstBroken).toEqual({
      seq: second.seq,
      eventId: second.eventId,
      reason: 'chain-broken',
    });
  });
});

describe('the daily retention job', () => {
  it('is one scheduler however many processes start it, and a start runs the rules once for the day', async () => {
    const prefix = `test:${randomUUID().slice(0, 8)}:bull`;
    const log = pino({ level: 'silent' });
    let runs = 0;
    const run = async () => {
      runs++;
      return { wrapUpNotes: 0, feedbackComments: 0, auditRows: 0 };
    };
    const options = {
      redisUrl: testRedisUrl(),
      bullPrefix: prefix,
      schedule: '30 3 * * *',
      timeZone: 'Europe/Helsinki',
      run,
      log,
    };
    const [a, b] = await Promise.all([RetentionJob.start(options), RetentionJob.start(options)]);
    try {
      const schedulers = await a.queue.getJobSchedulers();
      expect(schedulers).toEqual([
        expect.objectContaining({ key: 'daily-retention', pattern: '30 3 * * *', tz: 'Europe/Helsinki' }),
      ]);
      await until('the start-of-day run done', async () => (await a.queue.getCompletedCount()) === 1);
      expect(runs).toBe(1);
      // The next run waits for 03:30 Helsinki time.
      const [next] = await a.queue.getDelayed();
      const at = new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Europe/Helsinki',
        hour: '2-digit',
        minute: '2-digit',
      }).format(new Date((next?.timestamp ?? 0) + (next?.delay ?? 0)));
      expect(at).toBe('03:30');
    } finally {
      await a.close();
      await b.close();
    }
  });
});
