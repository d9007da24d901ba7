/**
 * Media through signaling, against the real queue, a real Redis and two real SFU nodes (real
 * mediasoup workers): grants (the point's visit before any session; the specialist only during
 * their session), the produce/consume flow with pushes, refusals that change nothing, placement
 * across nodes, a lost node, and the grant ending with the session.
 */
import type { ConsumerParams, MediaJoinResult, RtpCapabilities, Session } from '@etapiste/protocol';
import { mediaKeys, RoomPlacement } from '@etapiste/sfu-control';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { opus, vp8Simulcast } from '../sfu-server/test/support/sfu-node.js';
import { code, ok } from '../signaling/test/support/acks.js';
import { nextEvent } from '../signaling/test/support/events.js';
import { type Harness, request, type TestSocket } from '../signaling/test/support/harness.js';
import type { TestExpert } from '../signaling/test/support/queue-seed.js';
import { type MediaWorld, startMediaWorld, type TestNode } from './support/media-world.js';

jest.setTimeout(60_000);

const EXPERTS: TestExpert[] = [
  { id: 'anna', skills: [{ agency: 'tax', language: 'fi' }] },
  { id: 'bert', skills: [{ agency: 'kela', language: 'fi' }] },
];

let world: MediaWorld;
let h: Harness;
let nodes: TestNode[];

beforeAll(async () => {
  world = await startMediaWorld({
    experts: EXPERTS,
    nodeIds: ['sfu-a', 'sfu-b'],
    env: {
      MEDIA_DISCONNECT_GRACE_SECONDS: '0.3',
      TURN_URLS: 'turn:turn.example.test:3478?transport=udp,turns:turn.example.test:5349?transport=tcp',
      TURN_SECRET: 'turn-secret-for-tests-0123',
    },
  });
  ({ h, nodes } = world);
});

afterAll(() => world?.close());

const pointSocket = (id: string) => world.pointSocket(id);
const expertSocket = (id: string) => world.expertSocket(id);

/** The real queue: the point asks, the specialist becomes available and accepts the offer. */
async function startSession(point: TestSocket, expert: TestSocket, agency: string): Promise<Session> {
  await ok(request(point, 'request:create', { agency, language: 'fi', whenUnavailable: 'wait' }));
  const offer = nextEvent(expert, 'offer:incoming');
  await ok(request(expert, 'presence:set', { state: 'available' }));
  return ok<Session>(request(expert, 'offer:accept', { offerId: (await offer).offerId }));
}

