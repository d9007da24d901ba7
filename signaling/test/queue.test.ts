/**
 * The queue against a real Redis and the real signaling server: language rights, matching order,
 * offers (decline and timeout keep the place), sessions, transfer, wrap-up and transactions,
 * cancel and abandon, figures, and bad commands that change nothing.
 */

import { type DemandEvent, DemandEvent as DemandEventSchema, type TicketView } from '@etapiste/protocol';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { ok } from './support/acks.js';
import { nextEvent } from './support/events.js';
import {
  connect,
  type Harness,
  request,
  snapshot,
  startHarness,
  type TestSocket,
  testRedisUrl,
} from './support/harness.js';
import { ledgerRecords } from './support/ledger-jobs.js';
import { pointToken, principalToken, type TestExpert, tokenFor, writeQueueSeed } from './support/queue-seed.js';
import { until } from './support/until.js';

jest.setTimeout(30_000);

const EXPERTS: TestExpert[] = [
  { id: 'fi-only', skills: [{ agency: 'tax', language: 'fi' }] },
  { id: 'sv-tax', skills: [{ agency: 'tax', language: 'sv' }] },
  {
    id: 'both',
    skills: [
      { agency: 'tax', language: 'fi' },
      { agency: 'kela', language: 'fi' },
    ],
  },
  { id: 'kela-sv', skills: [{ agency: 'kela', language: 'sv' }] },
  { id: 'sv-tax-2', skills: [{ agency: 'tax', language: 'sv' }] },
];

