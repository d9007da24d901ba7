/**
 * Billing, corrections, erasure and the audit of report reads over HTTP, on the real signaling
 * server with the ledger on PGlite: a visit served by tax then kela at point p1 (municipality p1)
 * bills one transaction to each agency; an administrator voids one (audited, netted in the billing,
 * listed with its reason), a second void is refused with a code; supervisors see their agencies'
 * billing only, experts and points none; every report read and export is on the audit trail with
 * its filters and format, and the audit trail exports as CSV; a visit's feedback comment is erased
 * on request, audited without its text.
 */
import type { AuditRow, BillingCorrectionReport, BillingReport, FeedbackCommentReport } from '@etapiste/protocol';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { readAudit } from '../src/ledger/audit-chain.js';
import type { LedgerDatabase } from '../src/ledger/database.js';
import { dataOf } from './support/acks.js';
import { type Harness, request } from './support/harness.js';
import {
  csvRecords,
  type ServedVisit,
  serveVisitWithTransfer,
  startLedgerHarness,
  today,
  tokenOf,
  untilStored,
} from './support/ledger-visit.js';
import { pointToken, tokenFor } from './support/queue-seed.js';
import { until } from './support/until.js';

jest.setTimeout(90_000);

interface Answer {
  status: number;
  text: string;
  body: Record<string, unknown> & { error?: { code: string; reason?: string; fields?: string[] } };
}

