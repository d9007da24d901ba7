/**
 * A customer steps away while their request keeps its place, and booked requests go ahead of
 * walk-ins for their booked specialist first — on a real Redis with the real signaling server:
 * the pass-over once at the head, the abandonment when met again with the customer still away
 * (counted only then), stepping back, the desk refusing a second customer's visit, and a booking's
 * reservation lapsing to anyone of the queue.
 */

import type { Offer, TicketView } from '@etapiste/protocol';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { code, ok } from './support/acks.js';
import { nextEvent } from './support/events.js';
import { connect, type Harness, request, snapshot, startHarness, type TestSocket } from './support/harness.js';
import { pointToken, type TestExpert, tokenFor, writeQueueSeed } from './support/queue-seed.js';
import { until } from './support/until.js';

jest.setTimeout(30_000);

const TAX_FI = [{ agency: 'tax', language: 'fi' as const }];
const EXPERTS: TestExpert[] = [
  { id: 'e1', skills: TAX_FI },
  { id: 'e2', skills: TAX_FI },
  // Of a queue no other test uses.
  { id: 'e3', skills: [{ agency: 'tax', language: 'sv' }] },
  // An interpreter of Arabic with Swedish, never at work in these tests.
  { id: 'i1', skills: [], interpreterPairs: [{ language: 'ar', serviceLanguage: 'sv' }] },
];

