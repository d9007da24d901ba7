/**
 * What a specialist is told beyond the offer itself, against a real Redis and the real server:
 * the queues they watch (`queues:watch`, `queues:update`), the context a transferred visit carries
 * to the next specialist, and the wrap-up's note and "save and go away". The wrap-up note's ledger
 * table and its retention on PGlite.
 */
import type { Offer, QueueGlance, QueueGlanceSnapshot, TicketView, Transaction } from '@etapiste/protocol';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Redis } from 'ioredis';
import { LedgerStore } from '../src/ledger/ledger-store.js';
import { migrate } from '../src/ledger/migrator.js';
import { ok } from './support/acks.js';
import { nextEvent } from './support/events.js';
import { connect, type Harness, request, startHarness, type TestSocket, testRedisUrl } from './support/harness.js';
import { createTestDatabase } from './support/ledger-databases.js';
import { pointToken, type TestExpert, tokenFor, writeQueueSeed } from './support/queue-seed.js';

jest.setTimeout(30_000);

const EXPERTS: TestExpert[] = [
  {
    id: 'tax-fi',
    skills: [
      { agency: 'tax', language: 'fi' },
      { agency: 'kela', language: 'fi' },
    ],
  },
  { id: 'kela-fi', skills: [{ agency: 'kela', language: 'fi' }] },
];

const glance = (snapshot: QueueGlanceSnapshot, agency: string, language: string): QueueGlance | undefined =>
  snapshot.queues.find((q) => q.agency === agency && q.language === language);

describe('a specialist’s queues, transfer context and wrap-up', () => {
  let h: Harness;
  const sockets: TestSocket[] = [];
  const connectAs = async (token: string) => {
    const socket = await connect(h.baseUrl, token);
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    h = await startHarness({
      SEED_FILE: writeQueueSeed(EXPERTS),
      SOCKET_COMMANDS_PER_SECOND: '1000',
      OFFER_TIMEOUT_SECONDS: '20',
      EXPERT_GRACE_SECONDS: '60',
    });
  });
  afterAll(async () => {
    for (const socket of sockets.splice(0)) socket.close();
    await h.close();
  });

  it('shows every queue and pushes a change; carries the context through a transfer; notes and goes away', async () => {
    const tax = await connectAs(await tokenFor(h.signaling, 'tax-fi'));
    const kela = await connectAs(await tokenFor(h.signaling, 'kela-fi'));
    const p1 = await connectAs(await pointToken(h.signaling, 'p1'));

    // Every queue, before anyone works: nobody at work, nobody waiting.
    const first = await ok<QueueGlanceSnapshot>(request(tax, 'queues:watch', {}));
    expect(first.queues).toHaveLength(6);
    expect(glance(first, 'tax', 'fi')).toEqual({
      agency: 'tax',
      language: 'fi',
      waiting: 0,
      longestWaitSeconds: 0,
      online: 0,
      available: 0,
    });

    // Kela's specialist goes away (on the list, not at work); a customer queues for tax: pushed.
    await ok(request(kela, 'presence:set', { state: 'away', reason: 'break' }));
    const pushed = nextEvent(tax, 'queues:update');
    const t1 = await ok<{ ticket: TicketView }>(
      request(p1, 'request:create', {
        agency: 'tax',
        language: 'fi',
        topic: 'tax-card',
        note: 'brings last year’s decision',
        whenUnavailable: 'wait',
      }),
    );
    expect(glance(await pushed, 'tax', 'fi')).toMatchObject({ waiting: 1, online: 0 });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const later = await ok<QueueGlanceSnapshot>(request(tax, 'queues:watch', {}));
    expect(glance(later, 'tax', 'fi')?.longestWaitSeconds).toBeGreaterThanOrEqual(1);

    // Tax serves and transfers to Kela with a note.
    const offered = nextEvent(tax, 'offer:incoming');
    await ok(request(tax, 'presence:set', { state: 'available' }));
    const session = await ok<{ sessionId: string }>(request(tax, 'offer:accept', { offerId: (await offered).offerId }));
    const ended = await ok<{ transferTicketId: string }>(
      request(tax, 'session:transfer', {
        sessionId: session.sessionId,
        agency: 'kela',
        language: 'fi',
        note: 'housing',
      }),
    );
    const kelaOffer = nextEvent(kela, 'offer:incoming');
    await ok(request(kela, 'presence:set', { state: 'available' }));
    const transferred = await kelaOffer;
    expect(transferred).toMatchObject({
      ticketId: ended.transferTicketId,
      agency: 'kela',
      note: 'brings last year’s decision',
      transferNote: 'housing',
      transfer: { fromAgency: 'tax', fromLanguage: 'fi', fromTopic: 'tax-card', byName: 'tax-fi' },
      // The real wait: since the customer first queued, not since the transfer.
      visitQueuedAt: t1.ticket.enqueuedAt,
    });
    // Kela has no such topic: it is not the new request's topic.
    expect(transferred.topic).toBeUndefined();
    expect(Date.parse(transferred.enqueuedAt)).toBeGreaterThan(Date.parse(t1.ticket.enqueuedAt));
    // The same context after a reload (`work:current`).
    const current = await ok<{ offer?: Offer }>(request(kela, 'work:current', {}));
    expect(current.offer).toEqual(transferred);

    // A note with a personal identity code changes nothing; a clean one is kept, and tax goes away.
    expect(
      await request(tax, 'session:wrap-up', {
        sessionId: session.sessionId,
        outcome: 'resolved',
        note: 'customer 010190-123A',
      }),
    ).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    expect(await ok<{ state: string }>(request(tax, 'presence:get', {}))).toMatchObject({ state: 'wrap-up' });
    const away = await ok<{ state: string; reason?: string }>(
      request(tax, 'session:wrap-up', {
        sessionId: session.sessionId,
        outcome: 'resolved',
        note: 'follow-up with Kela',
        awayReason: 'other',
      }),
    );
    expect(away).toMatchObject({ state: 'away', reason: 'other' });
    const redis = new Redis(testRedisUrl());
    try {
      expect(await redis.hget(h.signaling.queue.service.keys.session(session.sessionId), 'note')).toBe(
        'follow-up with Kela',
      );
    } finally {
      redis.disconnect();
    }
    await ok(request(kela, 'offer:decline', { offerId: transferred.offerId }));
    await ok(request(p1, 'request:cancel', { ticketId: ended.transferTicketId }));
  });
});

