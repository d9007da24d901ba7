/**
 * The console's server side beyond the queue, against a real Redis and the real signaling server:
 * a specialist's work in progress survives a new connection (offer, session, wrap-up); supervisors
 * get the specialists and points of their agencies, pushed when they change; the history sampler
 * turns waiting counts and answers into chart buckets and hourly service levels.
 */
import type {
  CurrentWork,
  MetricsSnapshot,
  Principal,
  Session,
  SupervisionHistory,
  SupervisionSnapshot,
  TicketView,
} from '@etapiste/protocol';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { QueueGlancePusher } from '../src/queue/queue-glance.js';
import { ServiceClock } from '../src/queue/service-clock.js';
import { readDayAnswers } from '../src/supervision/day-answers.js';
import { QueueMetricsReader } from '../src/supervision/queue-metrics.js';
import { dataOf } from './support/acks.js';
import { nextEvent } from './support/events.js';
import { connect, type Harness, request, startHarness, type TestSocket } from './support/harness.js';
import { pointToken, principalToken, type TestExpert, tokenFor, writeQueueSeed } from './support/queue-seed.js';

jest.setTimeout(30_000);

const EXPERTS: TestExpert[] = [
  { id: 'tax-fi', skills: [{ agency: 'tax', language: 'fi' }] },
  {
    id: 'kela-fi',
    skills: [
      { agency: 'kela', language: 'fi' },
      { agency: 'tax', language: 'sv' },
    ],
  },
  { id: 'kela-sv', skills: [{ agency: 'kela', language: 'sv' }] },
];

