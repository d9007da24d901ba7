/**
 * Standby media through signaling (docs/media.md "Standby"), against the real queue, Redis and
 * an SFU node: the standby room is granted only to its specialist while they work; their held
 * producers cannot be consumed by a point that is not in a session with them; the accept links the
 * standby room to the visit's room, so each side is told the other's producers and only consumes;
 * the session's end ends the link; going away closes the standby room and its producers. A standby
 * room joined only after the accept is linked at its join (nothing was there to link at the accept).
 */
import { type MediaJoinResult, type RtpCapabilities, type Session, standbyRoomId } from '@etapiste/protocol';
import { mediaKeys } from '@etapiste/sfu-control';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { opus, vp8Simulcast } from '../sfu-server/test/support/sfu-node.js';
import { code, ok } from '../signaling/test/support/acks.js';
import { nextEvent } from '../signaling/test/support/events.js';
import { request, type TestSocket } from '../signaling/test/support/harness.js';
import type { TestExpert } from '../signaling/test/support/queue-seed.js';
import { type MediaWorld, startMediaWorld } from './support/media-world.js';

jest.setTimeout(60_000);

const EXPERTS: TestExpert[] = [
  { id: 'anna', skills: [{ agency: 'tax', language: 'fi' }] },
  { id: 'bea', skills: [{ agency: 'kela', language: 'sv' }] },
];
const STANDBY = standbyRoomId('anna');

let world: MediaWorld;

beforeAll(async () => {
  // One node: the rooms meet there (a standby room on another node than the visit's is moved, not linked).
  world = await startMediaWorld({ experts: EXPERTS, nodeIds: ['sfu-a'] });
});

afterAll(() => world?.close());

