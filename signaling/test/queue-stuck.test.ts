/**
 * Nobody is left stuck (issue 17): a decline never strands a customer (the same specialist is
 * offered the request again after a cool-down when nobody else can take it, and the wallboard
 * counts requests declined by everyone online); a waiting point is told when nobody works its
 * queue, when its wait counts as long and which other languages are served now; each side of a
 * session hears within a moment when the other's connection went and came back; and one rule of
 * opening hours decides: a closed service queues nobody, so nobody is both denied and answered.
 */
import type { MetricsSnapshot, Offer, RequestCreateResult, TicketView } from '@etapiste/protocol';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { ServiceClock } from '../src/queue/service-clock.js';
import { ok } from './support/acks.js';
import { nextEvent } from './support/events.js';
import { connect, type Harness, request, startHarness, type TestSocket } from './support/harness.js';
import { pointToken, tokenFor, writeQueueSeed } from './support/queue-seed.js';

jest.setTimeout(30_000);

const EXPERTS = [
  { id: 'k1', skills: [{ agency: 'kela' as const, language: 'fi' as const }] },
  { id: 'k2', skills: [{ agency: 'kela' as const, language: 'fi' as const }] },
  { id: 'tfi', skills: [{ agency: 'tax' as const, language: 'fi' as const }] },
  { id: 'tsv', skills: [{ agency: 'tax' as const, language: 'sv' as const }] },
  { id: 'c1', skills: [{ agency: 'closed' as const, language: 'fi' as const }] },
  { id: 's1', skills: [{ agency: 'kela' as const, language: 'sv' as const }] },
];

