/**
 * Closing a visit ends the point's media: against a real Redis, the real queue and a real SFU
 * node (real mediasoup worker). The point leaves the visit's room (its pages are told, a
 * specialist still in the room sees it go and keeps the room); a room nobody is left in is closed
 * on its node and its placement forgotten.
 */
import type { MediaJoinResult, Offer, RtpCapabilities, Session } from '@etapiste/protocol';
import { mediaKeys } from '@etapiste/protocol';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { SfuNode } from '../../sfu-server/src/node.js';
import { CONTROL_SECRET, opus, startTestNode, vp8Simulcast } from '../../sfu-server/test/support/sfu-node.js';
import { connect, type Harness, request, startHarness, type TestSocket } from './support/harness.js';
import { pointToken, type TestExpert, tokenFor, writeQueueSeed } from './support/queue-seed.js';

jest.setTimeout(60_000);

const EXPERTS: TestExpert[] = [{ id: 'anna', skills: [{ agency: 'tax', language: 'fi' }] }];

function nextEvent<T>(socket: TestSocket, event: string, ms = 8000) {
  return new Promise<T>((resolve, reject) => {
    const s = socket as unknown as { once: (e: string, l: unknown) => void; off: (e: string, l: unknown) => void };
    const listener = (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    };
    const timer = setTimeout(() => {
      s.off(event, listener);
      reject(new Error(`no ${event} within ${ms} ms`));
    }, ms);
    s.once(event, listener);
  });
}

async function ok<T>(promise: Promise<{ ok: boolean; data?: unknown; error?: unknown }>): Promise<T> {
  const response = await promise;
  if (!response.ok) throw new Error(`refused: ${JSON.stringify(response)}`);
  return response.data as T;
}

async function code(promise: Promise<{ ok: boolean; error?: unknown }>): Promise<string> {
  const response = await promise;
  return response.ok ? 'ok' : (response.error as { code: string }).code;
}

let h: Harness;
let node: SfuNode & { prefix: string };
let caps: RtpCapabilities;
const sockets: TestSocket[] = [];

beforeAll(async () => {
  h = await startHarness({
    SEED_FILE: writeQueueSeed(EXPERTS),
    SOCKET_COMMANDS_PER_SECOND: '1000',
    SFU_CONTROL_SECRET: CONTROL_SECRET,
  });
  node = await startTestNode({ REDIS_PREFIX: h.prefix, SFU_NODE_ID: 'sfu-a', SFU_WORKERS: '1' });
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await node?.close().catch(() => undefined);
  await h?.close();
});

async function pointSocket(id: string) {
  const socket = await connect(h.baseUrl, await pointToken(h.signaling, id));
  sockets.push(socket);
  return socket;
}

/** The point opens a visit and sets up its media in the visit's room, camera and microphone published. */
async function pointInRoom(id: string): Promise<{ socket: TestSocket; visitId: string; join: MediaJoinResult }> {
  const socket = await pointSocket(id);
  caps ??= (await ok<{ routerRtpCapabilities: RtpCapabilities }>(request(socket, 'media:capabilities', {})))
    .routerRtpCapabilities;
  const { visitId } = await ok<{ visitId: string }>(request(socket, 'visit:open', {}));
  const join = await ok<MediaJoinResult>(request(socket, 'media:join', { roomId: visitId, rtpCapabilities: caps }));
  const transportId = join.transports[0]?.transportId;
  const base = id.length * 1000;
  await ok(
    request(socket, 'media:produce', {
      roomId: visitId,
      transportId,
      kind: 'video',
      source: 'camera',
      rtpParameters: vp8Simulcast(base),
    }),
  );
  await ok(
    request(socket, 'media:produce', {
      roomId: visitId,
      transportId,
      kind: 'audio',
      source: 'microphone',
      rtpParameters: opus(base + 500),
    }),
  );
  return { socket, visitId, join };
}

const placementOf = (visitId: string) => h.redis.get(mediaKeys.room(h.prefix, visitId));

describe('closing a visit ends the point’s media', () => {
  it('takes the point out of its room; the empty room is closed on its node and forgotten', async () => {
    const { socket, visitId, join } = await pointInRoom('p1');
    expect(await placementOf(visitId)).not.toBeNull();
    expect(node.rooms.get(visitId).participants.has('point:p1')).toBe(true);

    const revoked = nextEvent<{ roomId: string; reason: string }>(socket, 'media:revoked');
    await ok(request(socket, 'visit:close', { visitId }));
    expect(await revoked).toEqual({ roomId: visitId, reason: 'left' });

    expect(() => node.rooms.get(visitId)).toThrow(expect.objectContaining({ code: 'ROOM_RESTARTED' }));
    expect(await placementOf(visitId)).toBeNull();
    // Nothing of the point's media answers any more, and the closed visit grants no new join.
    expect(
      await code(
        request(socket, 'media:transport:restart-ice', {
          roomId: visitId,
          transportId: join.transports[0]?.transportId,
        }),
      ),
    ).toBe('ROOM_RESTARTED');
    expect(await code(request(socket, 'media:join', { roomId: visitId, rtpCapabilities: caps }))).toBe(
      'MEDIA_NOT_GRANTED',
    );
  });

  it('removes only the point from a room a specialist is still in', async () => {
    const { socket: point, visitId } = await pointInRoom('p2');
    const anna = await connect(h.baseUrl, await tokenFor(h.signaling, 'anna'));
    sockets.push(anna);
    await ok(request(point, 'request:create', { agency: 'tax', language: 'fi', whenUnavailable: 'wait' }));
    const offer = nextEvent<Offer>(anna, 'offer:incoming');
    await ok(request(anna, 'presence:set', { state: 'available' }));
    const session = await ok<Session>(request(anna, 'offer:accept', { offerId: (await offer).offerId }));
    expect(session.visitId).toBe(visitId);
    const annaJoin = await ok<MediaJoinResult>(request(anna, 'media:join', { roomId: visitId, rtpCapabilities: caps }));

    const left = nextEvent<{ roomId: string; participantId: string }>(anna, 'media:participant:left');
    await ok(request(point, 'visit:close', { visitId }));
    expect(await left).toEqual({ roomId: visitId, participantId: 'point:p2' });

    const room = node.rooms.get(visitId);
    expect([...room.participants.keys()]).toEqual(['expert:anna']);
    expect(await placementOf(visitId)).not.toBeNull();
    // The specialist's media is untouched: the room and its transport still answer.
    await ok(
      request(anna, 'media:transport:restart-ice', {
        roomId: visitId,
        transportId: annaJoin.transports[0]?.transportId,
      }),
    );
  });

  it('closes a visit that never set up media as before', async () => {
    const socket = await pointSocket('p3');
    const { visitId } = await ok<{ visitId: string }>(request(socket, 'visit:open', {}));
    const closed = await ok<{ visitId: string; closedAt: string }>(request(socket, 'visit:close', { visitId }));
    expect(closed.visitId).toBe(visitId);
    expect(await placementOf(visitId)).toBeNull();
    expect(await code(request(socket, 'visit:close', { visitId }))).toBe('NOT_FOUND');
  });
});