describe('a specialist’s standby media', () => {
  let caps: RtpCapabilities;
  let anna: TestSocket;
  let point: TestSocket;
  let stranger: TestSocket;
  let visitId: string;
  let camera: string;
  let session: Session;

  beforeAll(async () => {
    anna = await world.expertSocket('anna');
    point = await world.pointSocket('p1');
    stranger = await world.pointSocket('p2');
    caps = (await ok<{ routerRtpCapabilities: RtpCapabilities }>(request(anna, 'media:capabilities', {})))
      .routerRtpCapabilities;
  });

  it('is granted only to its specialist, and only while they work', async () => {
    expect(await code(request(anna, 'media:join', { roomId: STANDBY, rtpCapabilities: caps }))).toBe(
      'MEDIA_NOT_GRANTED',
    );
    await ok(request(anna, 'presence:set', { state: 'available' }));
    const joined = await ok<MediaJoinResult>(request(anna, 'media:join', { roomId: STANDBY, rtpCapabilities: caps }));
    expect(joined.grant).toMatchObject({ roomId: STANDBY, participantId: 'expert:anna', role: 'expert' });
    const send = joined.transports.find((t) => t.direction === 'send')?.transportId ?? '';
    camera = (
      await ok<{ producerId: string }>(
        request(anna, 'media:produce', {
          roomId: STANDBY,
          transportId: send,
          kind: 'video',
          source: 'camera',
          rtpParameters: vp8Simulcast(100),
        }),
      )
    ).producerId;
    await ok(
      request(anna, 'media:produce', {
        roomId: STANDBY,
        transportId: send,
        kind: 'audio',
        source: 'microphone',
        rtpParameters: opus(900),
      }),
    );
    // A point may not join it.
    expect(await code(request(stranger, 'media:join', { roomId: STANDBY, rtpCapabilities: caps }))).toBe(
      'MEDIA_NOT_GRANTED',
    );
  });

  it('refuses a consume of the held producers by a point not in a session with the specialist', async () => {
    // Not a member of the standby room.
    expect(await code(request(stranger, 'media:consume', { roomId: STANDBY, producerId: camera }))).toBe(
      'MEDIA_NOT_GRANTED',
    );
    // In its own visit's room the producer does not exist.
    const strangerVisit = (await ok<{ visitId: string }>(request(stranger, 'visit:open', {}))).visitId;
    await ok(request(stranger, 'media:join', { roomId: strangerVisit, rtpCapabilities: caps }));
    expect(await code(request(stranger, 'media:consume', { roomId: strangerVisit, producerId: camera }))).toBe(
      'NOT_FOUND',
    );
  });

  it('links at the accept: the point is told the specialist’s producers and only consumes', async () => {
    visitId = (await ok<{ visitId: string }>(request(point, 'visit:open', {}))).visitId;
    const pointJoin = await ok<MediaJoinResult>(
      request(point, 'media:join', { roomId: visitId, rtpCapabilities: caps }),
    );
    const pointSend = pointJoin.transports.find((t) => t.direction === 'send')?.transportId ?? '';
    await ok(
      request(point, 'media:produce', {
        roomId: visitId,
        transportId: pointSend,
        kind: 'video',
        source: 'camera',
        rtpParameters: vp8Simulcast(300),
      }),
    );
    // Before any session the point cannot consume the specialist.
    expect(await code(request(point, 'media:consume', { roomId: visitId, producerId: camera }))).toBe('NOT_FOUND');
    const offer = nextEvent(anna, 'offer:incoming');
    // Told while the offer rings (a pending link) or at the accept: either way before consuming.
    const atPoint = collect(point, visitId);
    const atAnna = collect(anna, STANDBY);
    await ok(request(point, 'request:create', { agency: 'tax', language: 'fi', whenUnavailable: 'wait' }));
    session = await ok<Session>(request(anna, 'offer:accept', { offerId: (await offer).offerId }));
    expect(session.visitId).toBe(visitId);
    const specialistCamera = await until(() =>
      atPoint.find((p) => p.participantId === 'expert:anna' && p.source === 'camera'),
    );
    const pointCamera = await until(() => atAnna.find((p) => p.participantId === 'point:p1' && p.source === 'camera'));
    const consumed = await ok<{ participantId: string; producerPaused: boolean }>(
      request(point, 'media:consume', { roomId: visitId, producerId: specialistCamera.producerId }),
    );
    expect(consumed).toMatchObject({ participantId: 'expert:anna', producerPaused: false });
    await ok(request(anna, 'media:consume', { roomId: STANDBY, producerId: pointCamera.producerId }));
    // Whoever is not in the session still cannot.
    expect(
      await code(request(stranger, 'media:consume', { roomId: visitId, producerId: specialistCamera.producerId })),
    ).toBe('MEDIA_NOT_GRANTED');
  });

  it('ends the link with the session; away closes the standby room', async () => {
    const left = nextEvent(anna, 'media:participant:left');
    await ok(request(anna, 'session:end', { sessionId: session.sessionId }));
    expect(await left).toEqual({ roomId: STANDBY, participantId: 'point:p1' });
    await ok(request(anna, 'session:wrap-up', { sessionId: session.sessionId, outcome: 'resolved' }));
    const revoked = nextEvent(anna, 'media:revoked');
    await ok(request(anna, 'presence:set', { state: 'away', reason: 'break' }));
    expect(await revoked).toEqual({ roomId: STANDBY, reason: 'left' });
    expect(await code(request(anna, 'media:resume', { roomId: STANDBY }))).toBe('ROOM_RESTARTED');
  });
});

