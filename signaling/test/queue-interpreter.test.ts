/**
 * Interpreter-gated matching (issue 14) on a real Redis with the real signaling server: a request
 * that needs an interpreter is offered only when a specialist of its queue and an interpreter of
 * its pool are both free, both reserved in one step and offered together; the call starts when both
 * accepted; either declining, going or letting it ring releases both and the request keeps its
 * place. Races: two specialists and one interpreter, two requests and one interpreter, both sides
 * accepting at once.
 */

import type { Offer, OfferAcceptResult, Session, TicketView } from '@etapiste/protocol';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { arrivalOf } from '../src/queue/queue-score.js';
import { parseSessionRecord, sessionTransaction } from '../src/sessions/session-record.js';
import { code, ok } from './support/acks.js';
import { nextEvent } from './support/events.js';
import { connect, type Harness, request, snapshot, startHarness, type TestSocket } from './support/harness.js';
import { pointToken, type TestExpert, tokenFor, writeQueueSeed } from './support/queue-seed.js';
import { until } from './support/until.js';

jest.setTimeout(40_000);

const PEOPLE: TestExpert[] = [
  // A: tax in Finnish with Arabic.
  { id: 'ea', skills: [{ agency: 'tax', language: 'fi' }] },
  { id: 'ia', skills: [], interpreterPairs: [{ language: 'ar', serviceLanguage: 'fi' }] },
  // B: two specialists of Kela in Finnish, one Somali interpreter.
  { id: 'eb1', skills: [{ agency: 'kela', language: 'fi' }] },
  { id: 'eb2', skills: [{ agency: 'kela', language: 'fi' }] },
  { id: 'ib', skills: [], interpreterPairs: [{ language: 'so', serviceLanguage: 'fi' }] },
  // C and D: Kela and tax in Swedish, Russian and Finland-Swedish Sign Language.
  { id: 'ec', skills: [{ agency: 'kela', language: 'sv' }] },
  { id: 'ic', skills: [], interpreterPairs: [{ language: 'ru', serviceLanguage: 'sv' }] },
  { id: 'ed', skills: [{ agency: 'tax', language: 'sv' }] },
  { id: 'id', skills: [], interpreterPairs: [{ language: 'fss', serviceLanguage: 'sv' }] },
  // E: in the pool, never at work.
  { id: 'ie', skills: [], interpreterPairs: [{ language: 'ar', serviceLanguage: 'sv' }] },
];

