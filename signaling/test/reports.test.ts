/**
 * The reports API on the real signaling server with the ledger on PGlite: a visit served by two
 * agencies makes exactly two transactions, every report answers JSON and the same rows as CSV,
 * the roles see what they may (an expert their own work, a supervisor their agencies, an admin
 * everything) and are refused the rest, and the OpenAPI document lists the routes.
 */
import type {
  DemandReport,
  MonthlyTransactionsReport,
  ServiceLevelReport,
  TransactionReport,
} from '@etapiste/protocol';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { dataOf } from './support/acks.js';
import { connect, type Harness, request } from './support/harness.js';
import {
  csvRecords,
  type ServedVisit,
  serveVisitWithTransfer,
  startLedgerHarness,
  today,
  tokenOf,
  untilDemandStored,
  untilStored,
} from './support/ledger-visit.js';
import { pointToken, tokenFor } from './support/queue-seed.js';
import { asEnglishCsv, withoutNames } from './support/report-csv.js';

jest.setTimeout(60_000);

describe('reports', () => {
  let h: Harness;
  let visit: ServedVisit;
  let day: string;
  const tokens: Record<string, string> = {};

  const get = async (path: string, token: string | undefined) => {
    const response = await fetch(`${h.baseUrl}${path}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    const text = await response.text();
    return {
      status: response.status,
      type: response.headers.get('content-type') ?? '',
      disposition: response.headers.get('content-disposition'),
      text,
      json: () => JSON.parse(text) as Record<string, unknown>,
    };
  };
  const period = () => `from=${day}&to=${day}`;

  beforeAll(async () => {
    h = await startLedgerHarness();
    day = today(h);
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

  it('shows exactly two transactions for a visit served by two agencies, and the CSV matches', async () => {
    const json = await get(`/api/reports/transactions?${period()}&visitId=${visit.visitId}`, tokens.admin);
    expect(json.status).toBe(200);
    const report = json.json() as unknown as TransactionReport;
    expect(report.truncated).toBe(false);
    expect(report.rows).toHaveLength(2);
    expect(report.rows.map((r) => [r.sessionId, r.agency, r.expertId, r.outcome, r.transferredFrom])).toEqual([
      [visit.first.sessionId, 'tax', 'tax-fi', 'follow-up', null],
      [visit.second.sessionId, 'kela', 'kela-fi', 'resolved', visit.first.sessionId],
    ]);
    expect(report.rows[0]?.topic).toBe('tax-card');

    // The specialist by name beside the id.
    expect(report.rows.map((r) => r.expertName)).toEqual(['tax-fi', 'kela-fi']);

    const csv = await get(`/api/reports/transactions.csv?${period()}&visitId=${visit.visitId}&lang=en`, tokens.admin);
    expect(csv.status).toBe(200);
    expect(csv.type).toMatch(/^text\/csv/);
    expect(withoutNames(csvRecords(csv.text))).toEqual(report.rows.map(asEnglishCsv));
    expect(csvRecords(csv.text).map((r) => [r.pointName, r.agencyName, r.languageName])).toEqual([
      ['p1', 'Tax', 'Finnish'],
      ['p1', 'Kela', 'Finnish'],
    ]);
    // Finnish by default: semicolons, so that Finnish Excel opens it in columns.
    const finnish = await get(`/api/reports/transactions.csv?${period()}&visitId=${visit.visitId}`, tokens.admin);
    expect(finnish.text.split('\r\n')[0]).toMatch(
      /^\uFEFF?sessionId;visitId;ticketId;pointId;pointName;expertId;expertName;/,
    );
    expect(csv.disposition).toBe(`attachment; filename="transactions_${day}_${day}.csv"`);

    // A console served from another allowed origin can read the file name and the cut flag.
    const crossOrigin = await fetch(`${h.baseUrl}/api/reports/transactions.csv?${period()}`, {
      headers: { authorization: `Bearer ${tokens.admin}`, origin: 'http://localhost:4174' },
    });
    expect(crossOrigin.headers.get('access-control-expose-headers')).toBe('content-disposition, x-report-truncated');
    expect(crossOrigin.headers.get('x-report-truncated')).toBe('false');
  });

  it('counts transactions per point × agency × language × month', async () => {
    const response = await get(`/api/reports/transactions/monthly?${period()}`, tokens.admin);
    const report = response.json() as unknown as MonthlyTransactionsReport;
    expect(report.rows).toEqual([
      { month: day.slice(0, 7), pointId: 'p1', agency: 'kela', language: 'fi', transactions: 1, transferredIn: 1 },
      { month: day.slice(0, 7), pointId: 'p1', agency: 'tax', language: 'fi', transactions: 1, transferredIn: 0 },
    ]);
    const csv = await get(`/api/reports/transactions/monthly.csv?${period()}&lang=en`, tokens.admin);
    expect(withoutNames(csvRecords(csv.text))).toEqual(report.rows.map(asEnglishCsv));
  });

  it('gives speed of answer and service level per point and agency', async () => {
    const report = (
      await get(`/api/reports/service-level?${period()}`, tokens.admin)
    ).json() as unknown as ServiceLevelReport;
    expect(report.rows.map((r) => [r.pointId, r.agency, r.answered, r.serviceLevelPct])).toEqual([
      ['p1', 'kela', 1, 100],
      ['p1', 'tax', 1, 100],
    ]);
    expect(report.rows[0]?.serviceLevelTargetSeconds).toBe(120);
    expect(report.rows[0]?.asaSeconds).toBeGreaterThanOrEqual(0);
  });

  it('reports answered, cancelled and denied demand per point, with service level and abandonment', async () => {
    // p1 is turned away by the agency that is never open; p2 queues for tax and cancels.
    expect(await request(visit.point, 'request:create', { agency: 'closed', language: 'fi' })).toMatchObject({
      ok: true,
      data: { status: 'unavailable', reason: 'closed' },
    });
    const p2 = await connect(h.baseUrl, await pointToken(h.signaling, 'p2'));
    visit.sockets.push(p2);
    const queued = dataOf<{ ticket: { ticketId: string } }>(
      await request(p2, 'request:create', { agency: 'tax', language: 'fi', whenUnavailable: 'wait' }),
    );
    dataOf(await request(p2, 'request:cancel', { ticketId: queued.ticket.ticketId }));
    await h.signaling.queue.outbox.flush();
    await untilDemandStored(h, 2);

    const report = (
      await get(`/api/reports/demand?${period()}&groupBy=day`, tokens.admin)
    ).json() as unknown as DemandReport;
    const base = { period: day, language: 'fi', abandoned: 0, cancelled: 0, denied: 0 };
    expect(report.rows).toEqual([
      expect.objectContaining({ ...base, pointId: 'p1', agency: 'closed', answered: 0, denied: 1 }),
      expect.objectContaining({ ...base, pointId: 'p1', agency: 'kela', answered: 1, abandonmentPct: 0 }),
      expect.objectContaining({
        ...base,
        pointId: 'p1',
        agency: 'tax',
        answered: 1,
        serviceLevelPct: 100,
        abandonmentPct: 0,
      }),
      expect.objectContaining({
        ...base,
        pointId: 'p2',
        agency: 'tax',
        answered: 0,
        cancelled: 1,
        asaSeconds: null,
        serviceLevelPct: null,
        abandonmentPct: 100,
      }),
    ]);
    expect(report.rows[0]?.abandonmentPct).toBeNull();
    const csv = await get(`/api/reports/demand.csv?${period()}&groupBy=day&delimiter=comma`, tokens.admin);
    expect(withoutNames(csvRecords(csv.text))).toEqual(report.rows.map(asEnglishCsv));
    const p2Only = (
      await get(`/api/reports/demand?${period()}&pointId=p2`, tokens.admin)
    ).json() as unknown as DemandReport;
    expect(p2Only.rows.map((r) => [r.period, r.pointId, r.agency, r.cancelled])).toEqual([
      [day.slice(0, 7), 'p2', 'tax', 1],
    ]);

    const service = (
      await get(`/api/reports/service-level?${period()}`, tokens.admin)
    ).json() as unknown as ServiceLevelReport;
    expect(service.rows.map((r) => [r.pointId, r.agency, r.answered, r.cancelled, r.denied, r.abandonmentPct])).toEqual(
      [
        ['p1', 'closed', 0, 0, 1, null],
        ['p1', 'kela', 1, 0, 0, 0],
        ['p1', 'tax', 1, 0, 0, 0],
        ['p2', 'tax', 0, 1, 0, 100],
      ],
    );
    expect(service.rows.find((r) => r.pointId === 'p2')).toMatchObject({
      asaSeconds: null,
      serviceLevelPct: null,
      serviceLevelTargetSeconds: 120,
    });
  });

  it('shows an expert only their own transactions, and refuses them the queues’ figures', async () => {
    const own = (
      await get(`/api/reports/transactions?${period()}`, tokens.taxExpert)
    ).json() as unknown as TransactionReport;
    expect(own.rows.map((r) => r.sessionId)).toEqual([visit.first.sessionId]);
    const other = await get(`/api/reports/transactions?${period()}&expertId=kela-fi`, tokens.taxExpert);
    expect(other.status).toBe(403);
    expect(other.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect((await get(`/api/reports/service-level?${period()}`, tokens.taxExpert)).status).toBe(403);
    expect((await get(`/api/reports/demand.csv?${period()}`, tokens.taxExpert)).status).toBe(403);
  });

  it('shows a supervisor only their agencies', async () => {
    const report = (
      await get(`/api/reports/transactions?${period()}`, tokens.kelaSupervisor)
    ).json() as unknown as TransactionReport;
    expect(report.rows.map((r) => r.agency)).toEqual(['kela']);
    const demand = (
      await get(`/api/reports/demand?${period()}`, tokens.kelaSupervisor)
    ).json() as unknown as DemandReport;
    expect(new Set(demand.rows.map((r) => r.agency))).toEqual(new Set(['kela']));
    const refused = await get(`/api/reports/transactions/monthly?${period()}&agency=tax`, tokens.kelaSupervisor);
    expect(refused.status).toBe(403);
  });

  it('refuses points, missing and bad tokens, and bad periods with coded errors', async () => {
    expect((await get(`/api/reports/transactions?${period()}`, tokens.point)).status).toBe(403);
    const anonymous = await get(`/api/reports/transactions?${period()}`, undefined);
    expect(anonymous.status).toBe(401);
    expect(anonymous.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    expect((await get(`/api/reports/transactions?${period()}`, 'not-a-token')).status).toBe(401);
    // Who asks comes first: no token and a bad query is 401, not a 400 that explains the query.
    expect((await get('/api/reports/transactions?from=2026-13-01&to=2026-05-01', undefined)).status).toBe(401);
    expect((await get('/api/reports/billing.csv?from=nope', 'not-a-token')).status).toBe(401);
    const backwards = await get('/api/reports/transactions?from=2026-05-02&to=2026-05-01', tokens.admin);
    expect(backwards.status).toBe(400);
    expect(backwards.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    expect((await get('/api/reports/transactions?from=2026-13-01&to=2026-05-01', tokens.admin)).status).toBe(400);
    expect((await get(`/api/reports/transactions?${period()}&sql=1`, tokens.admin)).status).toBe(400);
  });

  it('documents every report in the OpenAPI document', async () => {
    const response = await get('/api/openapi.json', undefined);
    expect(response.status).toBe(200);
    const doc = response.json() as { openapi: string; paths: Record<string, { get?: { parameters?: unknown[] } }> };
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of [
      '/api/reports/transactions',
      '/api/reports/transactions.csv',
      '/api/reports/transactions/monthly',
      '/api/reports/service-level',
      '/api/reports/demand',
      '/api/reports/feedback',
      '/api/reports/feedback/comments.csv',
      '/api/auth/login',
    ]) {
      expect(doc.paths[path]).toBeDefined();
    }
    expect(doc.paths['/api/reports/transactions']?.get?.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'visitId', in: 'query' })]),
    );
    expect(doc.paths['/api/reports/demand']?.get?.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'pointId', in: 'query' })]),
    );
    // Per-point demand and abandonment are in the documented rows.
    const demandRow = JSON.stringify(doc.paths['/api/reports/demand']);
    for (const field of ['pointId', 'abandonmentPct', 'denied']) expect(demandRow).toContain(`"${field}"`);
    expect(JSON.stringify(doc.paths['/api/reports/service-level'])).toContain('"abandonmentPct"');
    // The comments' filters, and the CSV's language and delimiter, are documented.
    expect(doc.paths['/api/reports/feedback/comments']?.get?.parameters).toEqual(
      expect.arrayContaining(
        ['agency', 'language', 'rating'].map((name) => expect.objectContaining({ name, in: 'query' })),
      ),
    );
    expect(doc.paths['/api/reports/demand.csv']?.get?.parameters).toEqual(
      expect.arrayContaining(['lang', 'delimiter'].map((name) => expect.objectContaining({ name, in: 'query' }))),
    );
  });
});