describe('a link made pending while the offer rings (MEDIA_LINK_AT_OFFER)', () => {
  let caps: RtpCapabilities;
  let anna: TestSocket;
  let point: TestSocket;
  let visitId: string;
  let annaRecv: string;
  let pointRecv: string;

  const produceCamera = async (socket: TestSocket, roomId: string, joined: MediaJoinResult, ssrc: number) =>
    (
      await ok<{ producerId: string }>(
        request(socket, 'media:produce', {
          roomId,
          transportId: joined.transports.find((t) => t.direction === 'send')?.transportId ?? '',
          kind: 'video',
          source: 'camera',
          rtpParameters: vp8Simulcast(ssrc),
        }),
      )
    ).producerId;
  const consumerOnSfu = (roomId: string, participantId: string, consumerId: string) =>
    world.nodes[0]?.rooms
      .get(roomId)
      .participants.get(participantId as never)
      ?.consumers.get(consumerId)?.consumer;

  beforeAll(async () => {
    anna = await world.expertSocket('anna');
    point = await world.pointSocket('p3');
    caps = (await ok<{ routerRtpCapabilities: RtpCapabilities }>(request(anna, 'media:capabilities', {})))
      .routerRtpCapabilities;
    await ok(request(anna, 'presence:set', { state: 'available' }));
    const annaJoin = await ok<MediaJoinResult>(request(anna, 'media:join', { roomId: STANDBY, rtpCapabilities: caps }));
    annaRecv = annaJoin.transports.find((t) => t.direction === 'recv')?.transportId ?? '';
    await produceCamera(anna, STANDBY, annaJoin, 1100);
    visitId = (await ok<{ visitId: string }>(request(point, 'visit:open', {}))).visitId;
    const pointJoin = await ok<MediaJoinResult>(
      request(point, 'media:join', { roomId: visitId, rtpCapabilities: caps }),
    );
    pointRecv = pointJoin.transports.find((t) => t.direction === 'recv')?.transportId ?? '';
    await produceCamera(point, visitId, pointJoin, 1300);
    expect(annaRecv && pointRecv).toBeTruthy();
  });

  /** A request offered to anna; resolves once both sides were told of the other's camera. */
  const ringing = async () => {
    const atPoint = collect(point, visitId);
    const atAnna = collect(anna, STANDBY);
    const offer = nextEvent(anna, 'offer:incoming');
    const created = await ok<{ ticket: { ticketId: string } }>(
      request(point, 'request:create', { agency: 'tax', language: 'fi', whenUnavailable: 'wait' }),
    );
    const offered = await offer;
    const theirs = await until(() => atAnna.find((p) => p.participantId === 'point:p3' && p.source === 'camera'));
    const annas = await until(() => atPoint.find((p) => p.participantId === 'expert:anna' && p.source === 'camera'));
    return { ticketId: created.ticket.ticketId, offerId: offered.offerId, theirs, annas };
  };

  it('tells both sides while it rings; they consume, nothing is forwarded; a decline ends it', async () => {
    const { ticketId, offerId, theirs, annas } = await ringing();
    const atPoint = await ok<{ consumerId: string; producerPaused: boolean }>(
      request(point, 'media:consume', { roomId: visitId, producerId: annas.producerId }),
    );
    expect(atPoint.producerPaused).toBe(false);
    const atAnna = await ok<{ consumerId: string }>(
      request(anna, 'media:consume', { roomId: STANDBY, producerId: theirs.producerId }),
    );
    await ok(request(point, 'media:consumer:resume', { roomId: visitId, consumerId: atPoint.consumerId }));
    await ok(request(anna, 'media:consumer:resume', { roomId: STANDBY, consumerId: atAnna.consumerId }));
    // The customer's camera reaches no one before the accept; the specialist's stays held.
    expect(consumerOnSfu(STANDBY, 'expert:anna', atAnna.consumerId)?.paused).toBe(true);
    expect(consumerOnSfu(visitId, 'point:p3', atPoint.consumerId)?.producerPaused).toBe(true);

    const leftAtPoint = nextEvent(point, 'media:participant:left');
    const leftAtAnna = nextEvent(anna, 'media:participant:left');
    await ok(request(anna, 'offer:decline', { offerId }));
    expect(await leftAtPoint).toEqual({ roomId: visitId, participantId: 'expert:anna' });
    expect(await leftAtAnna).toEqual({ roomId: STANDBY, participantId: 'point:p3' });
    expect(consumerOnSfu(STANDBY, 'expert:anna', atAnna.consumerId)).toBeUndefined();
    await ok(request(point, 'request:cancel', { ticketId }));
  });

  it('is released at the accept: what was consumed while it rang flows, nothing more to negotiate', async () => {
    const { offerId, theirs } = await ringing();
    const atAnna = await ok<{ consumerId: string }>(
      request(anna, 'media:consume', { roomId: STANDBY, producerId: theirs.producerId }),
    );
    await ok(request(anna, 'media:consumer:resume', { roomId: STANDBY, consumerId: atAnna.consumerId }));
    expect(consumerOnSfu(STANDBY, 'expert:anna', atAnna.consumerId)?.paused).toBe(true);
    const session = await ok<Session>(request(anna, 'offer:accept', { offerId }));
    expect(session.visitId).toBe(visitId);
    expect(consumerOnSfu(STANDBY, 'expert:anna', atAnna.consumerId)?.paused).toBe(false);
    await ok(request(anna, 'session:end', { sessionId: session.sessionId }));
    await ok(request(anna, 'session:wrap-up', { sessionId: session.sessionId, outcome: 'resolved' }));
  });
});

