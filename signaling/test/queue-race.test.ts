/**
 * Two signaling servers on one Redis, 100 specialists split between them, 1 000 requests: every
 * request is served exactly once and no request is ever offered to two specialists at once.
 */
import { randomUUID } from 'node:crypto';
import type { Language, Offer } from '@etapiste/protocol';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { connect, type Harness, request, startHarness, type TestSocket } from './support/harness.js';
import { pointToken, type TestExpert, tokenFor, writeQueueSeed } from './support/queue-seed.js';

jest.setTimeout(120_000);

const LANGS: Language[] = ['fi', 'sv'];
const EXPERTS: TestExpert[] = Array.from({ length: 100 }, (_, i) => ({
  id: `e${i}`,
  skills: [
    { agency: 'tax', language: LANGS[i % 2] as Language },
    { agency: 'kela', language: LANGS[(i >> 1) % 2] as Language },
  ],
}));

describe('two signaling processes racing', () => {
  let a: Harness;
  let b: Harness;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    const prefix = `test:${randomUUID().slice(0, 8)}:`;
    const env = { SEED_FILE: writeQueueSeed(EXPERTS, ['p1', 'p2']), SOCKET_COMMANDS_PER_SECOND: '100000' };
    a = await startHarness(env, { prefix });
    b = await startHarness(env, { prefix });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await a.close();
    await b.close();
  });

  it('serves 1 000 requests exactly once with no double offer', async () => {
    const ringing = new Map<string, string>(); // ticketId → expertId while the offer rings
    const served = new Map<string, number>();
    const violations: string[] = [];
    let done = 0;
    let resolveAll: () => void = () => undefined;
    const allServed = new Promise<void>((resolve) => {
      resolveAll = resolve;
    });

    for (const [index, e] of EXPERTS.entries()) {
      const server = index % 2 === 0 ? a : b;
      const socket = await connect(server.baseUrl, await tokenFor(server.signaling, e.id));
      sockets.push(socket);
      socket.on('offer:incoming', async (offer: Offer) => {
        const holder = ringing.get(offer.ticketId);
        if (holder) violations.push(`${offer.ticketId} offered to ${e.id} while ringing at ${holder}`);
        ringing.set(offer.ticketId, e.id);
        const accepted = await request(socket, 'offer:accept', { offerId: offer.offerId });
        ringing.delete(offer.ticketId);
        if (!accepted.ok)
          return violations.push(`${e.id} could not accept ${offer.offerId}: ${JSON.stringify(accepted)}`);
        served.set(offer.ticketId, (served.get(offer.ticketId) ?? 0) + 1);
        const { sessionId } = accepted.data as { sessionId: string };
        await request(socket, 'session:end', { sessionId });
        await request(socket, 'session:wrap-up', { sessionId, outcome: 'resolved' });
        if (++done === 1000) resolveAll();
      });
      await request(socket, 'presence:set', { state: 'available' });
    }

    const points = [
      await connect(a.baseUrl, await pointToken(a.signaling, 'p1')),
      await connect(b.baseUrl, await pointToken(b.signaling, 'p2')),
    ];
    sockets.push(...points);
    const creations = Array.from({ length: 1000 }, (_, i) =>
      request(points[i % 2] as TestSocket, 'request:create', {
        agency: i % 3 === 0 ? 'kela' : 'tax',
        language: LANGS[i % 2] as Language,
      }),
    );
    const created = await Promise.all(creations);
    expect(created.filter((r) => r.ok && (r.data as { status: string }).status === 'queued')).toHaveLength(1000);
    await allServed;
    expect(violations).toEqual([]);
    expect(served.size).toBe(1000);
    expect([...served.values()].every((count) => count === 1)).toBe(true);
  });
});