describe('media through signaling', () => {
  let caps: RtpCapabilities;
  let point: TestSocket;
  let anna: TestSocket;
  let visitId: string;
  let pointJoin: MediaJoinResult;
  let cameraId: string;

  it('answers router capabilities to anyone signed in (fast start before the accept)', async () => {
    anna = await expertSocket('anna');
    caps = (await ok<{ routerRtpCapabilities: RtpCapabilities }>(request(anna, 'media:capabilities', {})))
      .routerRtpCapabilities;
    expect(caps.codecs?.map((c) => c.mimeType)).toEqual(expect.arrayContaining(['audio/opus', 'video/VP8']));
  });

  it('lets the point set up its room while it waits, with TURN credentials', async () => {
    point = await pointSocket('p1');
    visitId = (await ok<{ visitId: string }>(request(point, 'visit:open', {}))).visitId;
    pointJoin = await ok<MediaJoinResult>(request(point, 'media:join', { roomId: visitId, rtpCapabilities: caps }));
    expect(pointJoin.grant).toEqual({
      roomId: visitId,
      participantId: 'point:p1',
      role: 'point',
      sources: ['microphone', 'camera', 'document-camera', 'screen'],
    });
    expect(pointJoin.transports.map((t) => t.direction)).toEqual(['send', 'recv']);
    expect(pointJoin.participants).toEqual([]);
    expect(pointJoin.iceServers).toHaveLength(1);
    const [server] = pointJoin.iceServers;
    expect(server?.username).toMatch(/^\d+:point-p1$/);
    expect(server?.credential).toMatch(/^[A-Za-z0-9+/=]{28}$/);
    const send = pointJoin.transports[0]?.transportId ?? '';
    cameraId = (
      await ok<{ producerId: string }>(
        request(point, 'media:produce', {
          roomId: visitId,
          transportId: send,
          kind: 'video',
          source: 'camera',
          rtpParameters: vp8Simulcast(100),
        }),
      )
    ).producerId;
    await ok(
      request(point, 'media:produce', {
        roomId: visitId,
        transportId: send,
        kind: 'audio',
        source: 'microphone',
        rtpParameters: opus(900),
      }),
    );
  });

  it('refuses a specialist without a session of that visit, and a point of another visit', async () => {
    expect(await code(request(anna, 'media:join', { roomId: visitId, rtpCapabilities: caps }))).toBe(
      'MEDIA_NOT_GRANTED',
    );
    const other = await pointSocket('p2');
    expect(await code(request(other, 'media:join', { roomId: visitId, rtpCapabilities: caps }))).toBe(
      'MEDIA_NOT_GRANTED',
    );
    // Commands without a join are refused by the SFU: not a member.
    expect(await code(request(anna, 'media:consume', { roomId: visitId, producerId: cameraId }))).toBe(
      'MEDIA_NOT_GRANTED',
    );
  });

  let annaJoin: MediaJoinResult;
  let consumer: ConsumerParams;

  it('grants the specialist at accept: the point and its producers are there at once', async () => {
    const session = await startSession(point, anna, 'tax');
    expect(session.visitId).toBe(visitId);
    const joined = nextEvent(point, 'media:participant:joined');
    annaJoin = await ok<MediaJoinResult>(request(anna, 'media:join', { roomId: visitId, rtpCapabilities: caps }));
    expect(annaJoin.grant).toMatchObject({
      participantId: 'expert:anna',
      role: 'expert',
      sessionId: session.sessionId,
    });
    expect(annaJoin.grant.sources).not.toContain('document-camera');
    expect((await joined).participantId).toBe('expert:anna');
    const [pointInfo] = annaJoin.participants;
    expect(pointInfo?.participantId).toBe('point:p1');
    expect(pointInfo?.producers.map((p) => p.source).sort()).toEqual(['camera', 'microphone']);

    consumer = await ok<ConsumerParams>(request(anna, 'media:consume', { roomId: visitId, producerId: cameraId }));
    expect(consumer).toMatchObject({ participantId: 'point:p1', source: 'camera', paused: true, type: 'simulcast' });
    await ok(request(anna, 'media:consumer:resume', { roomId: visitId, consumerId: consumer.consumerId }));
    await ok(
      request(anna, 'media:consumer:layers', { roomId: visitId, consumerId: consumer.consumerId, spatialLayer: 0 }),
    );
  });

  it('pushes the specialist camera to the point', async () => {
    const added = nextEvent(point, 'media:producer:added');
    await ok(
      request(anna, 'media:produce', {
        roomId: visitId,
        transportId: annaJoin.transports[0]?.transportId,
        kind: 'video',
        source: 'camera',
        rtpParameters: vp8Simulcast(300),
      }),
    );
    expect((await added).producer).toMatchObject({ participantId: 'expert:anna', source: 'camera' });
  });

  it('refuses ids that are not the caller’s and sources outside the grant, with codes', async () => {
    const refusals = await Promise.all([
      code(request(anna, 'media:producer:set', { roomId: visitId, producerId: cameraId, action: 'close' })),
      code(request(anna, 'media:consumer:resume', { roomId: visitId, consumerId: 'not-my-consumer' })),
      code(
        request(point, 'media:transport:restart-ice', {
          roomId: visitId,
          transportId: annaJoin.transports[0]?.transportId,
        }),
      ),
      code(
        request(anna, 'media:produce', {
          roomId: visitId,
          transportId: annaJoin.transports[0]?.transportId,
          kind: 'video',
          source: 'document-camera',
          rtpParameters: vp8Simulcast(500),
        }),
      ),
      code(request(anna, 'media:produce', { roomId: visitId, transportId: 'x', kind: 'video', source: 'camera' })),
      code(request(anna, 'media:consume', { roomId: 'not-a-room-id-0000', producerId: cameraId })),
    ]);
    expect(refusals).toEqual([
      'NOT_FOUND',
      'NOT_FOUND',
      'NOT_FOUND',
      'MEDIA_NOT_GRANTED',
      'VALIDATION_FAILED',
      'ROOM_RESTARTED',
    ]);
    // The point's camera is still there and consumable.
    const again = await ok<ConsumerParams>(request(anna, 'media:consume', { roomId: visitId, producerId: cameraId }));
    expect(again.producerId).toBe(cameraId);
  });

  it('resumes a member on a new connection without touching its media; a non-member must join', async () => {
    const again = await pointSocket('p1');
    const resumed = await ok<{ participants: { participantId: string; producers: unknown[] }[] }>(
      request(again, 'media:resume', { roomId: visitId }),
    );
    expect(resumed.participants.map((p) => p.participantId)).toEqual(['expert:anna']);
    const pushed = nextEvent(again, 'media:producer:added');
    await ok(
      request(anna, 'media:produce', {
        roomId: visitId,
        transportId: annaJoin.transports[0]?.transportId,
        kind: 'audio',
        source: 'microphone',
        rtpParameters: opus(700),
      }),
    );
    expect((await pushed).producer.participantId).toBe('expert:anna');
    again.close();
    const bert = await expertSocket('bert');
    expect(await code(request(bert, 'media:resume', { roomId: visitId }))).toBe('ROOM_RESTARTED');
  });

  it('places rooms on the least-loaded node: both nodes carry rooms', async () => {
    const placements = new Set<string>();
    placements.add(
      RoomPlacement.parse(JSON.parse((await h.redis.get(mediaKeys.room(h.prefix, visitId))) ?? '')).nodeId,
    );
    for (const pointId of ['p2', 'p3']) {
      const socket = await pointSocket(pointId);
      const visit = (await ok<{ visitId: string }>(request(socket, 'visit:open', {}))).visitId;
      await ok(request(socket, 'media:join', { roomId: visit, rtpCapabilities: caps, transports: [] }));
      placements.add(
        RoomPlacement.parse(JSON.parse((await h.redis.get(mediaKeys.room(h.prefix, visit))) ?? '')).nodeId,
      );
      await Promise.all(nodes.map((n) => n.registry.beat()));
    }
    expect([...placements].sort()).toEqual(['sfu-a', 'sfu-b']);
  });

  it('ends the specialist grant with the session; the point stays', async () => {
    const sessionId = annaJoin.grant.sessionId ?? '';
    const revoked = nextEvent(anna, 'media:revoked');
    const left = nextEvent(point, 'media:participant:left');
    await ok(request(anna, 'session:end', { sessionId }));
    expect(await revoked).toEqual({ roomId: visitId, reason: 'session-ended' });
    expect((await left).participantId).toBe('expert:anna');
    expect(await code(request(anna, 'media:consume', { roomId: visitId, producerId: cameraId }))).toBe(
      'MEDIA_NOT_GRANTED',
    );
    expect(await code(request(anna, 'media:join', { roomId: visitId, rtpCapabilities: caps }))).toBe(
      'MEDIA_NOT_GRANTED',
    );
    // The point's media is untouched: its transport still answers.
    await ok(
      request(point, 'media:transport:restart-ice', {
        roomId: visitId,
        transportId: pointJoin.transports[0]?.transportId,
      }),
    );
  });

  it('moves a room off a node that left the registry and tells its members to join again', async () => {
    const placement = RoomPlacement.parse(JSON.parse((await h.redis.get(mediaKeys.room(h.prefix, visitId))) ?? ''));
    const lost = nodes.find((n) => n.nodeId === placement.nodeId);
    if (!lost) throw new Error('no node');
    const restarted = nextEvent(point, 'media:room:restarted');
    await lost.close();
    const refused = await code(
      request(point, 'media:transport:restart-ice', {
        roomId: visitId,
        transportId: pointJoin.transports[0]?.transportId,
      }),
    );
    expect(refused).toBe('ROOM_RESTARTED');
    expect(await restarted).toEqual({ roomId: visitId, reason: 'node-lost' });
    const rejoined = await ok<MediaJoinResult>(
      request(point, 'media:join', { roomId: visitId, rtpCapabilities: caps }),
    );
    expect(rejoined.transports).toHaveLength(2);
    const moved = RoomPlacement.parse(JSON.parse((await h.redis.get(mediaKeys.room(h.prefix, visitId))) ?? ''));
    expect(moved.nodeId).not.toBe(placement.nodeId);
  });
});
