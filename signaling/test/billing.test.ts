/**
 * Municipal billing against the ledger, on PGlite and on a real PostgreSQL: for seeded months of
 * transactions at points of three municipalities (and one point the directory does not know), the
 * billing rows are exactly the transactions table counted per local month × municipality × agency ×
 * language (a session ending 00:30 local on the first of a month counts in that month), and the
 * administrators' corrections are netted in the month they were made, against the month, agency
 * and municipality of their transaction, one correction per state change (void, reinstate).
 */
import type { BillingQuery, Transaction } from '@etapiste/protocol';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { readAudit, verifyAuditChain } from '../src/ledger/audit-chain.js';
import { correctTransaction, readCorrections } from '../src/ledger/corrections.js';
import type { LedgerDatabase } from '../src/ledger/database.js';
import { LedgerStore } from '../src/ledger/ledger-store.js';
import { migrate } from '../src/ledger/migrator.js';
import { BillingStore } from '../src/reports/billing-store.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from './support/ledger-databases.js';

jest.setTimeout(120_000);

const TIME_ZONE = 'Europe/Helsinki';
const MUNICIPALITY_OF: Record<string, string | null> = {
  'mikkeli-keskusta': 'mikkeli',
  'mikkeli-rantakyla': 'mikkeli',
  'parainen-keskus': 'parainen',
  'inari-ivalo': 'inari',
  // In the ledger, never in the directory: billed under no municipality.
  'unknown-point': null,
};
const POINTS = Object.keys(MUNICIPALITY_OF);
const AGENCIES = ['tax', 'kela', 'migri'];
const LANGUAGES = ['fi', 'sv', 'en'] as const;