describe('queue', () => {
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
  const closeAll = async () => {
    for (const socket of sockets.splice(0)) socket.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
  };

  beforeAll(async () => {
    h = await startHarness({
      SEED_FILE: writeQueueSeed(EXPERTS),
      SOCKET_COMMANDS_PER_SECOND: '1000',
      // Long enough for a test's commands between an offer and its answer on a busy machine.
      OFFER_TIMEOUT_SECONDS: '2.5',
      EXPERT_GRACE_SECONDS: '60',
      POINT_GRACE_SECONDS: '0.5',
    });
  });
  afterAll(async () => {
    await closeAll();
    await h.close();
  });

  it('tells the point at once when nobody with the language is online, and counts the denied demand', async () => {
    const fi = await expert('fi-only');
    await ok(request(fi, 'presence:set', { state: 'away', reason: 'break' }));
    const p = await point('p1');
    const denied = await ok<{ status: string; reason: string; languagesOnline: string[] }>(
      request(p, 'request:create', { agency: 'tax', language: 'sv' }),
    );
    expect(denied).toEqual({ status: 'unavailable', reason: 'nobody-online', languagesOnline: ['fi'] });
    const closed = await ok(request(p, 'request:create', { agency: 'closed', language: 'fi' }));
    expect(closed).toEqual({ status: 'unavailable', reason: 'closed', languagesOnline: [] });
    const supervisor = await connect(
      h.baseUrl,
      await principalToken(h.signaling, {
        id: 'sup',
        role: 'admin',
        displayName: 's',
        capabilities: ['supervise', 'administer'],
      }),
    );
    sockets.push(supervisor);
    const figures = await ok<{ queues: { agency: string; language: string; denied: number }[] }>(
      request(supervisor, 'metrics:subscribe', {}),
    );
    expect(figures.queues.find((q) => q.agency === 'tax' && q.language === 'sv')?.denied).toBe(1);
    expect(figures.queues.find((q) => q.agency === 'closed')?.denied).toBe(1);
    // Choosing to wait queues it; it is never offered to the Finnish-only specialist.
    const waiting = await ok<{ status: string; ticket: TicketView }>(
      request(p, 'request:create', { agency: 'tax', language: 'sv', whenUnavailable: 'wait' }),
    );
    expect(waiting.status).toBe('queued');
    const offered = nextEvent(fi, 'offer:incoming', () => true, 700);
    await ok(request(fi, 'presence:set', { state: 'available' }));
    await expect(offered).rejects.toThrow(/no offer:incoming/);
    expect((await ok<{ state: string }>(request(fi, 'presence:get', {}))).state).toBe('available');
    // A Swedish specialist gets it.
    const sv = await expert('sv-tax');
    const svOffer = nextEvent(sv, 'offer:incoming');
    await ok(request(sv, 'presence:set', { state: 'available' }));
    expect((await svOffer).ticketId).toBe(waiting.ticket.ticketId);
    await ok(request(p, 'request:cancel', { ticketId: waiting.ticket.ticketId }));
    await ok(request(fi, 'presence:set', { state: 'away', reason: 'break' }));
    await ok(request(sv, 'presence:set', { state: 'away', reason: 'break' }));
    await closeAll();
  });

  it('offers an available specialist the longest-waiting request across their queues, and refuses bad commands', async () => {
    const p1 = await point('p1');
    const p2 = await point('p2');
    const both = await expert('both');
    await ok(request(both, 'presence:set', { state: 'away', reason: 'meeting' }));
    const first = await ok<{ ticket: TicketView }>(request(p1, 'request:create', { agency: 'kela', language: 'fi' }));
    const second = await ok<{ ticket: TicketView }>(
      request(p2, 'request:create', { agency: 'tax', language: 'fi', topic: 'tax-card', note: 'brings forms' }),
    );
    expect(second.ticket.position).toBe(1);
    // Every state pushed to the specialist from here on: ringing and in a session are said by the
    // offer and the session's start themselves, never by a presence push too.
    // A second tab of theirs hears the wrap-up that the first one's end answered.
    const states: string[] = [];
    const tabStates: string[] = [];
    both.on('presence:changed', ({ state }: { state: string }) => states.push(state));
    const tab = await expert('both');
    tab.on('presence:changed', ({ state }: { state: string }) => tabStates.push(state));
    // The point hears its request ringing; that it is in a session is said by session:started alone.
    const ticketStates: string[] = [];
    // (Positions of its wait, pushed a moment after it queued, may still come: they are not counted.)
    p1.on('ticket:update', ({ state }: { state: string }) => state !== 'waiting' && ticketStates.push(state));
    const offer = nextEvent(both, 'offer:incoming');
    await ok(request(both, 'presence:set', { state: 'available' }));
    const got = await offer;
    expect(got.ticketId).toBe(first.ticket.ticketId);
    expect(Date.parse(got.offeredAt ?? '')).toBeLessThanOrEqual(Date.parse(got.expiresAt));

    // Bad commands: coded error, nothing changes (connecting registers the socket, so first).
    const other = await expert('fi-only');
    const before = await snapshot(h.redis, h.prefix);
    expect(await request(other, 'offer:accept', { offerId: got.offerId })).toMatchObject({
      error: { code: 'FORBIDDEN' },
    });
    expect(await request(other, 'session:end', { sessionId: `s${first.ticket.ticketId}` })).toMatchObject({
      error: { code: 'NOT_IN_SESSION' },
    });
    expect(await request(p1, 'request:create', { agency: 'nope', language: 'fi' })).toMatchObject({
      error: { code: 'UNKNOWN_AGENCY' },
    });
    expect(await request(p1, 'request:create', { agency: 'kela', language: 'en' })).toMatchObject({
      error: { code: 'UNKNOWN_LANGUAGE' },
    });
    expect(await request(p1, 'request:create', { agency: 'kela', language: 'fi', topic: 'tax-card' })).toMatchObject({
      error: { code: 'UNKNOWN_TOPIC' },
    });
    expect(
      await request(p1, 'request:create', { agency: 'kela', language: 'fi', note: 'hetu 131052-308T here' }),
    ).toMatchObject({ error: { code: 'VALIDATION_FAILED', fields: ['note'] } });
    expect(await request(p2, 'request:cancel', { ticketId: first.ticket.ticketId })).toMatchObject({
      error: { code: 'NOT_FOUND' },
    });
    expect(await snapshot(h.redis, h.prefix)).toEqual(before);

    // Accept starts the session for both sides; a second accept is refused. The accepting connection
    // has the session in its answer and is not pushed it again; the specialist's other tab is.
    const started = nextEvent(p1, 'session:started');
    const tabStarted = nextEvent(tab, 'session:started');
    let pushedToAcceptor = 0;
    both.on('session:started', () => pushedToAcceptor++);
    const session = await ok<{ sessionId: string; expertId: string }>(
      request(both, 'offer:accept', { offerId: got.offerId }),
    );
    expect(session.expertId).toBe('both');
    expect((await started).sessionId).toBe(session.sessionId);
    expect((await tabStarted).sessionId).toBe(session.sessionId);
    expect(await request(both, 'offer:accept', { offerId: got.offerId })).toMatchObject({
      error: { code: 'OFFER_GONE' },
    });

    // End → wrap-up → outcome → available again, and straight away offered the waiting tax request.
    const ended = nextEvent(p1, 'session:ended');
    await ok(request(both, 'session:end', { sessionId: session.sessionId }));
    expect((await ended).sessionId).toBe(session.sessionId);
    expect((await ok<{ state: string }>(request(both, 'presence:get', {}))).state).toBe('wrap-up');
    await until('the wrap-up pushed to the other tab', async () => tabStates.includes('wrap-up'));
    // Pushes to a connection arrive before the answers sent after them: these are all there were.
    expect(states).toEqual([]);
    expect(ticketStates).toEqual(['offered']);
    expect(pushedToAcceptor).toBe(0);
    expect(tabStates).toEqual(['wrap-up']);
    expect(await request(both, 'session:wrap-up', { sessionId: session.sessionId, outcome: 'made-up' })).toMatchObject({
      error: { code: 'UNKNOWN_OUTCOME' },
    });
    // Someone else's wrap-up is refused as not theirs, whatever the outcome: nothing about it is told.
    for (const outcome of ['made-up', 'resolved']) {
      expect(await request(other, 'session:wrap-up', { sessionId: session.sessionId, outcome })).toMatchObject({
        error: { code: 'NOT_IN_SESSION' },
      });
    }
    const next = nextEvent(both, 'offer:incoming');
    await ok(request(both, 'session:wrap-up', { sessionId: session.sessionId, outcome: 'resolved' }));
    const nextOffer = await next;
    expect(nextOffer).toMatchObject({ ticketId: second.ticket.ticketId, topic: 'tax-card', note: 'brings forms' });
    expect(await request(both, 'session:wrap-up', { sessionId: session.sessionId, outcome: 'resolved' })).toMatchObject(
      {
        error: { code: 'CONFLICT' },
      },
    );
    // The decline's answer is the state it left them in (free: they declined the only request
    // waiting): the declining connection is not pushed it, the other tab is.
    expect((await ok<{ state: string }>(request(both, 'offer:decline', { offerId: nextOffer.offerId }))).state).toBe(
      'available',
    );
    await ok(request(p2, 'request:cancel', { ticketId: second.ticket.ticketId }));
    await ok(request(both, 'presence:set', { state: 'away', reason: 'meeting' }));
    await until('the other tab told of the decline and the meeting', async () => tabStates.includes('away'));
    expect(states).toEqual([]);
    expect(tabStates).toEqual(['wrap-up', 'available', 'away']);

    // Exactly one transaction for the session, however often the outbox runs.
    await h.signaling.queue.outbox.flush();
    await h.signaling.queue.outbox.flush();
    const transactions = new Queue('transactions', { connection: h.redis, prefix: `${h.prefix}bull` });
    const records = await ledgerRecords(transactions, ['waiting', 'delayed', 'completed']);
    expect(records.map(({ record }) => record)).toEqual([
      expect.objectContaining({ sessionId: session.sessionId, agency: 'kela', outcome: 'resolved', pointId: 'p1' }),
    ]);
    await transactions.close();
    await closeAll();
  });

  it('does not push the state a wrap-up answers to the connection that sent it; other tabs hear it', async () => {
    const p1 = await point('p1');
    const kela = await expert('kela-sv');
    const tab = await expert('kela-sv');
    const states: string[] = [];
    const tabStates: string[] = [];
    kela.on('presence:changed', ({ state }: { state: string }) => states.push(state));
    tab.on('presence:changed', ({ state }: { state: string }) => tabStates.push(state));
    const offer = nextEvent(kela, 'offer:incoming');
    await ok(request(kela, 'presence:set', { state: 'available' }));
    await ok(request(p1, 'request:create', { agency: 'kela', language: 'sv' }));
    const session = await ok<{ sessionId: string }>(request(kela, 'offer:accept', { offerId: (await offer).offerId }));
    await ok(request(kela, 'session:end', { sessionId: session.sessionId }));
    // Nobody else waits: the wrap-up leaves them available, which its answer says.
    const after = await ok<{ state: string }>(
      request(kela, 'session:wrap-up', { sessionId: session.sessionId, outcome: 'resolved' }),
    );
    expect(after.state).toBe('available');
    // The other tab heard the first choice, the wrap-up and the state after it.
    await until('the other tab told', async () => tabStates.length >= 3);
    expect(tabStates).toEqual(['available', 'wrap-up', 'available']);
    // Pushes to a connection arrive before the answers sent after them: none came to the sender.
    expect(states).toEqual([]);
    await ok(request(kela, 'presence:set', { state: 'away', reason: 'break' }));
    await closeAll();
  });

  it('keeps the place on decline and on timeout, and sets a specialist who lets it ring away', async () => {
    const p1 = await point('p1');
    const p2 = await point('p2');
    const a = await expert('sv-tax');
    const b = await expert('sv-tax-2');
    await ok(request(a, 'presence:set', { state: 'away', reason: 'break' }));
    await ok(request(b, 'presence:set', { state: 'away', reason: 'break' }));
    const first = await ok<{ ticket: TicketView }>(request(p1, 'request:create', { agency: 'tax', language: 'sv' }));
    const second = await ok<{ ticket: TicketView }>(request(p2, 'request:create', { agency: 'tax', language: 'sv' }));

    const offerA = nextEvent(a, 'offer:incoming');
    await ok(request(a, 'presence:set', { state: 'available' }));
    expect((await offerA).ticketId).toBe(first.ticket.ticketId);
    // While it rings, the second request is first in the queue…
    const view = await ok<TicketView>(
      request(p2, 'request:resume', { ticketId: second.ticket.ticketId, resumeToken: 'x'.repeat(10) }),
    ).catch(() => undefined);
    expect(view).toBeUndefined(); // a wrong resume token does not attach
    // …and a decline puts the first back in front of it.
    const back = nextEvent(p1, 'ticket:update', (t) => t.state === 'waiting' && t.position === 1);
    await ok(request(a, 'offer:decline', { offerId: (await offerA).offerId }));
    await back;

    // b lets the first request ring out: it stays first, b is set away (missed offer).
    const offerB = nextEvent(b, 'offer:incoming');
    const withdrawn = nextEvent(b, 'offer:withdrawn');
    await ok(request(b, 'presence:set', { state: 'available' }));
    // a declined the first, so a was offered the second meanwhile; b gets the first.
    expect((await offerB).ticketId).toBe(first.ticket.ticketId);
    expect(await withdrawn).toEqual({ offerId: (await offerB).offerId, reason: 'timeout' });
    expect(await ok(request(b, 'presence:get', {}))).toMatchObject({ state: 'away', reason: 'missed-offer' });
    const list = await ok<TicketView[]>(request(p1, 'request:list', {}));
    expect(list[0]).toMatchObject({ ticketId: first.ticket.ticketId, state: 'waiting', position: 1 });
    for (const [p, t] of [
      [p1, first],
      [p2, second],
    ] as const) {
      await request(p, 'request:cancel', { ticketId: t.ticket.ticketId });
    }
    await ok(request(a, 'presence:set', { state: 'away', reason: 'break' }));
    await closeAll();
  });

  it('transfers the visit to another queue, served ahead of new arrivals', async () => {
    const p1 = await point('p1');
    const p2 = await point('p2');
    const tax = await expert('fi-only');
    const kela = await expert('kela-sv');
    await ok(request(kela, 'presence:set', { state: 'away', reason: 'break' }));
    const offer = nextEvent(tax, 'offer:incoming');
    await ok(request(tax, 'presence:set', { state: 'available' }));
    const t1 = await ok<{ ticket: TicketView }>(request(p1, 'request:create', { agency: 'tax', language: 'fi' }));
    const session = await ok<{ sessionId: string }>(request(tax, 'offer:accept', { offerId: (await offer).offerId }));
    const newcomer = await ok<{ ticket: TicketView }>(
      request(p2, 'request:create', { agency: 'kela', language: 'sv', whenUnavailable: 'wait' }),
    );
    expect(
      await request(tax, 'session:transfer', { sessionId: session.sessionId, agency: 'nope', language: 'sv' }),
    ).toMatchObject({ error: { code: 'UNKNOWN_AGENCY' } });
    const ended = await ok<{ transferTicketId: string }>(
      request(tax, 'session:transfer', {
        sessionId: session.sessionId,
        agency: 'kela',
        language: 'sv',
        note: 'housing',
      }),
    );
    const transferred = await ok<TicketView[]>(request(p1, 'request:list', {}));
    expect(transferred).toEqual([
      expect.objectContaining({
        ticketId: ended.transferTicketId,
        visitId: t1.ticket.visitId,
        transferredFrom: session.sessionId,
        position: 1,
      }),
    ]);
    const kelaOffer = nextEvent(kela, 'offer:incoming');
    await ok(request(kela, 'presence:set', { state: 'available' }));
    expect(await kelaOffer).toMatchObject({
      ticketId: ended.transferTicketId,
      transferNote: 'housing',
      transferredFrom: session.sessionId,
    });
    await ok(request(tax, 'session:wrap-up', { sessionId: session.sessionId, outcome: 'follow-up' }));
    // Declined, the transferred request goes back; kela is free and is offered the newcomer next.
    const newcomerOffer = nextEvent(kela, 'offer:incoming');
    await ok(request(kela, 'offer:decline', { offerId: (await kelaOffer).offerId }));
    expect((await newcomerOffer).ticketId).toBe(newcomer.ticket.ticketId);
    await ok(request(p1, 'request:cancel', { ticketId: ended.transferTicketId }));
    await ok(request(p2, 'request:cancel', { ticketId: newcomer.ticket.ticketId }));
    await ok(request(kela, 'presence:set', { state: 'away', reason: 'break' }));
    await ok(request(tax, 'presence:set', { state: 'away', reason: 'break' }));
    await closeAll();
  });

  it('abandons the requests of a point that does not come back within the grace period', async () => {
    const p3 = await point('p3');
    const created = await ok<{ ticket: TicketView }>(
      request(p3, 'request:create', { agency: 'kela', language: 'fi', whenUnavailable: 'wait' }),
    );
    p3.close();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await h.redis.hget(`${h.prefix}ticket:${created.ticket.ticketId}`, 'state')).toBe('abandoned');
    expect(await h.redis.zscore(`${h.prefix}queue:kela:fi`, created.ticket.ticketId)).toBeNull();
  });

  it('lets a point that comes back in time keep its place', async () => {
    const p3 = await point('p3');
    const created = await ok<{ ticket: TicketView; resumeToken: string }>(
      request(p3, 'request:create', { agency: 'kela', language: 'fi', whenUnavailable: 'wait' }),
    );
    p3.close();
    const again = await point('p3');
    await new Promise((resolve) => setTimeout(resolve, 1200));
    const resumed = await ok<TicketView>(
      request(again, 'request:resume', { ticketId: created.ticket.ticketId, resumeToken: created.resumeToken }),
    );
    expect(resumed).toMatchObject({ state: 'waiting', position: 1 });
    await ok(request(again, 'request:cancel', { ticketId: created.ticket.ticketId }));
    await closeAll();
  });

  it('records each cancelled, abandoned and denied request as one demand event, handed to the demand queue once', async () => {
    const keys = h.signaling.queue.service.keys;
    const connection = new Redis(testRedisUrl(), { maxRetriesPerRequest: null });
    const demand = new Queue<DemandEvent>('demand', { connection, prefix: keys.bullPrefix() });
    const p2 = await point('p2');
    // Denied (the agency is closed), cancelled by the point, abandoned when it did not come back.
    await ok(request(p2, 'request:create', { agency: 'closed', language: 'fi' }));
    const cancelled = await ok<{ ticket: TicketView }>(
      request(p2, 'request:create', { agency: 'kela', language: 'sv', whenUnavailable: 'wait' }),
    );
    await ok(request(p2, 'request:cancel', { ticketId: cancelled.ticket.ticketId }));
    const abandoned = await ok<{ ticket: TicketView }>(
      request(p2, 'request:create', { agency: 'kela', language: 'sv', whenUnavailable: 'wait' }),
    );
    // The point goes and its grace period runs out (set to have started long ago).
    p2.close();
    for (let i = 0; i < 50 && (await h.redis.exists(keys.connections('point:p2'))); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await h.redis.hset(keys.connectionsLost(), 'point:p2', 0);
    expect((await h.signaling.queue.service.pointGrace('p2')).demandEvents).toBe(1);
    await h.signaling.queue.outbox.flush();
    expect(await h.redis.hlen(keys.pendingDemand())).toBe(0);

    const mine = new Set([cancelled.ticket.ticketId, abandoned.ticket.ticketId]);
    const handed = (await ledgerRecords(demand, ['waiting', 'delayed', 'active', 'completed'])).filter(
      ({ record }) => mine.has(String(record.eventId)) || (record.pointId === 'p2' && record.kind === 'denied'),
    );
    const events = handed.map(({ record }) => DemandEventSchema.parse(record)).sort((a, b) => a.at.localeCompare(b.at));
    expect(events.map((e) => [e.kind, e.agency, e.language, e.ticketId, e.reason])).toEqual([
      ['denied', 'closed', 'fi', undefined, 'closed'],
      ['cancelled', 'kela', 'sv', cancelled.ticket.ticketId, undefined],
      ['abandoned', 'kela', 'sv', abandoned.ticket.ticketId, undefined],
    ]);
    // Each event handed over once, whatever batch it went in.
    expect(new Set(handed.map(({ record }) => record.eventId)).size).toBe(handed.length);
    expect(events[1]).toMatchObject({ eventId: cancelled.ticket.ticketId, visitId: cancelled.ticket.visitId });
    expect(events[1]?.waitedMs).toBeGreaterThanOrEqual(0);

    // An outbox that crashed before clearing its mark hands the event over again: the same batch
    // makes the same job id (one job); a batch made up differently is a second job, whose record
    // the ledger's idempotent INSERT skips (ledger.test.ts).
    const { eventId, at, ...rest } = events[2] as DemandEvent;
    await h.redis.hset(keys.pendingDemand(), eventId, JSON.stringify({ ...rest, atMs: Date.parse(at) }));
    await h.signaling.queue.outbox.flush();
    const again = (await ledgerRecords(demand, ['waiting', 'delayed', 'active', 'completed'])).filter(
      ({ record }) => record.eventId === eventId,
    );
    expect(again.length).toBeGreaterThanOrEqual(1);
    expect(again.length).toBeLessThanOrEqual(2);
    for (const { record } of again) expect(DemandEventSchema.parse(record)).toEqual(events[2]);
    expect(await h.redis.hlen(keys.pendingDemand())).toBe(0);
    // A cancel of a closed request records nothing more.
    const p2Again = await point('p2');
    expect(await request(p2Again, 'request:cancel', { ticketId: cancelled.ticket.ticketId })).toMatchObject({
      ok: false,
      error: { code: 'REQUEST_CLOSED' },
    });
    expect(await h.redis.hlen(keys.pendingDemand())).toBe(0);
    await demand.close();
    connection.disconnect();
    await closeAll();
  });
});
