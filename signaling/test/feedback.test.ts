/**
 * Customer feedback end to end: `feedback:submit` from the point for its own ended sessions only,
 * once per session, validated (rating 1–5 or skipped, comment ≤ 1000 characters, no personal
 * identity codes), stored by the ledger worker, and reported (averages, comments, CSV) within
 * the caller's role.
 */
import type { FeedbackCommentReport, FeedbackSummaryReport, Session } from '@etapiste/protocol';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { dataOf } from './support/acks.js';
import { nextEvent } from './support/events.js';
import { connect, type Harness, request, snapshot, type TestSocket } from './support/harness.js';
import {
  asCsvRecord,
  csvRecords,
  type ServedVisit,
  serveVisitWithTransfer,
  startLedgerHarness,
  today,
  tokenOf,
} from './support/ledger-visit.js';
import { pointToken, tokenFor } from './support/queue-seed.js';
import { asEnglishCsv, withoutNames } from './support/report-csv.js';
import { until } from './support/until.js';

// A generous bound: PGlite and the harness start slowly on a loaded two-core machine.
jest.setTimeout(180_000);

describe('feedback', () => {
  let h: Harness;
  let visit: ServedVisit;
  let other: ServedVisit;
  const sockets: TestSocket[] = [];

  const feedbackRows = async () =>
    (await h.signaling.ledger?.db.query<{ session_id: string; rating: number | null; comment: string | null }>(
      'SELECT session_id, rating, comment FROM feedback ORDER BY submitted_at, session_id',
    )) ?? [];
  const untilFeedback = (n: number) => until(`${n} feedback rows`, async () => (await feedbackRows()).length >= n);
  const get = async (path: string, token: string) => {
    const response = await fetch(`${h.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, text: await response.text() };
  };

  beforeAll(async () => {
    h = await startLedgerHarness();
    visit = await serveVisitWithTransfer(h, 'p1');
    other = await serveVisitWithTransfer(h, 'p2');
  });
  afterAll(async () => {
    for (const socket of [...sockets, ...(visit?.sockets ?? []), ...(other?.sockets ?? [])]) socket.close();
    await h?.close();
  });

  it('takes one feedback per ended session of the point, and the ledger stores it', async () => {
    const { point, first, second } = visit;
    const receipt = dataOf<{ sessionId: string; receivedAt: string }>(
      await request(point, 'feedback:submit', { sessionId: first.sessionId, rating: 4, comment: ' Selkeä neuvonta ' }),
    );
    expect(receipt.sessionId).toBe(first.sessionId);
    expect(await request(point, 'feedback:submit', { sessionId: first.sessionId, rating: 1 })).toMatchObject({
      ok: false,
      error: { code: 'FEEDBACK_ALREADY_GIVEN' },
    });
    // The customer skipped the rating: recorded as a response without one.
    dataOf(await request(point, 'feedback:submit', { sessionId: second.sessionId }));
    await untilFeedback(2);
    expect(await feedbackRows()).toEqual([
      { session_id: first.sessionId, rating: 4, comment: 'Selkeä neuvonta' },
      { session_id: second.sessionId, rating: null, comment: null },
    ]);
  });

  it('refuses bad feedback with coded errors and changes nothing', async () => {
    const { point, first } = visit;
    const expert = await connect(h.baseUrl, await tokenFor(h.signaling, 'tax-fi'));
    sockets.push(expert);
    const before = await snapshot(h.redis, `${h.prefix}feedback:`);
    const sessionId = other.first.sessionId;
    const cases: [TestSocket, unknown, string, string[]?][] = [
      [point, { sessionId, rating: 6 }, 'VALIDATION_FAILED', ['rating']],
      [point, { sessionId, rating: 3.5 }, 'VALIDATION_FAILED', ['rating']],
      [point, { sessionId, comment: 'x'.repeat(1001) }, 'VALIDATION_FAILED', ['comment']],
      [point, { sessionId, comment: 'minun hetu on 131052-308T' }, 'VALIDATION_FAILED', ['comment']],
      [point, { sessionId, rating: 5, extra: true }, 'VALIDATION_FAILED'],
      // Another point's session does not exist as far as this point is concerned.
      [point, { sessionId, rating: 5 }, 'NOT_FOUND'],
      [point, { sessionId: 'sno-such-session-1', rating: 5 }, 'NOT_FOUND'],
      // Only points give feedback.
      [expert, { sessionId: first.sessionId, rating: 5 }, 'FORBIDDEN'],
    ];
    for (const [socket, payload, code, fields] of cases) {
      const ack = await request(socket, 'feedback:submit', payload);
      expect({ payload, ack }).toMatchObject({
        payload,
        ack: { ok: false, error: { code, ...(fields ? { fields } : {}) } },
      });
    }
    expect(await snapshot(h.redis, `${h.prefix}feedback:`)).toEqual(before);
  });

  it('takes feedback only once the session has ended, and for a day after', async () => {
    const point = await connect(h.baseUrl, await pointToken(h.signaling, 'p3'));
    const tax = await connect(h.baseUrl, await tokenFor(h.signaling, 'tax-fi'));
    sockets.push(point, tax);
    const offered = nextEvent(tax, 'offer:incoming');
    dataOf(await request(point, 'request:create', { agency: 'tax', language: 'fi' }));
    const session = dataOf<Session>(await request(tax, 'offer:accept', { offerId: (await offered).offerId }));
    expect(await request(point, 'feedback:submit', { sessionId: session.sessionId, rating: 5 })).toMatchObject({
      error: { code: 'FEEDBACK_NOT_OPEN' },
    });
    dataOf(await request(tax, 'session:end', { sessionId: session.sessionId }));
    await expect(
      h.signaling.feedback.submit('p3', { sessionId: session.sessionId, rating: 5 }, Date.now() + 25 * 3600_000),
    ).rejects.toMatchObject({ code: 'FEEDBACK_NOT_OPEN' });
    dataOf(await request(point, 'feedback:submit', { sessionId: session.sessionId, rating: 5 }));
    dataOf(await request(tax, 'session:wrap-up', { sessionId: session.sessionId, outcome: 'resolved' }));
    await untilFeedback(3);
  });

  it('reports averages and comments within the role, and the CSV matches', async () => {
    dataOf(
      await request(other.point, 'feedback:submit', { sessionId: other.first.sessionId, rating: 2, comment: '=1+1' }),
    );
    await untilFeedback(4);
    const period = `from=${today(h)}&to=${today(h)}`;
    const admin = await tokenOf(h, { id: 'admin-1', role: 'admin' });
    const summary = JSON.parse((await get(`/api/reports/feedback?${period}`, admin)).text) as FeedbackSummaryReport;
    expect(summary.rows).toEqual([
      {
        pointId: 'p1',
        agency: 'kela',
        responses: 1,
        rated: 0,
        skipped: 1,
        commented: 0,
        averageRating: null,
        rating1: 0,
        rating2: 0,
        rating3: 0,
        rating4: 0,
        rating5: 0,
      },
      expect.objectContaining({
        pointId: 'p1',
        agency: 'tax',
        responses: 1,
        averageRating: 4,
        rating4: 1,
        commented: 1,
      }),
      expect.objectContaining({ pointId: 'p2', agency: 'tax', responses: 1, averageRating: 2, rating2: 1 }),
      expect.objectContaining({ pointId: 'p3', agency: 'tax', responses: 1, averageRating: 5, rating5: 1 }),
    ]);
    const csv = await get(`/api/reports/feedback.csv?${period}&lang=en`, admin);
    expect(withoutNames(csvRecords(csv.text))).toEqual(summary.rows.map(asCsvRecord));

    const comments = JSON.parse(
      (await get(`/api/reports/feedback/comments?${period}`, admin)).text,
    ) as FeedbackCommentReport;
    expect(comments.rows.map((r) => [r.sessionId, r.rating, r.comment])).toEqual([
      [visit.first.sessionId, 4, 'Selkeä neuvonta'],
      [other.first.sessionId, 2, '=1+1'],
    ]);
    // A comment a spreadsheet would run as a formula is defused in the CSV; all else is equal.
    const commentsCsv = csvRecords((await get(`/api/reports/feedback/comments.csv?${period}&lang=en`, admin)).text);
    expect(commentsCsv[1]?.comment).toBe("'=1+1");
    expect(withoutNames(commentsCsv)).toEqual(comments.rows.map(asEnglishCsv));
    expect(comments.rows.map((r) => r.expertName)).toEqual(['tax-fi', 'tax-fi']);

    // The comments are read with filters: rating, agency, language; a supervisor only their own agencies.
    const byRating = JSON.parse(
      (await get(`/api/reports/feedback/comments?${period}&rating=2`, admin)).text,
    ) as FeedbackCommentReport;
    expect(byRating.rows.map((r) => r.sessionId)).toEqual([other.first.sessionId]);
    const swedish = JSON.parse(
      (await get(`/api/reports/feedback/comments?${period}&agency=tax&language=sv`, admin)).text,
    ) as FeedbackCommentReport;
    expect(swedish.rows).toEqual([]);
    expect((await get(`/api/reports/feedback/comments?${period}&rating=6`, admin)).status).toBe(400);
    const taxSupervisor = await tokenOf(h, { id: 'sup-tax', role: 'supervisor', agencies: ['tax'] });
    const tax = JSON.parse(
      (await get(`/api/reports/feedback/comments?${period}&agency=tax&rating=4`, taxSupervisor)).text,
    ) as FeedbackCommentReport;
    expect(tax.rows.map((r) => [r.sessionId, r.comment])).toEqual([[visit.first.sessionId, 'Selkeä neuvonta']]);

    // The tax specialist sees the feedback on their own sessions; the kela supervisor on kela's.
    const own = JSON.parse(
      (await get(`/api/reports/feedback?${period}`, await tokenFor(h.signaling, 'tax-fi'))).text,
    ) as FeedbackSummaryReport;
    expect(own.rows.map((r) => r.agency)).toEqual(['tax', 'tax', 'tax']);
    const supervisor = await tokenOf(h, { id: 'sup-kela', role: 'supervisor', agencies: ['kela'] });
    const kela = JSON.parse(
      (await get(`/api/reports/feedback/comments?${period}`, supervisor)).text,
    ) as FeedbackCommentReport;
    expect(kela.rows).toEqual([]);
    expect((await get(`/api/reports/feedback/comments?${period}&agency=tax`, supervisor)).status).toBe(403);
    expect((await get(`/api/reports/feedback/comments.csv?${period}&agency=tax`, supervisor)).status).toBe(403);
  });
});
