/**
 * The session's chat against a real Redis and the real server: both sides write and read it, every
 * tab of a side sees it, nobody else can, and it is gone when the session ends.
 */
import type { ChatHistory, ChatMessage, Offer, Session } from '@etapiste/protocol';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { code, ok } from './support/acks.js';
import { nextEvent } from './support/events.js';
import { connect, type Harness, request, startHarness, type TestSocket } from './support/harness.js';
import { pointToken, tokenFor, writeQueueSeed } from './support/queue-seed.js';

jest.setTimeout(30_000);

describe('chat in a session', () => {
  let h: Harness;
  const sockets: TestSocket[] = [];
  const connectAs = async (token: string) => {
    const socket = await connect(h.baseUrl, token);
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    h = await startHarness({
      SEED_FILE: writeQueueSeed([
        { id: 'tax-fi', skills: [{ agency: 'tax', language: 'fi' }] },
        { id: 'kela-fi', skills: [{ agency: 'kela', language: 'fi' }] },
      ]),
      SOCKET_COMMANDS_PER_SECOND: '1000',
    });
  });
  afterAll(async () => {
    for (const socket of sockets.splice(0)) socket.close();
    await h.close();
  });

  it('carries messages both ways while the session runs, to its two sides only, and forgets them at the end', async () => {
    const expert = await connectAs(await tokenFor(h.signaling, 'tax-fi'));
    const otherExpert = await connectAs(await tokenFor(h.signaling, 'kela-fi'));
    const pointToken1 = await pointToken(h.signaling, 'p1');
    const point = await connectAs(pointToken1);
    const pointTab = await connectAs(pointToken1);
    const otherPoint = await connectAs(await pointToken(h.signaling, 'p2'));

    await ok(request(expert, 'presence:set', { state: 'available' }));
    const offered = nextEvent(expert, 'offer:incoming');
    await ok(request(point, 'request:create', { agency: 'tax', language: 'fi' }));
    const offer: Offer = await offered;
    const session = await ok<Session>(request(expert, 'offer:accept', { offerId: offer.offerId }));
    const { sessionId } = session;

    // The point writes: the specialist and the point's other tab are told.
    const atExpert = nextEvent(expert, 'chat:message');
    const atTab = nextEvent(pointTab, 'chat:message');
    const sent = await ok<ChatMessage>(
      request(point, 'chat:send', { sessionId, text: '  Virtanen, V-I-R-T-A-N-E-N ' }),
    );
    expect(sent).toMatchObject({ sessionId, from: 'point', text: 'Virtanen, V-I-R-T-A-N-E-N', name: 'p1' });
    expect(await atExpert).toEqual(sent);
    expect(await atTab).toEqual(sent);

    const reply = nextEvent(point, 'chat:message');
    const answer = await ok<ChatMessage>(
      request(expert, 'chat:send', { sessionId, text: 'https://www.vero.fi/henkiloasiakkaat/verokortti/' }),
    );
    expect(answer).toMatchObject({ from: 'expert', name: 'tax-fi' });
    expect(await reply).toEqual(answer);
    expect((await ok<ChatHistory>(request(point, 'chat:history', { sessionId }))).messages).toEqual([sent, answer]);

    // Nobody else reads or writes it; bad input is refused and changes nothing.
    for (const outsider of [otherExpert, otherPoint]) {
      expect(await code(request(outsider, 'chat:history', { sessionId }))).toBe('NOT_FOUND');
      expect(await code(request(outsider, 'chat:send', { sessionId, text: 'hei' }))).toBe('NOT_FOUND');
    }
    for (const bad of [{ sessionId, text: '   ' }, { sessionId, text: 'x'.repeat(1001) }, { sessionId }]) {
      expect(await code(request(point, 'chat:send', bad))).toBe('VALIDATION_FAILED');
    }
    expect((await ok<ChatHistory>(request(expert, 'chat:history', { sessionId }))).messages).toHaveLength(2);

    // The session ends: the chat is gone (the agencies here keep none) and cannot be written.
    await ok(request(expert, 'session:end', { sessionId }));
    expect(await h.redis.exists(`${h.prefix}session:${sessionId}:chat`)).toBe(0);
    expect((await ok<ChatHistory>(request(point, 'chat:history', { sessionId }))).messages).toEqual([]);
    expect(await code(request(point, 'chat:send', { sessionId, text: 'vielä yksi' }))).toBe('NOT_IN_SESSION');
  });
});