describe('nobody is left stuck', () => {
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
  const supervisor = async () => {
    const token = await h.signaling.tokens.issueAccess({
      id: 'sup',
      role: 'admin',
      displayName: 's',
      capabilities: ['supervise', 'administer'],
    });
    const socket = await connect(h.baseUrl, token.token);
    sockets.push(socket);
    return socket;
  };
  const figures = async (agency: string, language: string) => {
    const s = await supervisor();
    const snapshot = await ok<MetricsSnapshot>(request(s, 'metrics:subscribe', {}));
    s.close();
    return snapshot.queues.find((q) => q.agency === agency && q.language === language);
  };
  const away = (s: TestSocket) => ok(request(s, 'presence:set', { state: 'away', reason: 'break' }));

  beforeAll(async () => {
    h = await startHarness({
      SEED_FILE: writeQueueSeed(EXPERTS, ['p1', 'p2', 'p3', 'p4', 'p5']),
      SOCKET_COMMANDS_PER_SECOND: '1000',
      DEADLINE_INTERVAL_MS: '50',
      HEARTBEAT_INTERVAL_MS: '200',
      DECLINE_COOLDOWN_SECONDS: '1.5',
      LONG_WAIT_SECONDS: '90',
      EXPERT_GRACE_SECONDS: '30',
    });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await h.close();
  });

  it('a specialist who declined is offered the request again after the cool-down when nobody else can take it', async () => {
    const e = await expert('k1');
    const p = await point('p1');
    const first = nextEvent(e, 'offer:incoming');
    await ok(request(e, 'presence:set', { state: 'available' }));
    const created = await ok<{ ticket: TicketView }>(request(p, 'request:create', { agency: 'kela', language: 'fi' }));
    const offer: Offer = await first;
    await ok(request(e, 'offer:decline', { offerId: offer.offerId }));
    const declinedAt = Date.now();
    // Declined by everyone online: the wallboard says so.
    expect((await figures('kela', 'fi'))?.declinedByAll).toBe(1);
    // Not at once…
    const again = nextEvent(e, 'offer:incoming', (o) => o.ticketId === created.ticket.ticketId);
    await expect(nextEvent(e, 'offer:incoming', () => true, 900)).rejects.toThrow(/no offer:incoming/);
    // …but after the cool-down, with nobody else there.
    const second = await again;
    expect(Date.now() - declinedAt).toBeGreaterThanOrEqual(1400);
    expect(second.ticketId).toBe(created.ticket.ticketId);
    await ok(request(p, 'request:cancel', { ticketId: created.ticket.ticketId }));
    expect((await figures('kela', 'fi'))?.declinedByAll).toBe(0);
    await away(e);
  });

  it('someone who has not declined comes first; the decliner only after the cool-down', async () => {
    const e1 = await expert('k1');
    const e2 = await expert('k2');
    const p = await point('p2');
    await ok(request(e1, 'presence:set', { state: 'available' }));
    await ok(request(e2, 'presence:set', { state: 'available' }));
    const toFirst = nextEvent(e1, 'offer:incoming');
    const created = await ok<{ ticket: TicketView }>(request(p, 'request:create', { agency: 'kela', language: 'fi' }));
    const o1 = await toFirst;
    const toSecond = nextEvent(e2, 'offer:incoming');
    await ok(request(e1, 'offer:decline', { offerId: o1.offerId }));
    const o2 = await toSecond;
    expect(o2.ticketId).toBe(created.ticket.ticketId);
    // One of two has declined: not yet "declined by all".
    expect((await figures('kela', 'fi'))?.declinedByAll).toBe(0);
    const back = nextEvent(e1, 'offer:incoming', (o) => o.ticketId === created.ticket.ticketId, 5000);
    await ok(request(e2, 'offer:decline', { offerId: o2.offerId }));
    expect((await figures('kela', 'fi'))?.declinedByAll).toBe(1);
    expect((await back).ticketId).toBe(created.ticket.ticketId);
    await ok(request(p, 'request:cancel', { ticketId: created.ticket.ticketId }));
    await away(e1);
    await away(e2);
  });

  it('a waiting point is told when nobody works its queue, when the wait counts as long, and which languages are served now', async () => {
    const p = await point('p3');
    const created = await ok<{ ticket: TicketView }>(
      request(p, 'request:create', { agency: 'tax', language: 'fi', whenUnavailable: 'wait' }),
    );
    const ticket = created.ticket;
    expect(ticket.nobodyWorking).toBe(true);
    expect(ticket.languagesServed).toEqual([]);
    expect(Date.parse(ticket.longWaitAt ?? '') - Date.parse(ticket.enqueuedAt)).toBe(90_000);
    // A Swedish specialist starts work: the point hears, live, that Swedish is served now.
    const sv = await expert('tsv');
    const told = nextEvent(
      p,
      'ticket:update',
      (v) => v.ticketId === ticket.ticketId && v.languagesServed?.[0] === 'sv',
    );
    await ok(request(sv, 'presence:set', { state: 'available' }));
    expect(await told).toMatchObject({ nobodyWorking: true, languagesServed: ['sv'], state: 'waiting' });
    // request:list (a reload) says the same.
    const listed = await ok<TicketView[]>(request(p, 'request:list', {}));
    expect(listed.find((v) => v.ticketId === ticket.ticketId)).toMatchObject({ languagesServed: ['sv'] });
    await ok(request(p, 'request:cancel', { ticketId: ticket.ticketId }));
    await away(sv);
  });

  it('each side hears within a moment when the other side’s connection went and came back; leaving then queues again first', async () => {
    const e = await expert('s1');
    const p = await point('p4');
    const offered = nextEvent(e, 'offer:incoming');
    await ok(request(e, 'presence:set', { state: 'available' }));
    await ok(request(p, 'request:create', { agency: 'kela', language: 'sv' }));
    const offer = await offered;
    const { sessionId } = await ok<{ sessionId: string }>(request(e, 'offer:accept', { offerId: offer.offerId }));

    // The point goes and comes back: the specialist is told both.
    const pointLost = nextEvent(e, 'session:peer', (s) => s.state === 'lost');
    const started = Date.now();
    p.disconnect();
    expect(await pointLost).toMatchObject({ sessionId, state: 'lost' });
    expect(Date.now() - started).toBeLessThan(3000);
    const pointBack = nextEvent(e, 'session:peer', (s) => s.state === 'back');
    p.connect();
    expect(await pointBack).toMatchObject({ sessionId, state: 'back' });

    // The specialist's browser dies: the point is told, and may leave and queue again at the head.
    const expertLost = nextEvent(p, 'session:peer', (s) => s.state === 'lost');
    e.disconnect();
    expect(await expertLost).toMatchObject({ sessionId, state: 'lost' });
    const left = await ok<{ reason?: string }>(request(p, 'session:leave', { sessionId }));
    expect(left.reason).toBe('interrupted');
    const again = await ok<RequestCreateResult>(request(p, 'request:requeue', { sessionId }));
    expect(again.status).toBe('queued');
    if (again.status === 'queued') await ok(request(p, 'request:cancel', { ticketId: again.ticket.ticketId }));
  });

  it('a closed service queues nobody, even a customer who would wait: denied once, never offered later', async () => {
    const c = await expert('c1');
    const p = await point('p5');
    const before = Number(
      (await h.redis.hget(`${h.prefix}stats:${new ServiceClock('Europe/Helsinki').day()}:closed:fi`, 'denied')) ?? 0,
    );
    const answer = await ok<RequestCreateResult>(
      request(p, 'request:create', { agency: 'closed', language: 'fi', whenUnavailable: 'wait' }),
    );
    expect(answer).toEqual({ status: 'unavailable', reason: 'closed', languagesOnline: [] });
    expect(await ok<TicketView[]>(request(p, 'request:list', {}))).toEqual([]);
    // A specialist of the closed queue going available is offered nothing.
    const offered = nextEvent(c, 'offer:incoming', () => true, 700);
    await ok(request(c, 'presence:set', { state: 'available' }));
    await expect(offered).rejects.toThrow(/no offer:incoming/);
    const after = Number(
      (await h.redis.hget(`${h.prefix}stats:${new ServiceClock('Europe/Helsinki').day()}:closed:fi`, 'denied')) ?? 0,
    );
    expect(after - before).toBe(1);
    expect((await figures('closed', 'fi'))?.answered).toBe(0);
    await away(c);
  });
});

describe('DEMO_ALWAYS_OPEN', () => {
  it('opens every agency around the clock, and only when asked', () => {
    const closed = {
      id: 'x',
      name: { fi: 'x', sv: 'x', en: 'x' },
      languages: ['fi' as const],
      topics: [],
      outcomes: [],
      serviceLevelTargetSeconds: 120,
      openingHours: {},
    };
    expect(new ServiceClock('Europe/Helsinki').isOpen(closed)).toBe(false);
    expect(new ServiceClock('Europe/Helsinki', true).isOpen(closed)).toBe(true);
    expect(new ServiceClock('Europe/Helsinki', true).closesAt(closed)).toBeUndefined();
  });
});