describe('wrap-up notes in the ledger', () => {
  it('keeps a note once, beside its transaction, and deletes it after its retention time', async () => {
    const database = await createTestDatabase('pglite');
    const db = await database.open();
    try {
      await migrate(db);
      const store = new LedgerStore(db);
      const base = {
        ticketId: 't1',
        visitId: 'v1',
        pointId: 'p1',
        expertId: 'e1',
        agency: 'tax',
        language: 'fi',
        queuedAt: '2026-01-01T08:00:00.000Z',
        offeredAt: '2026-01-01T08:01:00.000Z',
        answeredAt: '2026-01-01T08:01:05.000Z',
        outcome: 'resolved',
      } satisfies Partial<Transaction>;
      const old = { ...base, sessionId: 's-old', endedAt: '2026-01-01T08:10:00.000Z', note: 'old note' };
      const recent = { ...base, sessionId: 's-new', endedAt: new Date().toISOString(), note: 'new note' };
      expect(await store.recordWrapUpNote(old)).toBe(true);
      expect(await store.recordWrapUpNote(old)).toBe(false);
      expect(await store.recordWrapUpNote(recent)).toBe(true);
      expect(await store.deleteExpiredWrapUpNotes(90)).toBe(1);
      const rows = await db.query<{ session_id: string; note: string }>(
        'SELECT session_id, note FROM wrap_up_notes ORDER BY session_id',
      );
      expect(rows).toEqual([{ session_id: 's-new', note: 'new note' }]);
    } finally {
      await database.drop();
    }
  });
});