describe('a standby room joined after the accept', () => {
  it('is linked at its join, from the session in progress, and the link ends with the session', async () => {
    const bea = await world.expertSocket('bea');
    const point = await world.pointSocket('p4');
    const caps = (await ok<{ routerRtpCapabilities: RtpCapabilities }>(request(bea, 'media:capabilities', {})))
      .routerRtpCapabilities;
    const visitId = (await ok<{ visitId: string }>(request(point, 'visit:open', {}))).visitId;
    await ok(request(point, 'media:join', { roomId: visitId, rtpCapabilities: caps }));
    await ok(request(bea, 'presence:set', { state: 'available' }));
    const offer = nextEvent(bea, 'offer:incoming');
    await ok(request(point, 'request:create', { agency: 'kela', language: 'sv', whenUnavailable: 'wait' }));
    const session = await ok<Session>(request(bea, 'offer:accept', { offerId: (await offer).offerId }));
    // No standby room at the accept: nothing linked, nothing remembered.
    expect(await world.h.redis.exists(mediaKeys.link(world.h.prefix, visitId))).toBe(0);

    const atPoint = collect(point, visitId);
    const standby = standbyRoomId('bea');
    const joined = await ok<MediaJoinResult>(request(bea, 'media:join', { roomId: standby, rtpCapabilities: caps }));
    await ok(
      request(bea, 'media:produce', {
        roomId: standby,
        transportId: joined.transports.find((t) => t.direction === 'send')?.transportId ?? '',
        kind: 'video',
        source: 'camera',
        rtpParameters: vp8Simulcast(1500),
      }),
    );
    const camera = await until(() => atPoint.find((p) => p.participantId === 'expert:bea' && p.source === 'camera'));
    expect(
      await ok<{ participantId: string }>(
        request(point, 'media:consume', { roomId: visitId, producerId: camera.producerId }),
      ),
    ).toMatchObject({ participantId: 'expert:bea' });

    const left = nextEvent(point, 'media:participant:left');
    await ok(request(bea, 'session:end', { sessionId: session.sessionId }));
    expect(await left).toEqual({ roomId: visitId, participantId: 'expert:bea' });
    await ok(request(bea, 'session:wrap-up', { sessionId: session.sessionId, outcome: 'resolved' }));
  });
});

type Announced = { producerId: string; participantId: string; source: string };

/** Every producer announced to a socket for a room, as it arrives. */
function collect(socket: TestSocket, roomId: string): Announced[] {
  const seen: Announced[] = [];
  socket.on('media:producer:added', (payload: { roomId: string; producer: Announced }) => {
    if (payload.roomId === roomId) seen.push(payload.producer);
  });
  return seen;
}

async function until<T>(probe: () => T | undefined): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('timed out');
}
