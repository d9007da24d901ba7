/**
 * The audit trail on both ledger databases: events append to one hash chain (also when written at
 * once), a redelivered event is stored once, the database refuses to change or remove audit and
 * ledger rows, and the verification names the first row someone tampered with after getting past
 * the trigger. Also the `audit:verify` command as an operator runs it.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { AuditEvent } from '@etapiste/protocol';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { appendAudit, GENESIS_HASH, readAudit, verifyAuditChain } from '../src/ledger/audit-chain.js';
import type { LedgerDatabase } from '../src/ledger/database.js';
import { LedgerStore } from '../src/ledger/ledger-store.js';
import { migrate } from '../src/ledger/migrator.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from './support/ledger-databases.js';

jest.setTimeout(60_000);

function event(overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    eventId: randomUUID(),
    at: new Date().toISOString(),
    action: 'report.view',
    actor: { id: 'supervisor-kela', role: 'supervisor' },
    target: 'report:transactions',
    address: '192.0.2.10',
    details: { filters: { agency: 'kela', from: '2026-11-01' }, rows: 12 },
    ...overrides,
  };
}

describe.each(BACKENDS)('audit trail on %s', (backend) => {
  let database: TestDatabase;
  let db: LedgerDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    db = await database.open();
    await migrate(db);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('chains every event to the one before, also when they are written at once, and stores a redelivery once', async () => {
    const events = Array.from({ length: 20 }, (_, i) => event({ details: { i } }));
    const written = await Promise.all(events.map((e) => appendAudit(db, e)));
    expect(written.every(Boolean)).toBe(true);
    expect(await appendAudit(db, events[3] as AuditEvent)).toBe(false);

    const rows = (await readAudit(db, { limit: 100 })).reverse();
    expect(rows).toHaveLength(20);
    expect(rows[0]?.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i++) expect(rows[i]?.prevHash).toBe(rows[i - 1]?.hash);
    expect(new Set(rows.map((r) => r.eventId))).toEqual(new Set(events.map((e) => e.eventId)));

    const verified = await verifyAuditChain(db, 7);
    expect(verified).toEqual({ rows: 20, ok: true, lastHash: rows[19]?.hash });
  });

  it('refuses UPDATE, DELETE and TRUNCATE on audit rows and on ledger rows', async () => {
    await new LedgerStore(db).recordTransaction({
      sessionId: 'saudit1',
      ticketId: 'audit1',
      visitId: 'vaudit1',
      pointId: 'p1',
      expertId: 'e1',
      agency: 'tax',
      language: 'fi',
      queuedAt: '2026-03-02T08:00:00.000Z',
      offeredAt: '2026-03-02T08:00:30.000Z',
      answeredAt: '2026-03-02T08:01:00.000Z',
      endedAt: '2026-03-02T08:11:00.000Z',
      outcome: 'resolved',
    });
    for (const sql of [
      `UPDATE audit_events SET actor_id = 'someone-else'`,
      'DELETE FROM audit_events',
      'TRUNCATE audit_events',
      `UPDATE transactions SET outcome = 'other'`,
      'DELETE FROM transactions',
      // CASCADE: past the corrections' foreign key (migration 9), to the trigger itself.
      'TRUNCATE transactions CASCADE',
      'TRUNCATE demand_events',
    ]) {
      await expect(db.query(sql)).rejects.toThrow(/append-only/);
    }
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it('names the first row that was changed, and the first row after one that was removed', async () => {
    const rows = (await readAudit(db, { limit: 100 })).reverse();
    const changed = rows[5];
    const removed = rows[12];
    if (!changed || !removed) throw new Error('rows missing');
    // Past the trigger as only a superuser can: with triggers off for this transaction.
    await db.transaction(async (tx) => {
      await tx.exec(`SET LOCAL session_replication_role = replica`);
      await tx.query(`UPDATE audit_events SET details = '{"i": 999}' WHERE event_id = $1`, [changed.eventId]);
    });
    expect((await verifyAuditChain(db)).firstBroken).toEqual({
      seq: changed.seq,
      eventId: changed.eventId,
      reason: 'content-changed',
    });

    await db.transaction(async (tx) => {
      await tx.exec(`SET LOCAL session_replication_role = replica`);
      await tx.query(`UPDATE audit_events SET details = $2 WHERE event_id = $1`, [
        changed.eventId,
        JSON.stringify(changed.details),
      ]);
      await tx.query('DELETE FROM audit_events WHERE event_id = $1', [removed.eventId]);
    });
    const next = rows[13];
    expect((await verifyAuditChain(db)).firstBroken).toEqual({
      seq: next?.seq,
      eventId: next?.eventId,
      reason: 'chain-broken',
    });
  });

  if (backend === 'postgres') {
    it('is verified by the command an operator runs, which exits 1 and names the broken row', async () => {
      const root = fileURLToPath(new URL('../../', import.meta.url));
      const run = promisify(execFile);
      const failed = await run(process.execPath, ['--import', 'tsx', 'signaling/src/cli/audit-verify.ts'], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: database.url },
      }).catch((error: { code: number; stdout: string; stderr: string }) => error);
      expect('code' in failed ? failed.code : 0).toBe(1);
      const printed = JSON.parse(String(failed.stdout).trim()) as { ok: boolean; firstBroken: { seq: number } };
      expect(printed.ok).toBe(false);
      expect(String(failed.stderr)).toMatch(/audit chain broken at row \d+/);
    });
  }
});
