/**
 * Closing a visit ends the point's media: against a real Redis, the real queue and a real SFU
 * node (real mediasoup worker). The point leaves the visit's room (its pages are told, a
 * specialist still in the room sees it go and keeps the room); a room nobody is left in is closed
 * on its node and its placement forgotten.
 */
import type { MediaJoinResult, RtpCapabilities, Session } from '@etapiste/protocol';
import { mediaKeys } from '@etapiste/sfu-control';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { opus, vp8Simulcast } from '../sfu-server/test/support/sfu-node.js';
import { code, ok } from '../signaling/test/support/acks.js';
import { nextEvent } from '../signaling/test/support/events.js';
import { type Harness, request, type TestSocket } from '../signaling/test/support/harness.js';
import type { TestExpert } from '../signaling/test/support/queue-seed.js';
import { type MediaWorld, startMediaWorld, type TestNode } from './support/media-world.js';

jest.setTimeout(60_000);

const EXPERTS: TestExpert[] = [{ id: 'anna', skills: [{ agency: 'tax', language: 'fi' }] }];

let world: MediaWorld;
let h: Harness;
let node: TestNode;
let caps: RtpCapabilities;

beforeAll(async () => {
  world = await startMediaWorld({ experts: EXPERTS, nodeIds: ['sfu-a'] });
  h = world.h;
  [node] = world.nodes as [TestNode];
});

afterAll(() => world?.close());

const pointSocket = (id: string) => world.pointSocket(id);

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

    const revoked = nextEvent(socket, 'media:revoked');
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
    const anna = await world.expertSocket('anna');
    await ok(request(point, 'request:create', { agency: 'tax', language: 'fi', whenUnavailable: 'wait' }));
    const offer = nextEvent(anna, 'offer:incoming');
    await ok(request(anna, 'presence:set', { state: 'available' }));
    const session = await ok<Session>(request(anna, 'offer:accept', { offerId: (await offer).offerId }));
    expect(session.visitId).toBe(visitId);
    const annaJoin = await ok<MediaJoinResult>(request(anna, 'media:join', { roomId: visitId, rtpCapabilities: caps }));

    const left = nextEvent(anna, 'media:participant:left');
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