describe('interpreter-gated matching', () => {
  let h: Harness;
  const sockets: TestSocket[] = [];
  const as = async (token: string) => {
    const socket = await connect(h.baseUrl, token);
    sockets.push(socket);
    return socket;
  };
  const person = async (id: string) => as(await tokenFor(h.signaling, id));
  const point = async (id: string) => as(await pointToken(h.signaling, id));
  const ticketOf = (id: string) => h.signaling.queue.service.ticketView(id);
  const stateOf = (id: string) => h.redis.hget(`${h.prefix}expert:${id}:presence`, 'state');
  const ask = (socket: TestSocket, agency: string, language: string, interpreterLanguage?: string) =>
    ok<{ status: string; ticket: TicketView }>(
      request(socket, 'request:create', {
        agency,
        language,
        whenUnavailable: 'wait',
        ...(interpreterLanguage ? { interpreterLanguage } : {}),
      }),
    );

  beforeAll(async () => {
    h = await startHarness({
      SEED_FILE: writeQueueSeed(PEOPLE, ['p1', 'p2', 'p3', 'p4', 'p5', 'p6']),
      SOCKET_COMMANDS_PER_SECOND: '1000',
      OFFER_TIMEOUT_SECONDS: '3',
      EXPERT_GRACE_SECONDS: '1',
      POINT_GRACE_SECONDS: '60',
    });
  });
  afterAll(async () => {
    for (const socket of sockets.splice(0)) socket.close();
    await h.close();
  });

  it('offers only when a specialist and an interpreter are both free, and starts the call when both accept', async () => {
    const ea = await person('ea');
    const p1 = await point('p1');
    const p2 = await point('p2');
    await ok(request(ea, 'presence:set', { state: 'available' }));
    const needs = await ask(p1, 'tax', 'fi', 'ar');
    expect(needs.status).toBe('queued');
    expect(needs.ticket.interpreterLanguage).toBe('ar');
    // No interpreter is free: the request waits, and the specialist serves the walk-in behind it.
    const walkInOffer = nextEvent(ea, 'offer:incoming');
    const walkIn = await ask(p2, 'tax', 'fi');
    const offered: Offer = await walkInOffer;
    expect(offered.ticketId).toBe(walkIn.ticket.ticketId);
    expect(await ticketOf(needs.ticket.ticketId)).toMatchObject({ state: 'waiting', position: 1 });
    await ok(request(ea, 'offer:decline', { offerId: offered.offerId }));
    await ok(request(p2, 'request:cancel', { ticketId: walkIn.ticket.ticketId }));

    // The interpreter comes: one offer rings at both, each told the other's name.
    const ia = await person('ia');
    const atExpert = nextEvent(ea, 'offer:incoming');
    const atInterpreter = nextEvent(ia, 'offer:incoming');
    await ok(request(ia, 'presence:set', { state: 'available' }));
    const [expertOffer, interpreterOffer] = await Promise.all([atExpert, atInterpreter]);
    expect(expertOffer.offerId).toBe(interpreterOffer.offerId);
    expect(expertOffer.ticketId).toBe(needs.ticket.ticketId);
    expect(expertOffer.interpreter).toEqual({
      language: 'ar',
      as: 'expert',
      partnerName: 'ia',
      partnerAccepted: false,
    });
    expect(interpreterOffer.interpreter).toMatchObject({ as: 'interpreter', partnerName: 'ea' });
    expect(await stateOf('ea')).toBe('offered');
    expect(await stateOf('ia')).toBe('offered');

    // The interpreter accepts first: the specialist is told, nothing starts yet.
    const told = nextEvent(ea, 'offer:partner-accepted');
    const first = await ok<OfferAcceptResult>(request(ia, 'offer:accept', { offerId: expertOffer.offerId }));
    expect(first).toEqual({ status: 'waiting-partner', offerId: expertOffer.offerId });
    expect((await told).offerId).toBe(expertOffer.offerId);
    expect((await ticketOf(needs.ticket.ticketId))?.state).toBe('offered');

    // The specialist accepts: one session, with the interpreter in it.
    const started = nextEvent(ia, 'session:started');
    const session = await ok<Session>(request(ea, 'offer:accept', { offerId: expertOffer.offerId }));
    expect(session).toMatchObject({ expertId: 'ea', interpreterId: 'ia', interpreterLanguage: 'ar' });
    expect((await started).sessionId).toBe(session.sessionId);
    expect(await stateOf('ia')).toBe('in-session');
    // A reload resumes the interpreter in the call too.
    const resumed = await ok<{ session?: Session }>(request(ia, 'work:current', {}));
    expect(resumed.session?.sessionId).toBe(session.sessionId);
    const people = await ok<{ participants: { role: string; participantId: string }[] }>(
      request(p1, 'session:participants:get', { sessionId: session.sessionId }),
    );
    expect(people.participants.map((p) => p.role)).toEqual(['point', 'expert', 'interpreter']);
    // The interpreter is a member of the call; another interpreter or specialist is not.
    await ok(request(ia, 'session:participants:get', { sessionId: session.sessionId }));
    expect(await code(request(await person('ib'), 'session:participants:get', { sessionId: session.sessionId }))).toBe(
      'NOT_FOUND',
    );
    // The interpreter cannot end or transfer the specialist's session.
    expect(await code(request(ia, 'session:end', { sessionId: session.sessionId }))).toBe('NOT_IN_SESSION');

    // The session ends: the interpreter is free at once (no wrap-up); the transaction bills minutes.
    const interpreterTold = nextEvent(ia, 'session:ended');
    await ok(request(ea, 'session:end', { sessionId: session.sessionId }));
    expect(await interpreterTold).toMatchObject({ sessionId: session.sessionId, reason: 'ended' });
    await until('the interpreter available again', async () => (await stateOf('ia')) === 'available');
    await ok(request(ea, 'session:wrap-up', { sessionId: session.sessionId, outcome: 'resolved' }));
    const record = parseSessionRecord(
      session.sessionId,
      await h.redis.hgetall(`${h.prefix}session:${session.sessionId}`),
    );
    const tx = record && sessionTransaction(record);
    expect(tx?.success).toBe(true);
    expect(tx?.data).toMatchObject({ interpreterId: 'ia', interpreterLanguage: 'ar', interpreterMinutes: 1 });
    await ok(request(ea, 'presence:set', { state: 'away', reason: 'break' }));
    await ok(request(ia, 'presence:set', { state: 'away', reason: 'break' }));
  });

  it('reserves the one interpreter for one request only, with two specialists free and two requests at once', async () => {
    const [eb1, eb2, ib] = await Promise.all([person('eb1'), person('eb2'), person('ib')]);
    const [p3, p4] = await Promise.all([point('p3'), point('p4')]);
    await ok(request(eb1, 'presence:set', { state: 'available' }));
    await ok(request(eb2, 'presence:set', { state: 'available' }));
    await ok(request(ib, 'presence:set', { state: 'available' }));
    const [a, b] = await Promise.all([ask(p3, 'kela', 'fi', 'so'), ask(p4, 'kela', 'fi', 'so')]);
    await until('one of them offered', async () => {
      const states = await Promise.all([ticketOf(a.ticket.ticketId), ticketOf(b.ticket.ticketId)]);
      return states.some((t) => t?.state === 'offered');
    });
    const tickets = await Promise.all([ticketOf(a.ticket.ticketId), ticketOf(b.ticket.ticketId)]);
    expect(tickets.map((t) => t?.state).sort()).toEqual(['offered', 'waiting']);
    const experts = [await stateOf('eb1'), await stateOf('eb2')].sort();
    expect(experts).toEqual(['available', 'offered']);
    expect(await stateOf('ib')).toBe('offered');

    // Both sides accept at once: exactly one session, the other answer waits for it.
    const offerId = (await h.redis.hget(`${h.prefix}expert:ib:presence`, 'offerId')) ?? '';
    const ringing = (await stateOf('eb1')) === 'offered' ? eb1 : eb2;
    const answers = await Promise.all([
      ok<OfferAcceptResult>(request(ringing, 'offer:accept', { offerId })),
      ok<OfferAcceptResult>(request(ib, 'offer:accept', { offerId })),
    ]);
    const sessions = answers.filter((r): r is Session => 'sessionId' in r);
    expect(sessions).toHaveLength(1);
    expect(answers.filter((r) => 'status' in r && r.status === 'waiting-partner')).toHaveLength(1);
    // The other request still waits for the interpreter, first in line.
    const waiting = tickets[0]?.state === 'waiting' ? a : b;
    expect(await ticketOf(waiting.ticket.ticketId)).toMatchObject({ state: 'waiting', position: 1 });
    // When the call ends, the interpreter and the free specialist meet it at once.
    const sid = sessions[0]?.sessionId ?? '';
    const next = nextEvent(ib, 'offer:incoming');
    await ok(request(ringing, 'session:end', { sessionId: sid }));
    expect((await next).ticketId).toBe(waiting.ticket.ticketId);
  });

  it('releases both when the interpreter declines, the request keeping its place', async () => {
    const ec = await person('ec');
    const ic = await person('ic');
    const p5 = await point('p5');
    await ok(request(ec, 'presence:set', { state: 'available' }));
    const offerAtInterpreter = nextEvent(ic, 'offer:incoming');
    await ok(request(ic, 'presence:set', { state: 'available' }));
    const needs = await ask(p5, 'kela', 'sv', 'ru');
    const offer = await offerAtInterpreter;
    expect(offer.ticketId).toBe(needs.ticket.ticketId);
    const withdrawn = nextEvent(ec, 'offer:withdrawn');
    await ok(request(ic, 'offer:decline', { offerId: offer.offerId }));
    expect(await withdrawn).toEqual({ offerId: offer.offerId, reason: 'partner-declined' });
    expect(await ticketOf(needs.ticket.ticketId)).toMatchObject({ state: 'waiting', position: 1 });
    expect(await stateOf('ec')).toBe('available');
    // Within the cool-down the interpreter who declined is not offered it again.
    expect(await stateOf('ic')).toBe('available');
    // A decline of an offer that is gone changes nothing.
    expect(await code(request(ec, 'offer:decline', { offerId: offer.offerId }))).toBe('OFFER_GONE');
    await ok(request(p5, 'request:cancel', { ticketId: needs.ticket.ticketId }));
    await ok(request(ic, 'presence:set', { state: 'away', reason: 'break' }));
  });

  it('releases the interpreter when the specialist goes while it rings, and when the specialist lets it ring out', async () => {
    let ed = await person('ed');
    const id = await person('id');
    const p6 = await point('p6');
    await ok(request(id, 'presence:set', { state: 'available' }));
    const ringing = nextEvent(id, 'offer:incoming');
    await ok(request(ed, 'presence:set', { state: 'available' }));
    const needs = await ask(p6, 'tax', 'sv', 'fss');
    const first = await ringing;
    // The specialist's connection goes while it rings: after their grace the interpreter is told
    // and free, the request keeps its place.
    const gone = nextEvent(id, 'offer:withdrawn', () => true, 10_000);
    ed.close();
    expect(await gone).toEqual({ offerId: first.offerId, reason: 'partner-offline' });
    await until('the specialist offline', async () => (await stateOf('ed')) === 'offline');
    expect(await stateOf('id')).toBe('available');
    expect(await ticketOf(needs.ticket.ticketId)).toMatchObject({ state: 'waiting', position: 1 });

    // The specialist is back and the pair rings again; the interpreter accepts, the specialist
    // lets it ring out: the interpreter is told and free, the specialist away (missed).
    ed = await person('ed');
    const again = nextEvent(id, 'offer:incoming');
    await ok(request(ed, 'presence:set', { state: 'available' }));
    const second = await again;
    await ok(request(id, 'offer:accept', { offerId: second.offerId }));
    const told = nextEvent(id, 'offer:withdrawn', () => true, 8_000);
    expect(await told).toEqual({ offerId: second.offerId, reason: 'partner-timeout' });
    expect(await stateOf('ed')).toBe('away');
    expect(await stateOf('id')).toBe('available');
    expect(await ticketOf(needs.ticket.ticketId)).toMatchObject({ state: 'waiting', position: 1 });
    await ok(request(p6, 'request:cancel', { ticketId: needs.ticket.ticketId }));
    await ok(request(id, 'presence:set', { state: 'away', reason: 'break' }));
  });

  it('answers a language no interpreter has before any waiting starts, and counts "no interpreter" as its own denial', async () => {
    const p1 = await point('p1');
    const before = await snapshot(h.redis, h.prefix);
    // Nobody in the pool interprets Somali with Swedish, nor Klingon at all.
    expect(
      await code(
        request(p1, 'request:create', {
          agency: 'kela',
          language: 'sv',
          interpreterLanguage: 'so',
          whenUnavailable: 'wait',
        }),
      ),
    ).toBe('NO_INTERPRETER_LANGUAGE');
    expect(
      await code(request(p1, 'request:create', { agency: 'tax', language: 'fi', interpreterLanguage: 'tlh' })),
    ).toBe('NO_INTERPRETER_LANGUAGE');
    expect(
      await code(request(p1, 'request:create', { agency: 'tax', language: 'fi', interpreterLanguage: 'Arabic!' })),
    ).toBe('VALIDATION_FAILED');
    expect(await snapshot(h.redis, h.prefix)).toEqual(before);

    // The pool has Arabic with Swedish, but its interpreter is not at work (a specialist of the
    // queue is): asked first, denied as such.
    const ed = await person('ed');
    await ok(request(ed, 'presence:set', { state: 'available' }));
    const denied = await ok<{ status: string; reason: string }>(
      request(p1, 'request:create', { agency: 'tax', language: 'sv', interpreterLanguage: 'ar' }),
    );
    expect(denied).toMatchObject({ status: 'unavailable', reason: 'no-interpreter' });
    // Counted as denied, and apart as "no interpreter".
    const stats = await h.redis.keys(`${h.prefix}stats:*:tax:sv`);
    const counts = await Promise.all(stats.map((k) => h.redis.hmget(k, 'denied', 'deniedNoInterpreter')));
    expect(counts.some(([denied, noInterpreter]) => Number(denied) >= 1 && Number(noInterpreter) === 1)).toBe(true);
    await ok(request(ed, 'presence:set', { state: 'away', reason: 'break' }));
  });

  it('requeues a call with an interpreter, cut off, at the head of its queue and of its pool both', async () => {
    // The earlier cases' connections go: the specialist's must be their only one, to be cut off.
    for (const socket of sockets.splice(0)) socket.close();
    const ea = await person('ea');
    const ia = await person('ia');
    const p2 = await point('p2');
    await ok(request(ia, 'presence:set', { state: 'available' }));
    await ok(request(ea, 'presence:set', { state: 'available' }));
    const atExpert = nextEvent(ea, 'offer:incoming');
    const needs = await ask(p2, 'tax', 'fi', 'ar');
    const offer: Offer = await atExpert;
    await ok(request(ia, 'offer:accept', { offerId: offer.offerId }));
    const session = await ok<Session>(request(ea, 'offer:accept', { offerId: offer.offerId }));
    // The specialist's connection goes for good: after their grace the call ends as interrupted.
    const ended = nextEvent(p2, 'session:ended', () => true, 10_000);
    ea.close();
    expect(await ended).toMatchObject({ sessionId: session.sessionId, reason: 'interrupted' });
    await ok(request(ia, 'presence:set', { state: 'away', reason: 'break' }));

    // Back in at the time the customer first queued, in the queue and in the interpreters' pool,
    // where a free interpreter looks for it: the same place in both.
    const again = await ok<{ status: string; ticket: TicketView }>(
      request(p2, 'request:requeue', { sessionId: session.sessionId }),
    );
    expect(again.status).toBe('queued');
    const ticketId = again.ticket.ticketId;
    const inQueue = await h.redis.zscore(`${h.prefix}queue:tax:fi`, ticketId);
    const inPool = await h.redis.zscore(`${h.prefix}queue:~ar:fi`, ticketId);
    expect(inQueue).not.toBeNull();
    expect(inPool).toBe(inQueue);
    expect(arrivalOf(Number(inQueue))).toBe(Date.parse(needs.ticket.enqueuedAt));
    await ok(request(p2, 'request:cancel', { ticketId }));
  });
});