describe('stepping away and booked requests', () => {
  let h: Harness;
  const sockets: TestSocket[] = [];
  const as = async (token: string) => {
    const socket = await connect(h.baseUrl, token);
    sockets.push(socket);
    return socket;
  };
  const expert = async (id: string) => as(await tokenFor(h.signaling, id));
  const point = async (id: string) => as(await pointToken(h.signaling, id));
  const ticketOf = (id: string) => h.signaling.queue.service.ticketView(id);
  const abandonedToday = async () => {
    const keys = await h.redis.keys(`${h.prefix}stats:*:tax:fi`);
    const counts = await Promise.all(keys.map((k) => h.redis.hget(k, 'abandoned')));
    return counts.reduce((sum, c) => sum + Number(c ?? 0), 0);
  };

  beforeAll(async () => {
    h = await startHarness({
      SEED_FILE: writeQueueSeed(EXPERTS, ['p1', 'p2', 'p3', 'p4']),
      SOCKET_COMMANDS_PER_SECOND: '1000',
      OFFER_TIMEOUT_SECONDS: '5',
      EXPERT_GRACE_SECONDS: '60',
      POINT_GRACE_SECONDS: '60',
      STEP_AWAY_PASS_OVER_SECONDS: '0.3',
      BOOKING_EXCLUSIVE_MINUTES: '0.02',
    });
  });
  afterAll(async () => {
    for (const socket of sockets.splice(0)) socket.close();
    await h.close();
  });

  it('passes a stepped-away request over once at the head, keeping its place, then abandons it', async () => {
    const e1 = await expert('e1');
    const p1 = await point('p1');
    const p2 = await point('p2');
    const away = await ok<{ ticket: TicketView }>(
      request(p1, 'request:create', { agency: 'tax', language: 'fi', whenUnavailable: 'wait' }),
    );
    const stepped = await ok<TicketView>(
      request(p1, 'request:step-away', { ticketId: away.ticket.ticketId, minutes: 15 }),
    );
    expect(stepped.steppedAway?.passedOver).toBe(false);
    expect(Date.parse(stepped.steppedAway?.backBy ?? '') - Date.now()).toBeGreaterThan(14 * 60_000);
    // The desk is free: the next customer's visit is a new one.
    const next = await ok<{ ticket: TicketView }>(
      request(p2, 'request:create', { agency: 'tax', language: 'fi', whenUnavailable: 'wait' }),
    );
    expect(next.ticket.position).toBe(2);

    // The specialist is offered the second request: the first is passed over, keeping its place.
    const offer = nextEvent(e1, 'offer:incoming');
    await ok(request(e1, 'presence:set', { state: 'available' }));
    const got: Offer = await offer;
    expect(got.ticketId).toBe(next.ticket.ticketId);
    const passed = await ticketOf(away.ticket.ticketId);
    expect(passed).toMatchObject({ state: 'waiting', position: 1, steppedAway: { passedOver: true } });
    // The point hears it (the alert list shows "passed over").
    await until('the pass-over pushed to the point', async () => {
      const list = await ok<TicketView[]>(request(p1, 'request:list', {}));
      return list.some((t) => t.ticketId === away.ticket.ticketId && t.steppedAway?.passedOver === true);
    });
    expect(await abandonedToday()).toBe(0);

    // After the grace the specialist is free again and meets it at the head once more: abandoned,
    // counted as abandoned only now.
    const session = await ok<{ sessionId: string }>(request(e1, 'offer:accept', { offerId: got.offerId }));
    await ok(request(e1, 'session:end', { sessionId: session.sessionId }));
    await new Promise((resolve) => setTimeout(resolve, 400));
    await ok(request(e1, 'session:wrap-up', { sessionId: session.sessionId, outcome: 'resolved' }));
    await until(
      'the stepped-away request abandoned',
      async () => (await ticketOf(away.ticket.ticketId))?.state === 'abandoned',
    );
    expect(await abandonedToday()).toBe(1);
    await ok(request(e1, 'presence:set', { state: 'away', reason: 'break' }));
  });

  it('serves a stepped-away customer who is back, and keeps the desk for one customer at a time', async () => {
    const p3 = await point('p3');
    const first = await ok<{ ticket: TicketView }>(
      request(p3, 'request:create', { agency: 'tax', language: 'fi', whenUnavailable: 'wait' }),
    );
    await ok(request(p3, 'request:step-away', { ticketId: first.ticket.ticketId, minutes: 10 }));
    // Another customer starts at the same point's desk meanwhile.
    const second = await ok<{ ticket: TicketView }>(
      request(p3, 'request:create', { agency: 'tax', language: 'fi', whenUnavailable: 'wait' }),
    );
    expect(second.ticket.visitId).not.toBe(first.ticket.visitId);

    // Bad input changes nothing.
    const other = await point('p1');
    const before = await snapshot(h.redis, h.prefix);
    expect(await code(request(p3, 'request:step-back', { ticketId: first.ticket.ticketId }))).toBe('POINT_BUSY');
    expect(await code(request(other, 'request:step-away', { ticketId: second.ticket.ticketId, minutes: 5 }))).toBe(
      'NOT_FOUND',
    );
    expect(await code(request(p3, 'request:step-away', { ticketId: second.ticket.ticketId, minutes: 0 }))).toBe(
      'VALIDATION_FAILED',
    );
    expect(await code(request(p3, 'request:step-away', { ticketId: second.ticket.ticketId, minutes: 600 }))).toBe(
      'VALIDATION_FAILED',
    );
    expect(await snapshot(h.redis, h.prefix)).toEqual(before);

    // The second customer is done (their visit closes); the first is back and is served first.
    await ok(request(p3, 'visit:close', { visitId: second.ticket.visitId }));
    expect((await ticketOf(second.ticket.ticketId))?.state).toBe('cancelled');
    const back = await ok<TicketView>(request(p3, 'request:step-back', { ticketId: first.ticket.ticketId }));
    expect(back.steppedAway).toBeUndefined();
    expect(back.position).toBe(1);
    const e2 = await expert('e2');
    const offer = nextEvent(e2, 'offer:incoming');
    await ok(request(e2, 'presence:set', { state: 'available' }));
    expect((await offer).ticketId).toBe(first.ticket.ticketId);
    // Stepping away once offered is refused: the specialist is calling.
    expect(await code(request(p3, 'request:step-away', { ticketId: first.ticket.ticketId, minutes: 5 }))).toBe(
      'REQUEST_CLOSED',
    );
    await ok(request(p3, 'request:cancel', { ticketId: first.ticket.ticketId }));
    await ok(request(e2, 'presence:set', { state: 'away', reason: 'break' }));
  });

  it('queues a booked customer ahead of walk-ins, for the booked specialist first, then for anyone', async () => {
    const e1 = await expert('e1');
    const e2 = await expert('e2');
    const walkIn = await ok<{ ticket: TicketView }>(
      request(await point('p1'), 'request:create', { agency: 'tax', language: 'fi', whenUnavailable: 'wait' }),
    );
    // Checked in for a booking with e1 that starts now (the exclusive wait is about a second here).
    const booked = await h.signaling.queue.service.createRequest('p2', {
      agency: 'tax',
      language: 'fi',
      whenUnavailable: 'ask',
      booking: { id: 'booking-1', expertId: 'e1', startsAt: Date.now() },
    });
    if (booked.status !== 'queued') throw new Error('booked request not queued');
    expect(booked.ticket).toMatchObject({ bookingId: 'booking-1', position: 1 });
    expect((await ticketOf(walkIn.ticket.ticketId))?.position).toBe(2);

    // e2 comes first: offered the walk-in, not the booked customer reserved for e1.
    const e2Offer = nextEvent(e2, 'offer:incoming');
    await ok(request(e2, 'presence:set', { state: 'available' }));
    expect((await e2Offer).ticketId).toBe(walkIn.ticket.ticketId);
    await ok(request(e2, 'offer:decline', { offerId: (await e2Offer).offerId }));
    await ok(request(e2, 'presence:set', { state: 'away', reason: 'break' }));

    // After the exclusive wait anyone of the queue may serve the booked customer.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const lapsed = nextEvent(e2, 'offer:incoming');
    await ok(request(e2, 'presence:set', { state: 'available' }));
    const offer = await lapsed;
    expect(offer).toMatchObject({ ticketId: booked.ticket.ticketId, bookingId: 'booking-1' });
    await ok(request(e2, 'offer:decline', { offerId: offer.offerId }));
    await ok(request(e2, 'presence:set', { state: 'away', reason: 'break' }));
    // The booked specialist gets it when they come (ahead of the walk-in).
    const mine = nextEvent(e1, 'offer:incoming');
    await ok(request(e1, 'presence:set', { state: 'available' }));
    expect((await mine).ticketId).toBe(booked.ticket.ticketId);
  });
  it('does not pass a stepped-away request over when it could not have been offered (no interpreter free)', async () => {
    const p4 = await point('p4');
    const waiting = await ok<{ ticket: TicketView }>(
      request(p4, 'request:create', {
        agency: 'tax',
        language: 'sv',
        interpreterLanguage: 'ar',
        whenUnavailable: 'wait',
      }),
    );
    await ok(request(p4, 'request:step-away', { ticketId: waiting.ticket.ticketId, minutes: 15 }));
    const e3 = await expert('e3');
    await ok(request(e3, 'presence:set', { state: 'available' }));
    // Met twice past the pass-over grace with a specialist free and no interpreter: never offerable,
    // so neither passed over nor abandoned.
    await new Promise((resolve) => setTimeout(resolve, 400));
    await ok(request(e3, 'presence:set', { state: 'away', reason: 'break' }));
    await ok(request(e3, 'presence:set', { state: 'available' }));
    expect(await h.redis.hget(`${h.prefix}ticket:${waiting.ticket.ticketId}`, 'passedOverAt')).toBeNull();
    expect((await ticketOf(waiting.ticket.ticketId))?.state).toBe('waiting');
    await ok(request(e3, 'presence:set', { state: 'away', reason: 'break' }));
    await ok(request(p4, 'request:cancel', { ticketId: waiting.ticket.ticketId }));
  });
});
