/**
 * A session always ends, and so does every wait: the point leaves a call, a specialist who vanished
 * mid-session past their grace interrupts it (one `interrupted` transaction, the point may queue
 * again at the head), the maximum session length ends a forgotten call, closing a visit cancels
 * its requests, closing time tells those still waiting. Races have one outcome each.
 */
import { type Offer, SessionEnded as SessionEndedSchema, type TicketView } from '@etapiste/protocol';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { ServiceClock } from '../src/queue/service-clock.js';
import { code, ok } from './support/acks.js';
import { nextEvent } from './support/events.js';
import { connect, type Harness, request, startHarness, type TestSocket } from './support/harness.js';
import { ledgerRecords } from './support/ledger-jobs.js';
import { pointToken, tokenFor, writeQueueSeed } from './support/queue-seed.js';
import { until } from './support/until.js';

jest.setTimeout(30_000);

const EXPERTS = [
  ...['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7'].map((id) => ({
    id,
    skills: [{ agency: 'kela' as string, language: 'fi' as const }],
  })),
  // Of the agency that is never open (its requests are queued with the clock mocked open).
  { id: 'c1', skills: [{ agency: 'closed', language: 'fi' as const }] },
];

describe('sessions and waits that always end', () => {
  let h: Harness;
  const sockets: TestSocket[] = [];
  const expert = async (id: string) => {
    const socket = await connect(h.baseUrl, await tokenFor(h.signaling, id));
    sockets.push(socket);
    return socket;
  };
  const point = async (id: string) => {
    const socket = await connect(h.baseUrl, await pointToken(h.signaling, id));
    sockets.push(socket);
    return socket;
  };
  /** A session between a new point socket and an available specialist socket. */
  const session = async (expertId: string, pointId: string) => {
    const e = await expert(expertId);
    const p = await point(pointId);
    const offer = nextEvent(e, 'offer:incoming');
    await ok(request(e, 'presence:set', { state: 'available' }));
    const created = await ok<{ ticket: TicketView }>(request(p, 'request:create', { agency: 'kela', language: 'fi' }));
    const got: Offer = await offer;
    const started = await ok<{ sessionId: string }>(request(e, 'offer:accept', { offerId: got.offerId }));
    return { e, p, ticket: created.ticket, sessionId: started.sessionId };
  };

  beforeAll(async () => {
    h = await startHarness({
      SEED_FILE: writeQueueSeed(EXPERTS, ['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8', 'p9']),
      SOCKET_COMMANDS_PER_SECOND: '1000',
      EXPERT_GRACE_SECONDS: '0.5',
      HEARTBEAT_INTERVAL_MS: '200',
      DEADLINE_INTERVAL_MS: '50',
      // 3 s: long enough for the other tests' calls, short enough to watch one run out.
      SESSION_MAX_MINUTES: '0.05',
    });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await h.close();
  });

  it('the point leaves the call: both sides are told, the specialist wraps up', async () => {
    const { e, p, sessionId } = await session('a1', 'p1');
    const toExpert = nextEvent(e, 'session:ended');
    const left = await ok<{ reason: string }>(request(p, 'session:leave', { sessionId }));
    expect(left.reason).toBe('left');
    expect(SessionEndedSchema.parse(await toExpert)).toMatchObject({ sessionId, reason: 'left' });
    expect(await ok(request(e, 'presence:get', {}))).toMatchObject({ state: 'wrap-up' });
    // Ending it again, from either side, changes nothing.
    expect(await code(request(p, 'session:leave', { sessionId }))).toBe('NOT_IN_SESSION');
    expect(await code(request(e, 'session:end', { sessionId }))).toBe('NOT_IN_SESSION');
    await ok(request(e, 'session:wrap-up', { sessionId, outcome: 'resolved' }));
    expect(await h.redis.hget(`${h.prefix}session:${sessionId}`, 'outcome')).toBe('resolved');
    await ok(request(e, 'presence:set', { state: 'away', reason: 'break' }));
  });

  it('a specialist gone past grace interrupts the session: one transaction, the point may queue again at the head', async () => {
    // Someone already waits in the queue; the requeued customer goes ahead of them.
    const waiter = await point('p3');
    const waiting = await ok<{ ticket: TicketView }>(
      request(waiter, 'request:create', { agency: 'kela', language: 'fi', whenUnavailable: 'wait' }),
    );
    // The specialist is offered the longest waiting request: p3's, not p2's new one.
    const { e, p, sessionId } = await session('a2', 'p2');
    expect(await h.redis.hget(`${h.prefix}session:${sessionId}`, 'pointId')).toBe('p3');
    const ended = nextEvent(waiter, 'session:ended');
    e.disconnect();
    const told = SessionEndedSchema.parse(await ended);
    expect(told).toMatchObject({ sessionId, reason: 'interrupted' });
    const sk = `${h.prefix}session:${sessionId}`;
    expect(await h.redis.hget(sk, 'outcome')).toBe('interrupted');
    expect(await h.redis.hget(`${h.prefix}expert:a2:presence`, 'state')).toBe('offline');
    await h.signaling.queue.outbox.flush();
    const records = await ledgerRecords(h.signaling.queue.outbox.queues.get('transactions'));
    expect(records.filter(({ record }) => record.sessionId === sessionId)).toHaveLength(1);

    // p2's own request still waits; the interrupted customer goes back in ahead of it, once,
    // keeping the time they first queued.
    const again = await ok<{ status: string; ticket: TicketView }>(request(waiter, 'request:requeue', { sessionId }));
    expect(again.status).toBe('queued');
    expect(again.ticket.position).toBe(1);
    expect(again.ticket.enqueuedAt).toBe(waiting.ticket.enqueuedAt);
    expect(await code(request(waiter, 'request:requeue', { sessionId }))).toBe('CONFLICT');
    // Another point cannot requeue it.
    expect(await code(request(p, 'request:requeue', { sessionId }))).toBe('NOT_FOUND');
    await ok(request(waiter, 'request:cancel', { ticketId: again.ticket.ticketId }));
    await h.signaling.queue.service.cancelVisit('p2', (await h.redis.get(`${h.prefix}point:p2:open-visit`)) ?? '');
  });

  it('a session past the maximum length ends as interrupted', async () => {
    const { e, p, sessionId } = await session('a3', 'p4');
    const ended = await nextEvent(p, 'session:ended', () => true, 10_000);
    expect(ended).toMatchObject({ sessionId, reason: 'time-limit' });
    expect(await h.redis.hget(`${h.prefix}session:${sessionId}`, 'outcome')).toBe('interrupted');
    // Still connected: back to work rather than offline.
    expect(await ok(request(e, 'presence:get', {}))).toMatchObject({ state: 'available' });
    await ok(request(e, 'presence:set', { state: 'away', reason: 'break' }));
  });

  it('closing a visit cancels its waiting requests', async () => {
    const p = await point('p5');
    const one = await ok<{ ticket: TicketView }>(
      request(p, 'request:create', { agency: 'tax', language: 'sv', whenUnavailable: 'wait' }),
    );
    const two = await ok<{ ticket: TicketView }>(
      request(p, 'request:create', { agency: 'tax', language: 'en', whenUnavailable: 'wait' }),
    );
    await ok(request(p, 'visit:close', { visitId: one.ticket.visitId }));
    for (const t of [one, two]) {
      expect(await h.redis.hget(`${h.prefix}ticket:${t.ticket.ticketId}`, 'state')).toBe('cancelled');
      expect(await h.redis.zscore(`${h.prefix}queue:tax:${t.ticket.language}`, t.ticket.ticketId)).toBeNull();
    }
    expect(await ok<TicketView[]>(request(p, 'request:list', {}))).toEqual([]);
  });

  it('at closing time those still waiting are told the service closed, counted as denied demand', async () => {
    const p = await point('p1');
    const service = h.signaling.queue.service;
    // Queued while the service was still open (a closed one queues nobody), then it closes.
    const clock = (service as unknown as { clock: ServiceClock }).clock;
    jest.spyOn(clock, 'isOpen').mockReturnValueOnce(true);
    const waiting = await ok<{ ticket: TicketView }>(
      request(p, 'request:create', { agency: 'closed', language: 'fi', whenUnavailable: 'wait' }),
    );
    const told = nextEvent(p, 'ticket:update', (view) => view.state === 'closed');
    // The closing deadline fires (nobody works in the queue, so it closes at once).
    await service.closeQueue('closed', 'fi', false);
    expect(await told).toMatchObject({ ticketId: waiting.ticket.ticketId, state: 'closed' });
    const stats = await h.redis.hgetall(`${h.prefix}stats:${new ServiceClock('Europe/Helsinki').day()}:closed:fi`);
    expect(stats.denied).toBe('1');
    expect(stats.abandoned).toBeUndefined();
    await h.signaling.queue.outbox.flush();
    const demand = await ledgerRecords(h.signaling.queue.outbox.queues.get('demand'));
    const closed = demand.filter(
      ({ record }) => record.ticketId === waiting.ticket.ticketId && record.kind === 'denied',
    );
    expect(closed).toHaveLength(1);
    expect(closed[0]?.record).toMatchObject({ kind: 'denied', reason: 'closed', ticketId: waiting.ticket.ticketId });
    // Firing again does nothing more.
    await service.closeQueue('closed', 'fi', true);
    expect(
      (await h.redis.hgetall(`${h.prefix}stats:${new ServiceClock('Europe/Helsinki').day()}:closed:fi`)).denied,
    ).toBe('1');
  });

  it('a request ringing when the service closes, and given back after, is told the service closed', async () => {
    const service = h.signaling.queue.service;
    const clock = (service as unknown as { clock: ServiceClock }).clock;
    const e = await expert('c1');
    const p = await point('p8');
    await ok(request(e, 'presence:set', { state: 'available' }));
    const offer = nextEvent(e, 'offer:incoming');
    jest.spyOn(clock, 'isOpen').mockReturnValueOnce(true);
    const created = await ok<{ ticket: TicketView }>(
      request(p, 'request:create', { agency: 'closed', language: 'fi', whenUnavailable: 'wait' }),
    );
    const got: Offer = await offer;
    // The service closes for good while the offer rings: a ringing offer is being answered, it stays.
    await service.closeQueue('closed', 'fi', true);
    const ticketKey = `${h.prefix}ticket:${created.ticket.ticketId}`;
    expect(await h.redis.hget(ticketKey, 'state')).toBe('offered');
    // Declined after closing time: the request does not wait through the closed hours.
    const told = nextEvent(p, 'ticket:update', (view) => view.state === 'closed');
    await ok(request(e, 'offer:decline', { offerId: got.offerId }));
    expect(await told).toMatchObject({ ticketId: created.ticket.ticketId, state: 'closed' });
    expect(await h.redis.zcard(`${h.prefix}queue:closed:fi`)).toBe(0);
    expect(await h.redis.zscore(`${h.prefix}deadlines`, 'close|closed|fi|after')).toBeNull();
    await ok(request(e, 'presence:set', { state: 'away', reason: 'break' }));
  });

  it('a transfer into a closed service, or out of a visit the point has closed, is refused and changes nothing', async () => {
    const { e, p, sessionId } = await session('a6', 'p9');
    expect(await code(request(e, 'session:transfer', { sessionId, agency: 'closed', language: 'fi' }))).toBe(
      'SERVICE_CLOSED',
    );
    const visitId = (await h.redis.hget(`${h.prefix}session:${sessionId}`, 'visitId')) ?? '';
    await ok(request(p, 'visit:close', { visitId }));
    expect(await code(request(e, 'session:transfer', { sessionId, agency: 'tax', language: 'fi' }))).toBe('CONFLICT');
    // The session goes on, and nothing was queued for the closed visit.
    expect(await h.redis.hget(`${h.prefix}session:${sessionId}`, 'endedAt')).toBeNull();
    expect(await h.redis.zcard(`${h.prefix}queue:tax:fi`)).toBe(0);
    await ok(request(e, 'session:end', { sessionId }));
    await ok(request(e, 'session:wrap-up', { sessionId, outcome: 'resolved' }));
    await ok(request(e, 'presence:set', { state: 'away', reason: 'break' }));
  });

  it('a point leaving while the specialist transfers: exactly one of them ends the session', async () => {
    const { e, p, sessionId } = await session('a4', 'p2');
    const results = await Promise.all([
      code(request(p, 'session:leave', { sessionId })),
      code(request(e, 'session:transfer', { sessionId, agency: 'tax', language: 'fi' })),
    ]);
    expect(results.filter((r) => r === 'ok')).toHaveLength(1);
    expect(results.filter((r) => r === 'NOT_IN_SESSION')).toHaveLength(1);
    await ok(request(e, 'session:wrap-up', { sessionId, outcome: 'resolved' }));
    await until(
      'one transaction marked',
      async () => (await h.redis.hget(`${h.prefix}session:${sessionId}`, 'outcome')) === 'resolved',
    );
    await ok(request(e, 'presence:set', { state: 'away', reason: 'break' }));
    const list = await ok<TicketView[]>(request(p, 'request:list', {}));
    for (const t of list) await ok(request(p, 'request:cancel', { ticketId: t.ticketId }));
  });

  it('deadlines fired twice act once; accept racing the offer expiry has one outcome', async () => {
    const service = h.signaling.queue.service;
    const e = await expert('a5');
    const p = await point('p3');
    const offer = nextEvent(e, 'offer:incoming');
    await ok(request(e, 'presence:set', { state: 'available' }));
    await ok(request(p, 'request:create', { agency: 'kela', language: 'fi' }));
    const got = await offer;
    // Expiry fired before it is due does nothing (the script puts the deadline back).
    expect((await service.expireOffer(got.offerId)).status).toBe('early');
    const [accepted, expired] = await Promise.all([
      code(request(e, 'offer:accept', { offerId: got.offerId })),
      service.expireOffer(got.offerId),
    ]);
    expect(accepted).toBe('ok');
    expect(['early', 'gone']).toContain(expired.status);
    expect((await service.expireOffer(got.offerId)).status).toBe('gone');
    const sessionId = `s${got.ticketId}`;
    await ok(request(e, 'session:end', { sessionId }));
    // The wrap-up deadline fired twice (before and after its time) records once.
    expect((await service.expireWrapUp(sessionId)).status).toBe('early');
    await ok(request(e, 'session:wrap-up', { sessionId, outcome: 'resolved' }));
    expect((await service.expireWrapUp(sessionId)).status).toBe('same');
    expect(await h.redis.hget(`${h.prefix}session:${sessionId}`, 'outcome')).toBe('resolved');
    expect(await h.redis.zscore(`${h.prefix}deadlines`, `request|${got.ticketId}`)).toBeNull();
    // The request's deadline fired after its last step does nothing, and leaves nothing behind.
    expect((await service.requestDue(got.ticketId)).status).toBe('same');
    expect(await h.redis.zscore(`${h.prefix}deadlines`, `request|${got.ticketId}`)).toBeNull();
    await ok(request(e, 'presence:set', { state: 'away', reason: 'break' }));
  });

  it('one deadline member per request follows it from the offer to the session limit to the wrap-up', async () => {
    const service = h.signaling.queue.service;
    const deadlines = `${h.prefix}deadlines`;
    const e = await expert('a6');
    const p = await point('p6');
    const offer = nextEvent(e, 'offer:incoming');
    await ok(request(e, 'presence:set', { state: 'available' }));
    await ok(request(p, 'request:create', { agency: 'kela', language: 'fi' }));
    const got: Offer = await offer;
    const member = `request|${got.ticketId}`;
    const score = async () => Number(await h.redis.zscore(deadlines, member));
    // Ringing: the offer's expiry, and nothing else of this request in the set.
    expect(await score()).toBe(Date.parse(got.expiresAt));
    const mine = (await h.redis.zrange(deadlines, 0, -1)).filter((m) => m.includes(got.ticketId));
    expect(mine).toEqual([member]);
    // Fired early at each step, it puts itself back at that step's time.
    expect((await service.requestDue(got.ticketId)).status).toBe('early');
    expect(await score()).toBe(Date.parse(got.expiresAt));
    const { sessionId } = await ok<{ sessionId: string }>(request(e, 'offer:accept', { offerId: got.offerId }));
    const answeredAt = Number(await h.redis.hget(`${h.prefix}session:${sessionId}`, 'answeredAt'));
    expect(await score()).toBe(answeredAt + 3_000);
    expect((await service.requestDue(got.ticketId)).status).toBe('early');
    expect(await score()).toBe(answeredAt + 3_000);
    await ok(request(e, 'session:end', { sessionId }));
    const wrapUpDeadline = Number(await h.redis.hget(`${h.prefix}session:${sessionId}`, 'wrapUpDeadline'));
    expect(await score()).toBe(wrapUpDeadline);
    const early = await service.requestDue(got.ticketId);
    expect([early.status, early.due]).toEqual(['early', 'completed']);
    // A member of the older kinds (written before requests had one) for this session does not
    // disturb it: fired, it finds the wrap-up still running and leaves the request's member be.
    await h.redis.zadd(deadlines, 0, `wrap|${sessionId}`, 0, `slimit|${sessionId}`);
    await until(
      'the old wrap member fired',
      async () => (await h.redis.zscore(deadlines, `wrap|${sessionId}`)) === null,
    );
    await until('the old slimit fired', async () => (await h.redis.zscore(deadlines, `slimit|${sessionId}`)) === null);
    expect(await h.redis.hget(`${h.prefix}session:${sessionId}`, 'outcome')).toBeNull();
    expect(await score()).toBe(wrapUpDeadline);
    // The wrap-up runs out on it: recorded once as not-recorded, and the member is gone.
    await h.redis.hset(`${h.prefix}session:${sessionId}`, 'wrapUpDeadline', Date.now() - 1);
    await h.redis.zadd(deadlines, 0, member);
    await until(
      'the wrap-up ran out',
      async () => (await h.redis.hget(`${h.prefix}session:${sessionId}`, 'outcome')) === 'not-recorded',
    );
    expect(await h.redis.zscore(deadlines, member)).toBeNull();
    expect(await ok(request(e, 'presence:get', {}))).toMatchObject({ state: 'available' });
    await ok(request(e, 'presence:set', { state: 'away', reason: 'break' }));
  });

  it("the recent handle time is kept with the day's figures and carried over to the next day", async () => {
    const service = h.signaling.queue.service;
    const stats = `${h.prefix}stats:${new ServiceClock('Europe/Helsinki').day()}:kela:fi`;
    const carried = `${h.prefix}aht:kela:fi`;
    // As on a new day: no handle time in the day's figures yet, yesterday's in the queue's key.
    await h.redis.hdel(stats, 'aht');
    await h.redis.set(carried, '10000');
    expect((await service.queueContext('kela', 'fi')).ahtMs).toBe(10_000);
    const handledBefore = Number((await h.redis.hget(stats, 'handled')) ?? 0);
    const { e, sessionId } = await session('a7', 'p7');
    await ok(request(e, 'session:end', { sessionId }));
    await ok(request(e, 'session:wrap-up', { sessionId, outcome: 'resolved' }));
    const [answeredAt, completedAt] = await h.redis.hmget(
      `${h.prefix}session:${sessionId}`,
      'answeredAt',
      'completedAt',
    );
    const handle = Number(completedAt) - Number(answeredAt);
    // Weighted 80 % on what was carried over, 20 % on this session; written to both.
    const expected = Math.round(10_000 * 0.8 + handle * 0.2);
    expect(Number(await h.redis.hget(stats, 'aht'))).toBe(expected);
    expect(Number(await h.redis.get(carried))).toBe(expected);
    expect(Number(await h.redis.hget(stats, 'handled'))).toBe(handledBefore + 1);
    expect((await service.queueContext('kela', 'fi')).ahtMs).toBe(expected);
    // The day's figure is the one read; the queue's key only when the day has none.
    await h.redis.hset(stats, 'aht', '4321');
    expect((await service.queueContext('kela', 'fi')).ahtMs).toBe(4321);
    await h.redis.hdel(stats, 'aht');
    expect((await service.queueContext('kela', 'fi')).ahtMs).toBe(expected);
    await ok(request(e, 'presence:set', { state: 'away', reason: 'break' }));
  });
});