const localMonth = new Intl.DateTimeFormat('sv-SE', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit' });
const monthOf = (instant: string) => localMonth.format(new Date(instant)).slice(0, 7);

/** A deterministic spread of transactions over February–April 2026, with the month edges. */
function seededTransactions(): Transaction[] {
  let state = 42;
  const next = (n: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state % n;
  };
  const ends: string[] = [
    // 23:30 local on 31 January (UTC+2): January, outside the period.
    '2026-01-31T21:30:00.000Z',
    // 00:30 local on 1 February: February.
    '2026-01-31T22:30:00.000Z',
    // 23:59 local on 31 March (UTC+3 after the clocks changed on 29 March): March.
    '2026-03-31T20:59:00.000Z',
    // 00:30 local on 1 April: April.
    '2026-03-31T21:30:00.000Z',
    // 00:30 local on 1 May: May, outside the period.
    '2026-04-30T21:30:00.000Z',
  ];
  for (let i = 0; i < 150; i++) {
    const day = 1 + next(28);
    const month = 2 + next(3);
    ends.push(new Date(Date.UTC(2026, month - 1, day, 6 + next(10), next(60))).toISOString());
  }
  return ends.map((endedAt, i) => {
    const ended = Date.parse(endedAt);
    return {
      sessionId: `sbill${String(i).padStart(6, '0')}`,
      ticketId: `tbill${String(i).padStart(6, '0')}`,
      visitId: `vbill${String(i).padStart(6, '0')}`,
      pointId: POINTS[next(POINTS.length)] as string,
      expertId: 'expert-1',
      agency: AGENCIES[next(AGENCIES.length)] as string,
      language: LANGUAGES[next(LANGUAGES.length)] as (typeof LANGUAGES)[number],
      queuedAt: new Date(ended - 20 * 60_000).toISOString(),
      offeredAt: new Date(ended - 19 * 60_000).toISOString(),
      answeredAt: new Date(ended - 18 * 60_000).toISOString(),
      endedAt,
      outcome: 'resolved',
    };
  });
}

/** Counts per month × municipality × agency × language, as a key → figures map. */
function tally<T>(items: T[], key: (item: T) => string, add: (figures: Record<string, number>, item: T) => void) {
  const groups = new Map<string, Record<string, number>>();
  for (const item of items) {
    const k = key(item);
    const figures = groups.get(k) ?? {};
    add(figures, item);
    groups.set(k, figures);
  }
  return groups;
}

describe.each(BACKENDS)('municipal billing on %s', (backend) => {
  let database: TestDatabase;
  let db: LedgerDatabase;
  let billing: BillingStore;
  const transactions = seededTransactions();
  const period: BillingQuery = { from: '2026-02', to: '2026-04' };
  const inPeriod = (t: Transaction) => monthOf(t.endedAt) >= period.from && monthOf(t.endedAt) <= period.to;
  const groupOf = (t: Transaction, month = monthOf(t.endedAt)) =>
    [month, MUNICIPALITY_OF[t.pointId] ?? '', t.agency, t.language].join('|');
  const asGroups = (rows: { month: string; municipalityId: string | null; agency: string; language: string }[]) =>
    rows.map((r) => [r.month, r.municipalityId ?? '', r.agency, r.language].join('|'));

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    db = await database.open();
    await migrate(db);
    // The directory: points of three municipalities; one of them deactivated since (still billed).
    for (const [pointId, municipalityId] of Object.entries(MUNICIPALITY_OF)) {
      if (municipalityId === null) continue;
      await db.query(`INSERT INTO directory_entries (kind, id, active, doc) VALUES ('point', $1, $2, $3)`, [
        pointId,
        pointId !== 'mikkeli-rantakyla',
        JSON.stringify({ id: pointId, name: { fi: pointId, sv: pointId, en: pointId }, municipalityId }),
      ]);
    }
    const store = new LedgerStore(db);
    for (const t of transactions) await store.recordTransaction(t);
    billing = new BillingStore(db, TIME_ZONE, 10_000);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('counts exactly the ledger’s transactions per local month, municipality, agency and language', async () => {
    const { rows, truncated } = await billing.billing(period, {});
    expect(truncated).toBe(false);

    const expected = tally(transactions.filter(inPeriod), groupOf, (f, t) => {
      f.transactions = (f.transactions ?? 0) + 1;
      f[`point:${t.pointId}`] = 1;
    });
    expect(asGroups(rows).sort()).toEqual([...expected.keys()].sort());
    for (const row of rows) {
      const figures = expected.get(asGroups([row])[0] as string) ?? {};
      const points = Object.keys(figures).filter((k) => k.startsWith('point:')).length;
      expect(row).toEqual({
        ...row,
        points,
        transactions: figures.transactions,
        voided: 0,
        reinstated: 0,
        billable: figures.transactions,
      });
    }

    // The same totals straight from the table, per month, with the database's own month arithmetic.
    const ledger = await db.query<{ month: string; n: number }>(
      `SELECT to_char(ended_at AT TIME ZONE $1, 'YYYY-MM') AS month, count(*)::int AS n FROM transactions
        WHERE ended_at >= '2026-02-01'::timestamp AT TIME ZONE $1 AND ended_at < '2026-05-01'::timestamp AT TIME ZONE $1
        GROUP BY 1 ORDER BY 1`,
      [TIME_ZONE],
    );
    const billed = new Map<string, number>();
    for (const row of rows) billed.set(row.month, (billed.get(row.month) ?? 0) + row.transactions);
    expect(Object.fromEntries(billed)).toEqual(Object.fromEntries(ledger.map((r) => [r.month, r.n])));
    // The month edges fell where the local calendar puts them.
    expect(billed.get('2026-02')).toBe(transactions.filter((t) => monthOf(t.endedAt) === '2026-02').length);
    expect(rows.some((r) => r.month === '2026-01' || r.month === '2026-05')).toBe(false);
    // The deactivated point's transactions are still Mikkeli's; the unknown point's have no municipality.
    const rantakyla = transactions.filter((t) => inPeriod(t) && t.pointId === 'mikkeli-rantakyla').length;
    expect(rantakyla).toBeGreaterThan(0);
    const unknown = transactions.filter((t) => inPeriod(t) && t.pointId === 'unknown-point').length;
    expect(rows.filter((r) => r.municipalityId === null).reduce((n, r) => n + r.transactions, 0)).toBe(unknown);
  });

  it('filters by municipality, agency and language, and keeps a supervisor to their agencies', async () => {
    const all = (await billing.billing(period, {})).rows;
    const mikkeliKela = (await billing.billing({ ...period, municipalityId: 'mikkeli', agency: 'kela' }, {})).rows;
    expect(mikkeliKela).toEqual(all.filter((r) => r.municipalityId === 'mikkeli' && r.agency === 'kela'));
    const swedish = (await billing.billing({ ...period, language: 'sv' }, {})).rows;
    expect(swedish).toEqual(all.filter((r) => r.language === 'sv'));
    const supervisor = (await billing.billing(period, { agencies: ['tax', 'migri'] })).rows;
    expect(supervisor).toEqual(all.filter((r) => r.agency !== 'kela'));
  });

  it('nets voids and reinstatements in the month they were made, against their transaction’s group', async () => {
    const admin = { id: 'admin-1', role: 'admin' as const };
    const february = transactions.filter((t) => monthOf(t.endedAt) === '2026-02');
    const [a, b, c] = february;
    if (!a || !b || !c) throw new Error('seed has too few February transactions');
    const inMarch = new Date('2026-03-10T10:00:00.000Z');
    const inApril = new Date('2026-04-02T10:00:00.000Z');
    // a: voided in March. b: voided in March, reinstated in April. c: voided in April.
    await correctTransaction(db, {
      sessionId: a.sessionId,
      kind: 'void',
      reason: 'test call',
      actor: admin,
      at: inMarch,
    });
    await correctTransaction(db, {
      sessionId: b.sessionId,
      kind: 'void',
      reason: 'duplicate',
      actor: admin,
      at: inMarch,
    });
    await correctTransaction(db, {
      sessionId: b.sessionId,
      kind: 'reinstate',
      reason: 'was not a duplicate after all',
      actor: admin,
      at: inApril,
    });
    await correctTransaction(db, {
      sessionId: c.sessionId,
      kind: 'void',
      reason: 'misdirected',
      actor: admin,
      at: inApril,
    });

    const { rows } = await billing.billing(period, {});
    const expected = tally(transactions.filter(inPeriod), groupOf, (f) => {
      f.transactions = (f.transactions ?? 0) + 1;
    });
    const correct = (t: Transaction, month: string, figure: 'voided' | 'reinstated') => {
      const figures = expected.get(groupOf(t, month)) ?? { transactions: 0 };
      figures[figure] = (figures[figure] ?? 0) + 1;
      expected.set(groupOf(t, month), figures);
    };
    correct(a, '2026-03', 'voided');
    correct(b, '2026-03', 'voided');
    correct(b, '2026-04', 'reinstated');
    correct(c, '2026-04', 'voided');
    expect(asGroups(rows).sort()).toEqual([...expected.keys()].sort());
    for (const row of rows) {
      const f = expected.get(asGroups([row])[0] as string) ?? {};
      const voided = f.voided ?? 0;
      const reinstated = f.reinstated ?? 0;
      expect([row.transactions, row.voided, row.reinstated, row.billable]).toEqual([
        f.transactions ?? 0,
        voided,
        reinstated,
        (f.transactions ?? 0) - voided + reinstated,
      ]);
    }
    // February's invoice is as it was; the whole period is billed the ledger less the two still voided.
    const february2 = rows.filter((r) => r.month === '2026-02');
    expect(february2.reduce((n, r) => n + r.billable, 0)).toBe(february.length);
    expect(rows.reduce((n, r) => n + r.billable, 0)).toBe(transactions.filter(inPeriod).length - 2);

    // Each correction listed with its transaction's month, reason and administrator.
    const listed = (await billing.corrections(period, {})).rows;
    expect(listed.map((r) => [r.sessionId, r.month, r.transactionMonth, r.kind, r.reason, r.correctedBy])).toEqual([
      [a.sessionId, '2026-03', '2026-02', 'void', 'test call', 'admin-1'],
      [b.sessionId, '2026-03', '2026-02', 'void', 'duplicate', 'admin-1'],
      [b.sessionId, '2026-04', '2026-02', 'reinstate', 'was not a duplicate after all', 'admin-1'],
      [c.sessionId, '2026-04', '2026-02', 'void', 'misdirected', 'admin-1'],
    ]);
    expect(listed[0]?.municipalityId).toBe(MUNICIPALITY_OF[a.pointId]);
    expect((await billing.corrections({ from: '2026-04', to: '2026-04' }, {})).rows).toHaveLength(2);
  });

  it('refuses a correction that does not fit, writes nothing for it, and audits each one made', async () => {
    const admin = { id: 'admin-1', role: 'admin' as const };
    const t = transactions.find((x) => monthOf(x.endedAt) === '2026-03') as Transaction;
    const before = (await readAudit(db, { action: 'ledger.correction', limit: 100 })).length;
    await expect(
      correctTransaction(db, { sessionId: t.sessionId, kind: 'reinstate', reason: 'nothing to undo', actor: admin }),
    ).rejects.toMatchObject({ code: 'CORRECTION_REFUSED', reason: 'not-voided' });
    await correctTransaction(db, { sessionId: t.sessionId, kind: 'void', reason: 'test call', actor: admin });
    // Two administrators reinstating at once: one is made, the other refused.
    const both = await Promise.allSettled([
      correctTransaction(db, { sessionId: t.sessionId, kind: 'reinstate', reason: 'first', actor: admin }),
      correctTransaction(db, { sessionId: t.sessionId, kind: 'reinstate', reason: 'second', actor: admin }),
    ]);
    expect(both.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(both.find((r) => r.status === 'rejected')).toMatchObject({
      reason: { code: 'CORRECTION_REFUSED', reason: 'not-voided' },
    });
    await expect(
      correctTransaction(db, { sessionId: 'snosuchsession', kind: 'void', reason: 'x'.repeat(5), actor: admin }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const state = await readCorrections(db, t.sessionId);
    expect(state.billable).toBe(true);
    expect(state.corrections.map((c) => [c.n, c.kind])).toEqual([
      [1, 'void'],
      [2, 'reinstate'],
    ]);
    const audited = await readAudit(db, { action: 'ledger.correction', limit: 100 });
    expect(audited.length - before).toBe(2);
    expect(audited[0]).toMatchObject({
      actor: admin,
      target: `transaction:${t.sessionId}`,
      details: { kind: 'reinstate', n: 2, correctionId: state.corrections[1]?.correctionId },
    });
    expect((await verifyAuditChain(db)).ok).toBe(true);

    // The database holds the rule itself, and keeps corrections append-only.
    await expect(
      db.query(
        `INSERT INTO transaction_corrections (correction_id, session_id, n, kind, reason, actor_id)
         VALUES (gen_random_uuid(), $1, 3, 'reinstate', 'out of turn', 'admin-1')`,
        [t.sessionId],
      ),
    ).rejects.toThrow();
    await expect(db.query('DELETE FROM transaction_corrections')).rejects.toThrow(/append-only/);
    await expect(db.query(`UPDATE transaction_corrections SET reason = 'other'`)).rejects.toThrow(/append-only/);
  });
});