describe('billing over HTTP', () => {
  let h: Harness;
  let db: LedgerDatabase;
  let visit: ServedVisit;
  let month: string;
  const tokens: Record<string, string> = {};

  const call = async (method: string, path: string, token: string | undefined, body?: unknown): Promise<Answer> => {
    const response = await fetch(`${h.baseUrl}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    const json = response.headers.get('content-type')?.startsWith('application/json') ? JSON.parse(text) : {};
    return { status: response.status, text, body: json };
  };
  const audited = async (action: AuditRow['action'], match: (row: AuditRow) => boolean) => {
    let found: AuditRow | undefined;
    await until(`an audit row ${action}`, async () => {
      found = (await readAudit(db, { action, limit: 500 })).find(match);
      return found !== undefined;
    });
    return found as AuditRow;
  };

  beforeAll(async () => {
    h = await startLedgerHarness();
    const ledgerDb = h.signaling.ledger?.db;
    if (!ledgerDb) throw new Error('the ledger is not running');
    db = ledgerDb;
    month = today(h).slice(0, 7);
    visit = await serveVisitWithTransfer(h);
    await untilStored(h, visit.visitId, 2);
    tokens.admin = await tokenOf(h, { id: 'admin-1', role: 'admin' });
    tokens.kelaSupervisor = await tokenOf(h, { id: 'sup-kela', role: 'supervisor', agencies: ['kela'] });
    tokens.taxExpert = await tokenFor(h.signaling, 'tax-fi');
    tokens.point = await pointToken(h.signaling, 'p1');
  });
  afterAll(async () => {
    for (const socket of visit?.sockets ?? []) socket.close();
    await h?.close();
  });

  it('bills each agency’s transaction to the point’s municipality, as JSON and as CSV, and audits both reads', async () => {
    const json = await call('GET', `/api/reports/billing?from=${month}&to=${month}`, tokens.admin);
    expect(json.status).toBe(200);
    const report = json.body as unknown as BillingReport;
    const base = { month, municipalityId: 'p1', language: 'fi', points: 1, transactions: 1, voided: 0, reinstated: 0 };
    expect(report.rows).toEqual([
      { ...base, agency: 'kela', billable: 1 },
      { ...base, agency: 'tax', billable: 1 },
    ]);

    const csv = await call('GET', `/api/reports/billing.csv?from=${month}&to=${month}&lang=sv`, tokens.admin);
    expect(csv.status).toBe(200);
    expect(csv.text.split('\r\n')[0]).toMatch(
      /^\uFEFF?month;municipalityId;municipalityName;agency;agencyName;language;languageName;points;transactions;voided;reinstated;billable$/,
    );
    expect(csvRecords(csv.text.replaceAll(';', ','))).toEqual([
      expect.objectContaining({ municipalityId: 'p1', municipalityName: 'p1', agency: 'kela', languageName: 'finska' }),
      expect.objectContaining({ municipalityId: 'p1', agency: 'tax', transactions: '1', billable: '1' }),
    ]);

    const view = await audited('report.view', (r) => r.target === 'report:billing');
    expect(view).toMatchObject({
      actor: { id: 'admin-1', role: 'admin' },
      details: { format: 'json', rows: 2, truncated: false, filters: { from: month, to: month } },
    });
    const exported = await audited('report.export', (r) => r.target === 'report:billing');
    expect(exported.details).toMatchObject({ format: 'csv', filters: { lang: 'sv' } });
  });

  it('refuses bad months, and keeps supervisors to their agencies and everyone else out', async () => {
    for (const query of ['from=2026-13&to=2026-13', 'from=2026-05&to=2026-04', 'from=2025-01&to=2026-02']) {
      const refused = await call('GET', `/api/reports/billing?${query}`, tokens.admin);
      expect(refused).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
    }
    const kela = await call('GET', `/api/reports/billing?from=${month}&to=${month}`, tokens.kelaSupervisor);
    expect((kela.body as unknown as BillingReport).rows.map((r) => r.agency)).toEqual(['kela']);
    expect(
      (await call('GET', `/api/reports/billing?from=${month}&to=${month}&agency=tax`, tokens.kelaSupervisor)).status,
    ).toBe(403);
    for (const token of [tokens.taxExpert, tokens.point]) {
      expect((await call('GET', `/api/reports/billing?from=${month}&to=${month}`, token)).status).toBe(403);
    }
  });

  it('voids a transaction with a reason: audited, netted, listed; a second void is refused', async () => {
    const path = `/api/admin/transactions/${visit.first.sessionId}/corrections`;
    // Not an administrator: refused, and the attempt audited.
    const bySupervisor = await call('POST', path, tokens.kelaSupervisor, { kind: 'void', reason: 'test call' });
    expect(bySupervisor).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
    await audited('admin.forbidden', (r) => r.actor.id === 'sup-kela' && (r.target ?? '').includes('corrections'));
    // Bad input: nothing written.
    for (const body of [
      { kind: 'erase', reason: 'test call' },
      { kind: 'void', reason: '' },
      { kind: 'void', reason: 'asiakas 131052-308T' },
      { kind: 'void', reason: 'test call', extra: 1 },
    ]) {
      expect(await call('POST', path, tokens.admin, body)).toMatchObject({
        status: 400,
        body: { error: { code: 'VALIDATION_FAILED' } },
      });
    }
    expect(
      await call('POST', '/api/admin/transactions/snosuchsession1/corrections', tokens.admin, {
        kind: 'void',
        reason: 'test call',
      }),
    ).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
    expect((await call('GET', path, tokens.admin)).body).toEqual({
      sessionId: visit.first.sessionId,
      billable: true,
      corrections: [],
    });

    const made = await call('POST', path, tokens.admin, { kind: 'void', reason: 'test call' });
    expect(made).toMatchObject({
      status: 201,
      body: { kind: 'void', n: 1, reason: 'test call', correctedBy: 'admin-1' },
    });
    expect(await call('POST', path, tokens.admin, { kind: 'void', reason: 'again' })).toMatchObject({
      status: 409,
      body: { error: { code: 'CORRECTION_REFUSED', reason: 'already-voided' } },
    });
    expect((await call('GET', path, tokens.admin)).body).toMatchObject({ billable: false });

    const billing = (await call('GET', `/api/reports/billing?from=${month}&to=${month}`, tokens.admin))
      .body as unknown as BillingReport;
    expect(billing.rows.find((r) => r.agency === 'tax')).toMatchObject({ transactions: 1, voided: 1, billable: 0 });
    expect(billing.rows.find((r) => r.agency === 'kela')).toMatchObject({ transactions: 1, voided: 0, billable: 1 });
    const listed = (await call('GET', `/api/reports/billing/corrections?from=${month}&to=${month}`, tokens.admin))
      .body as unknown as BillingCorrectionReport;
    expect(listed.rows).toEqual([
      expect.objectContaining({
        sessionId: visit.first.sessionId,
        transactionMonth: month,
        municipalityId: 'p1',
        agency: 'tax',
        kind: 'void',
        reason: 'test call',
        correctedBy: 'admin-1',
      }),
    ]);
    // The kela supervisor does not see tax's correction.
    const kelaList = (
      await call('GET', `/api/reports/billing/corrections?from=${month}&to=${month}`, tokens.kelaSupervisor)
    ).body as unknown as BillingCorrectionReport;
    expect(kelaList.rows).toEqual([]);
    // In the same transaction as the correction: on the chain already.
    const [correction] = await readAudit(db, { action: 'ledger.correction', limit: 10 });
    expect(correction).toMatchObject({
      actor: { id: 'admin-1' },
      target: `transaction:${visit.first.sessionId}`,
      details: { kind: 'void', reason: 'test call' },
    });
  });

  it('erases a visit’s feedback comment on request, audited without the text', async () => {
    const comment = 'Kiitos, Matti Meikäläinen auttoi hyvin';
    dataOf(await request(visit.point, 'feedback:submit', { sessionId: visit.second.sessionId, rating: 5, comment }));
    const comments = () =>
      call('GET', `/api/reports/feedback/comments?from=${today(h)}&to=${today(h)}`, tokens.admin).then(
        (a) => (a.body as unknown as FeedbackCommentReport).rows,
      );
    await until('the comment stored', async () => (await comments()).length === 1);

    const path = `/api/admin/visits/${visit.visitId}/erase`;
    expect((await call('POST', path, tokens.kelaSupervisor, { reason: 'customer asked' })).status).toBe(403);
    expect(await call('POST', path, tokens.admin, { reason: '' })).toMatchObject({ status: 400 });
    expect(
      await call('POST', '/api/admin/visits/vnosuchvisit1/erase', tokens.admin, { reason: 'customer asked' }),
    ).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
    const erased = await call('POST', path, tokens.admin, { reason: 'customer asked' });
    expect(erased).toMatchObject({
      status: 200,
      body: { visitId: visit.visitId, feedbackComments: 1, wrapUpNotes: 0 },
    });
    expect(await comments()).toEqual([]);
    // The rating stays for the statistics, and the comment still counts as given.
    const summary = await call('GET', `/api/reports/feedback?from=${today(h)}&to=${today(h)}`, tokens.admin);
    expect((summary.body.rows as Record<string, unknown>[])[0]).toMatchObject({
      responses: 1,
      rating5: 1,
      commented: 1,
    });

    const [row] = await readAudit(db, { action: 'privacy.erase', limit: 10 });
    expect(row).toMatchObject({
      actor: { id: 'admin-1', role: 'admin' },
      target: `visit:${visit.visitId}`,
      details: { reason: 'customer asked', feedbackComments: 1, wrapUpNotes: 0, sessions: [visit.second.sessionId] },
    });
    expect(JSON.stringify(await readAudit(db, { limit: 500 }))).not.toContain('Meikäläinen');
    // Again: nothing left to erase, and that is said.
    expect((await call('POST', path, tokens.admin, { reason: 'customer asked' })).body).toMatchObject({
      feedbackComments: 0,
    });
  });

  it('exports the audit trail as CSV for administrators only, oldest first, and audits the export', async () => {
    expect((await call('GET', '/api/admin/audit.csv', tokens.kelaSupervisor)).status).toBe(403);
    const csv = await call('GET', '/api/admin/audit.csv?action=ledger.correction&lang=en', tokens.admin);
    expect(csv.status).toBe(200);
    const records = csvRecords(csv.text);
    expect(records).toEqual([
      expect.objectContaining({ action: 'ledger.correction', actorId: 'admin-1', actorRole: 'admin' }),
    ]);
    expect(JSON.parse(records[0]?.details ?? '{}')).toMatchObject({ kind: 'void', reason: 'test call' });
    const all = csvRecords((await call('GET', '/api/admin/audit.csv?lang=en', tokens.admin)).text);
    const seqs = all.map((r) => Number(r.seq));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect((await call('GET', '/api/admin/audit.csv?action=no-such-action', tokens.admin)).status).toBe(400);
    await audited('report.export', (r) => r.target === 'report:audit' && r.actor.id === 'admin-1');
    // Browsing it is recorded too.
    expect((await call('GET', '/api/admin/audit?limit=5', tokens.admin)).status).toBe(200);
    await audited('report.view', (r) => r.target === 'report:audit' && r.actor.id === 'admin-1');
  });
});