describe('opening hours as deadlines', () => {
  const clock = new ServiceClock('Europe/Helsinki');
  const weekdays = Object.fromEntries(['1', '2', '3', '4', '5'].map((d) => [d, { opens: '08:00', closes: '16:15' }]));
  const agency = {
    id: 'kela',
    name: { fi: 'Kela', sv: 'FPA', en: 'Kela' },
    languages: ['fi' as const],
    topics: [],
    outcomes: [],
    serviceLevelTargetSeconds: 120,
    openingHours: weekdays,
  } as unknown as Parameters<ServiceClock['closesAt']>[0];

  it('closes at the end of the opening period in Helsinki time, across daylight saving', () => {
    // Tuesday 1 Dec 2026, 10:00 in Helsinki (UTC+2): closes 16:15 local = 14:15 UTC.
    expect(new Date(clock.closesAt(agency, new Date('2026-12-01T08:00:00Z')) ?? 0).toISOString()).toBe(
      '2026-12-01T14:15:00.000Z',
    );
    // Summer (UTC+3): Wednesday 1 Jul 2026, closes 13:15 UTC.
    expect(new Date(clock.closesAt(agency, new Date('2026-07-01T07:00:00Z')) ?? 0).toISOString()).toBe(
      '2026-07-01T13:15:00.000Z',
    );
    // Closed now: no closing to guard.
    expect(clock.closesAt(agency, new Date('2026-12-01T20:00:00Z'))).toBeUndefined();
  });

  it('opens next on the next working day, Friday evening to Monday morning', () => {
    // Friday 4 Dec 2026 18:00 local → Monday 7 Dec 08:00 local = 06:00 UTC.
    expect(new Date(clock.opensAt(agency, new Date('2026-12-04T16:00:00Z')) ?? 0).toISOString()).toBe(
      '2026-12-07T06:00:00.000Z',
    );
    // Around the clock, holidays too: never closes within the week (6 December is Independence Day).
    const always = {
      ...agency,
      openingHours: Object.fromEntries(
        ['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, { opens: '00:00', closes: '24:00' }]),
      ),
      publicHolidays: 'open' as const,
    };
    expect(clock.closesAt(always, new Date('2026-12-01T08:00:00Z'))).toBeUndefined();
  });
});