describe('console support and the wallboard', () => {
  let h: Harness;
  const sockets: TestSocket[] = [];
  const track = (socket: TestSocket) => {
    sockets.push(socket);
    return socket;
  };
  const expert = async (id: string) => track(await connect(h.baseUrl, await tokenFor(h.signaling, id)));
  const point = async (id: string) => track(await connect(h.baseUrl, await pointToken(h.signaling, id)));
  const supervisor = async (principal: Principal) =>
    track(await connect(h.baseUrl, await principalToken(h.signaling, principal)));
  const call = async <T>(socket: TestSocket, event: string, payload: unknown = {}) =>
    dataOf<T>(await request(socket, event, payload));

  beforeAll(async () => {
    h = await startHarness({
      SEED_FILE: writeQueueSeed(EXPERTS),
      SOCKET_COMMANDS_PER_SECOND: '1000',
      OFFER_TIMEOUT_SECONDS: '30',
      EXPERT_GRACE_SECONDS: '60',
      POINT_GRACE_SECONDS: '60',
      SUPERVISION_SAMPLE_SECONDS: '60',
      SUPERVISION_PUSH_SECONDS: '0.1',
    });
  });
  afterAll(async () => {
    for (const socket of sockets.splice(0)) socket.close();
    await h.close();
  });

  it('gives a specialist their offer, session and wrap-up back on a new connection', async () => {
    let aino = await expert('tax-fi');
    expect(await call<CurrentWork>(aino, 'work:current')).toEqual({});
    await call(aino, 'presence:set', { state: 'available' });

    const p1 = await point('p1');
    const offered = nextEvent(aino, 'offer:incoming');
    const queued = await call<{ ticket: TicketView }>(p1, 'request:create', {
      agency: 'tax',
      language: 'fi',
      topic: 'tax-card',
      note: 'brings last year’s decision',
    });
    const offer = await offered;

    // A reload: a new connection, the same work.
    aino.close();
    aino = await expert('tax-fi');
    expect(await call<CurrentWork>(aino, 'work:current')).toEqual({ offer });

    const session = await call<Session>(aino, 'offer:accept', { offerId: offer.offerId });
    aino.close();
    aino = await expert('tax-fi');
    expect(await call<CurrentWork>(aino, 'work:current')).toEqual({
      session,
      // The point recorded no identity check: that is "not checked", and the specialist sees so.
      details: { topic: 'tax-card', note: 'brings last year’s decision', identityCheck: 'not-checked' },
    });

    const ended = await call<{ wrapUpDeadline: string }>(aino, 'session:end', { sessionId: session.sessionId });
    aino.close();
    aino = await expert('tax-fi');
    const inWrapUp = await call<CurrentWork>(aino, 'work:current');
    expect(inWrapUp.wrapUpDeadline).toBe(ended.wrapUpDeadline);
    expect(inWrapUp.session?.sessionId).toBe(session.sessionId);
    expect(inWrapUp.session?.endedAt).toBeDefined();
    expect(queued.ticket.ticketId).toBe(session.ticketId);

    await call(aino, 'session:wrap-up', { sessionId: session.sessionId, outcome: 'resolved' });
    expect(await call<CurrentWork>(aino, 'work:current')).toEqual({});
    await call(aino, 'presence:set', { state: 'away', reason: 'break' });
  });

  it('refuses the wallboard to a specialist; a supervisor’s work query has only invites (none here)', async () => {
    const aino = await expert('tax-fi');
    expect(await request(aino, 'supervision:subscribe', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await request(aino, 'supervision:history', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const boss = await supervisor({
      id: 'boss',
      role: 'supervisor',
      displayName: 'Boss',
      capabilities: ['supervise'],
      agencies: ['kela'],
    });
    // A supervisor may be invited into a call (session-invite.test.ts): nothing rings at this one.
    expect(await request(boss, 'work:current', {})).toEqual({ ok: true, data: {} });
    expect(await request(boss, 'supervision:subscribe', { extra: 1 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    });
  });

  it('shows a supervisor the specialists and points of their agencies, and pushes changes', async () => {
    const boss = await supervisor({
      id: 'boss',
      role: 'supervisor',
      displayName: 'Boss',
      capabilities: ['supervise'],
      agencies: ['kela'],
    });
    const first = await call<SupervisionSnapshot>(boss, 'supervision:subscribe');
    // Only specialists with a kela skill, and only their kela skills.
    expect(first.experts.map((e) => e.id).sort()).toEqual(['kela-fi', 'kela-sv']);
    expect(first.experts.find((e) => e.id === 'kela-fi')?.skills).toEqual([{ agency: 'kela', language: 'fi' }]);
    expect(first.points.map((p) => p.id)).toEqual(['p1', 'p2', 'p3']);
    // Opening the wallboard is recorded on the audit trail (handed to its queue for the ledger).
    const jobs = await h.signaling.audit.queue.getJobs(['waiting', 'active', 'completed', 'delayed']);
    expect(jobs.map((j) => j.data)).toContainEqual(
      expect.objectContaining({
        action: 'report.view',
        actor: { id: 'boss', role: 'supervisor' },
        target: 'report:wallboard',
        details: { agencies: ['kela'] },
      }),
    );

    const sanna = await expert('kela-fi');
    const available = nextEvent(boss, 'supervision:update', (s) =>
      s.experts.some((e) => e.id === 'kela-fi' && e.state === 'available'),
    );
    await call(sanna, 'presence:set', { state: 'available' });
    const update = await available;
    const row = update.experts.find((e) => e.id === 'kela-fi');
    expect(row?.since && Date.parse(row.since)).toBeGreaterThan(Date.parse(first.at) - 60_000);

    // A point's request shows as its activity; another agency's queue is not named to this supervisor.
    const p2 = await point('p2');
    const ringing = nextEvent(boss, 'supervision:update', (s) =>
      s.points.some((p) => p.id === 'p2' && p.activity === 'offered'),
    );
    const offered = nextEvent(sanna, 'offer:incoming');
    await call(p2, 'request:create', { agency: 'kela', language: 'fi' });
    const p2Row = (await ringing).points.find((p) => p.id === 'p2');
    expect(p2Row).toMatchObject({ connected: true, activity: 'offered', agency: 'kela', language: 'fi' });
    const offer = await offered;

    const p3 = await point('p3');
    const waitingElsewhere = nextEvent(boss, 'supervision:update', (s) =>
      s.points.some((p) => p.id === 'p3' && p.activity === 'waiting'),
    );
    const tax = await call<{ ticket: TicketView }>(p3, 'request:create', {
      agency: 'tax',
      language: 'fi',
      whenUnavailable: 'wait',
    });
    const p3Row = (await waitingElsewhere).points.find((p) => p.id === 'p3');
    expect(p3Row).toEqual({ id: 'p3', connected: true, activity: 'waiting', since: tax.ticket.enqueuedAt });

    // An administrator sees every specialist and the other agency too.
    const admin = await supervisor({
      id: 'root',
      role: 'admin',
      displayName: 'Root',
      capabilities: ['supervise', 'administer'],
    });
    const all = await call<SupervisionSnapshot>(admin, 'supervision:subscribe');
    expect(all.experts.map((e) => e.id).sort()).toEqual(['kela-fi', 'kela-sv', 'tax-fi']);
    expect(all.points.find((p) => p.id === 'p3')).toMatchObject({ activity: 'waiting', agency: 'tax' });

    await call(sanna, 'offer:decline', { offerId: offer.offerId });
    await call(sanna, 'presence:set', { state: 'away', reason: 'break' }).catch(() => undefined);
    await call(p3, 'request:cancel', { ticketId: tax.ticket.ticketId });
  });

  it('samples the queues into history buckets and hourly service levels', async () => {
    const admin = await supervisor({
      id: 'root',
      role: 'admin',
      displayName: 'Root',
      capabilities: ['supervise', 'administer'],
    });
    const p1 = await point('p1');
    const queued = await call<{ ticket: TicketView }>(p1, 'request:create', {
      agency: 'kela',
      language: 'sv',
      whenUnavailable: 'wait',
    });
    // A minute ago (the interval here), twice, as two processes would: one sample.
    const now = Date.now();
    await h.signaling.supervision.history.sample(now - 60_000);
    await h.signaling.supervision.history.sample(now - 60_000);

    const helena = await expert('kela-sv');
    const offered = nextEvent(helena, 'offer:incoming');
    await call(helena, 'presence:set', { state: 'available' });
    const session = await call<Session>(helena, 'offer:accept', { offerId: (await offered).offerId });
    await h.signaling.supervision.history.sample(now);

    const history = await call<SupervisionHistory>(admin, 'supervision:history');
    const kelaSv = history.queues.find((q) => q.agency === 'kela' && q.language === 'sv');
    expect(kelaSv?.buckets.reduce((max, b) => Math.max(max, b.waiting), 0)).toBe(1);
    expect(kelaSv?.hourly.reduce((sum, hour) => sum + hour.answered, 0)).toBe(1);
    expect(kelaSv?.hourly.find((hour) => hour.answered === 1)?.serviceLevelPct).toBe(100);
    expect(history.queues.find((q) => q.agency === 'closed')?.buckets.every((b) => b.waiting === 0)).toBe(true);
    const raw = await h.redis.hlen(
      h.signaling.supervision.history.key(
        new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Helsinki' }).format(now),
        'kela',
        'sv',
      ),
    );
    // The start-up sample, and the two intervals sampled here.
    expect(raw).toBeLessThanOrEqual(3);
    expect(raw).toBeGreaterThanOrEqual(2);

    const supervised = await supervisor({
      id: 'boss',
      role: 'supervisor',
      displayName: 'Boss',
      capabilities: ['supervise'],
      agencies: ['tax'],
    });
    const scoped = await call<SupervisionHistory>(supervised, 'supervision:history');
    expect(new Set(scoped.queues.map((q) => q.agency))).toEqual(new Set(['tax']));
    await call(helena, 'session:end', { sessionId: session.sessionId });
    expect(queued.ticket.agency).toBe('kela');
  });

  it('gives the live figures when each customer began to wait, and today’s and the last hour’s answers in target', async () => {
    const admin = await supervisor({
      id: 'root-2',
      role: 'admin',
      displayName: 'Root',
      capabilities: ['supervise', 'administer'],
    });
    const first = await call<{ ticket: TicketView }>(await point('p1'), 'request:create', {
      agency: 'tax',
      language: 'fi',
      whenUnavailable: 'wait',
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = await call<{ ticket: TicketView }>(await point('p3'), 'request:create', {
      agency: 'tax',
      language: 'fi',
      whenUnavailable: 'wait',
    });
    const snapshot = await call<MetricsSnapshot>(admin, 'metrics:subscribe');
    const tax = snapshot.queues.find((q) => q.agency === 'tax' && q.language === 'fi');
    // Oldest first: the browser counts the longest wait and the waits past the target on from these.
    expect(tax?.waitingSince).toEqual([first.ticket.enqueuedAt, second.ticket.enqueuedAt]);
    // The customer Helena answered in the previous test: in target today, and within the last hour
    // (counted from the first sample of the hour, taken at start-up with nothing answered).
    const kelaSv = snapshot.queues.find((q) => q.agency === 'kela' && q.language === 'sv');
    expect(kelaSv).toMatchObject({ answered: 1, inTarget: 1, serviceLevelPct: 100, waitingSince: [] });
    expect(kelaSv?.recent).toMatchObject({ answered: 1, inTarget: 1 });
    // The average wait is that one answer's: from its queueing to its answer, as its session has them.
    const sessionKeys = (await h.redis.keys(`${h.prefix}session:*`)).filter((k) => !k.endsWith(':guests'));
    const helena = (await Promise.all(sessionKeys.map((k) => h.redis.hgetall(k)))).filter(
      (s) => s.agency === 'kela' && s.language === 'sv',
    );
    expect(helena).toHaveLength(1);
    const waitedMs = Number(helena[0]?.answeredAt) - Number(helena[0]?.queuedAt);
    expect(kelaSv?.asaSeconds).toBe(Math.round(waitedMs / 100) / 10);
    // Counted to the millisecond by the accept, in the day's answers (supervision/day-answers.ts).
    const day = new ServiceClock('Europe/Helsinki').day(new Date(Number(helena[0]?.answeredAt)));
    expect(await readDayAnswers(h.redis, h.signaling.keys.dayAnswers(day, 'kela', 'sv'))).toEqual({
      answered: 1,
      waitSumMs: waitedMs,
      inTarget: 1,
    });
    expect(Date.parse(kelaSv?.recent?.since ?? '')).toBeGreaterThan(Date.now() - 3_600_000);
  });
});

describe('the live figures, read only while watched', () => {
  it('reads and pushes an agency’s figures and the queue glance only while someone on any process watches them', async () => {
    const env = {
      SEED_FILE: writeQueueSeed(EXPERTS),
      SOCKET_COMMANDS_PER_SECOND: '1000',
      SUPERVISION_SAMPLE_SECONDS: '60',
    };
    // Two processes on one Redis, as behind the adapter: the changes on one, the watcher on the other.
    const a = await startHarness(env);
    const b = await startHarness(env, { prefix: a.prefix });
    const sockets: TestSocket[] = [];
    const reads = jest.spyOn(QueueMetricsReader.prototype, 'read');
    const glances = jest.spyOn(QueueGlancePusher.prototype, 'read');
    try {
      const point = async (id: string) => {
        const socket = await connect(a.baseUrl, await pointToken(a.signaling, id));
        sockets.push(socket);
        return socket;
      };
      const wait = (agency: string) =>
        point(`p-${agency}-${sockets.length}`).then((p) =>
          request(p, 'request:create', { agency, language: 'fi', whenUnavailable: 'wait' }),
        );
      const settle = () => new Promise((resolve) => setTimeout(resolve, 800));

      // Nobody watches: queues change, no figures are read (a read is dozens of commands).
      await wait('tax');
      await settle();
      expect(reads).not.toHaveBeenCalled();
      expect(glances).not.toHaveBeenCalled();

      const boss = await connect(
        b.baseUrl,
        await principalToken(b.signaling, {
          id: 'boss',
          role: 'supervisor',
          displayName: 'Boss',
          capabilities: ['supervise'],
          agencies: ['tax'],
        }),
      );
      sockets.push(boss);
      const snapshot = dataOf<MetricsSnapshot>(await request(boss, 'metrics:subscribe', {}));
      expect(snapshot.queues.find((q) => q.agency === 'tax' && q.language === 'fi')?.waiting).toBe(1);

      // A change on the other process reaches the watcher; an agency nobody watches is not read.
      reads.mockClear();
      const pushed = nextEvent(boss, 'metrics:update', (u) =>
        u.queues.some((q) => q.agency === 'tax' && q.language === 'fi' && q.waiting === 2),
      );
      await wait('tax');
      await wait('kela');
      await pushed;
      await settle();
      expect(reads.mock.calls.length).toBeGreaterThan(0);
      expect(new Set(reads.mock.calls.map(([agency]) => agency))).toEqual(new Set(['tax']));
      expect(glances).not.toHaveBeenCalled();

      // A specialist watching the queues on the other process: changes are read and reach them.
      const aino = await connect(b.baseUrl, await tokenFor(b.signaling, 'tax-fi'));
      sockets.push(aino);
      await request(aino, 'queues:watch', {});
      const glanced = nextEvent(aino, 'queues:update', (u) =>
        u.queues.some((q) => q.agency === 'tax' && q.language === 'fi' && q.waiting === 3),
      );
      await wait('tax');
      await glanced;
    } finally {
      glances.mockRestore();
      reads.mockRestore();
      for (const socket of sockets) socket.close();
      await b.close();
      await a.close();
    }
  });
});
