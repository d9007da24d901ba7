/**
 * Standby rooms on a real SFU node (room-links.ts): a specialist's producers held in their standby
 * room and consumable by nobody else; a link to a visit's room (on another worker) mirrors each
 * side into the other with pipes, lets the standby producers go and makes only consumers
 * necessary; mute and new producers follow the link; the session's end (the mirror leaving) and
 * a closed visit room end it and hold the producers again.
 */
import type { RtpCapabilities } from '@etapiste/protocol';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { SfuNode } from '../src/node.js';
import { control, ok, opus, startTestNode, vp8Simulcast } from './support/sfu-node.js';

// A real mediasoup worker starts in the hook: seconds on a loaded machine.
jest.setTimeout(60_000);

let node: SfuNode & { prefix: string };
let caps: RtpCapabilities;

beforeAll(async () => {
  node = await startTestNode();
  caps = (await ok(node, 'capabilities', {})).routerRtpCapabilities;
});

afterAll(async () => {
  await node.close();
});

const STANDBY = 'standby-aino';
const VISIT = 'visit-standby-01';
const E = 'expert:aino';
const P = 'point:mikkeli';
const OTHER = 'point:kouvola';

async function waitFor(probe: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (probe()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function member(roomId: string, participantId: string, sources: ('microphone' | 'camera' | 'screen')[]) {
  await ok(node, 'participant.join', { roomId, participantId, rtpCapabilities: caps, sources });
  const send = await ok(node, 'transport.create', { roomId, participantId, direction: 'send', tcpOnly: false });
  const recv = await ok(node, 'transport.create', { roomId, participantId, direction: 'recv', tcpOnly: false });
  return { send: send.transportId, recv: recv.transportId };
}

const paused = (roomId: string, producerId: string) =>
  [...node.rooms.get(roomId).participants.values()].find((p) => p.producers.has(producerId))?.producers.get(producerId)
    ?.producer.paused;

describe('a standby room', () => {
  let camera: string;
  let microphone: string;
  let pointCamera: string;
  /** The pipes' ids in the other room (a pipe has its own id). */
  let cameraAtVisit: string;
  let pointCameraAtStandby: string;

  beforeAll(async () => {
    // Two workers: the link pipes across them, as it would when placement chose differently.
    await ok(node, 'room.open', { roomId: STANDBY, workerIndex: 0 });
    await ok(node, 'room.open', { roomId: VISIT, workerIndex: 1 });
    const expert = await member(STANDBY, E, ['microphone', 'camera', 'screen']);
    const produce = (source: 'camera' | 'microphone', rtpParameters: ReturnType<typeof opus>) =>
      ok(node, 'produce', {
        roomId: STANDBY,
        participantId: E,
        transportId: expert.send,
        kind: source === 'camera' ? 'video' : 'audio',
        source,
        rtpParameters,
        paused: false,
      });
    camera = (await produce('camera', vp8Simulcast(1000))).producer.producerId;
    microphone = (await produce('microphone', opus(5000))).producer.producerId;
    const point = await member(VISIT, P, ['microphone', 'camera']);
    pointCamera = (
      await ok(node, 'produce', {
        roomId: VISIT,
        participantId: P,
        transportId: point.send,
        kind: 'video',
        source: 'camera',
        rtpParameters: vp8Simulcast(2000),
        paused: false,
      })
    ).producer.producerId;
  });

  it('holds the specialist’s producers: paused on the SFU although they sent them unpaused', () => {
    expect(paused(STANDBY, camera)).toBe(true);
    expect(paused(STANDBY, microphone)).toBe(true);
  });

  it('lets nobody else consume them before a link: not a member there, not found in a visit', async () => {
    // Another point in its own visit names the specialist's producer: it is not in that room.
    await ok(node, 'room.open', { roomId: 'visit-standby-02' });
    await member('visit-standby-02', OTHER, ['microphone', 'camera']);
    expect(
      await control(node, 'consume', { roomId: 'visit-standby-02', participantId: OTHER, producerId: camera }),
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    // The point of the visit to be linked, before the link: not found either.
    expect(await control(node, 'consume', { roomId: VISIT, participantId: P, producerId: camera })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    // Nobody but the specialist is in the standby room.
    expect(await control(node, 'consume', { roomId: STANDBY, participantId: P, producerId: camera })).toMatchObject({
      ok: false,
      error: { code: 'MEDIA_NOT_GRANTED' },
    });
    expect(node.rooms.get(STANDBY).participants.size).toBe(1);
  });

  it('refuses a link that is not standby → visit', async () => {
    expect(await control(node, 'room.link', { roomId: VISIT, targetRoomId: STANDBY })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
  });

  it('links to the visit: each side mirrored into the other, producers let go, only consumers needed', async () => {
    const linked = await ok(node, 'room.link', { roomId: STANDBY, targetRoomId: VISIT });
    expect(linked.target.replaced).toEqual([]);
    expect(linked.target.joined).toEqual([
      {
        participantId: E,
        producers: expect.arrayContaining([
          expect.objectContaining({ kind: 'video', source: 'camera', paused: false }),
          expect.objectContaining({ kind: 'audio', source: 'microphone', paused: false }),
        ]),
      },
    ]);
    expect(linked.room.joined).toEqual([
      { participantId: P, producers: [expect.objectContaining({ source: 'camera' })] },
    ]);
    cameraAtVisit = linked.target.joined[0]?.producers.find((p) => p.source === 'camera')?.producerId as string;
    pointCameraAtStandby = linked.room.joined[0]?.producers[0]?.producerId as string;
    expect(paused(STANDBY, camera)).toBe(false);
    const atPoint = await ok(node, 'consume', { roomId: VISIT, participantId: P, producerId: cameraAtVisit });
    expect(atPoint).toMatchObject({ participantId: E, source: 'camera', producerPaused: false, type: 'simulcast' });
    const atExpert = await ok(node, 'consume', { roomId: STANDBY, participantId: E, producerId: pointCameraAtStandby });
    expect(atExpert).toMatchObject({ participantId: P, source: 'camera', producerPaused: false });
    // A mirror is no membership: the specialist cannot act in the visit's room through it.
    expect(
      await control(node, 'transport.create', { roomId: VISIT, participantId: E, direction: 'recv', tcpOnly: false }),
    ).toMatchObject({
      ok: false,
      error: { code: 'MEDIA_NOT_GRANTED' },
    });
    // Another visit's point still cannot.
    expect(
      await control(node, 'consume', { roomId: 'visit-standby-02', participantId: OTHER, producerId: camera }),
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('mirrors mute and new producers through the link, and says which rooms to tell', async () => {
    const muted = await ok(node, 'producer.set', {
      roomId: STANDBY,
      participantId: E,
      producerId: camera,
      action: 'pause',
    });
    expect(muted.mirrors).toEqual([{ roomId: VISIT, producerId: cameraAtVisit }]);
    await waitFor(() => paused(VISIT, cameraAtVisit) === true, 'the pipe paused with its producer');
    await ok(node, 'producer.set', { roomId: STANDBY, participantId: E, producerId: camera, action: 'resume' });
    await waitFor(() => paused(VISIT, cameraAtVisit) === false, 'the pipe resumed');
    const transportId = [...(node.rooms.get(STANDBY).participants.get(E)?.transports.values() ?? [])].find(
      (t) => t.appData.direction === 'send',
    )?.id as string;
    const screen = await ok(node, 'produce', {
      roomId: STANDBY,
      participantId: E,
      transportId,
      kind: 'video',
      source: 'screen',
      rtpParameters: { ...vp8Simulcast(3000), mid: '3' },
      paused: false,
    });
    expect(screen.mirrored).toEqual([
      { roomId: VISIT, producer: expect.objectContaining({ source: 'screen', participantId: E }) },
    ]);
    await ok(node, 'consume', {
      roomId: VISIT,
      participantId: P,
      producerId: screen.mirrored[0]?.producer.producerId as string,
    });
  });

  it('ends with the session: the mirror leaving the visit takes the point’s mirror out and holds again', async () => {
    const left = await ok(node, 'participant.leave', { roomId: VISIT, participantId: E });
    expect(left).toEqual({ left: true, mirrorsLeft: [{ roomId: STANDBY, participantIds: [P] }] });
    expect(paused(STANDBY, camera)).toBe(true);
    expect(node.rooms.get(STANDBY).participants.has(P)).toBe(false);
    expect(node.rooms.get(VISIT).participants.has(E)).toBe(false);
    for (const producerId of [camera, cameraAtVisit]) {
      expect(await control(node, 'consume', { roomId: VISIT, participantId: P, producerId })).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND' },
      });
    }
  });

  it('links again, and a visit room that closes ends the link and holds the producers', async () => {
    await ok(node, 'room.link', { roomId: STANDBY, targetRoomId: VISIT });
    expect(paused(STANDBY, camera)).toBe(false);
    expect((await ok(node, 'room.links', { roomId: STANDBY })).linkedRooms).toEqual([VISIT]);
    await ok(node, 'room.close', { roomId: VISIT });
    await waitFor(() => paused(STANDBY, camera) === true, 'held again');
    expect((await ok(node, 'room.links', { roomId: STANDBY })).linkedRooms).toEqual([]);
  });

  it('links rooms on one worker without a pipe: the visit consumes the real producer, and the unlink closes that consumer', async () => {
    const ROOM = 'visit-standby-03';
    await ok(node, 'room.open', { roomId: ROOM, workerIndex: 0 });
    await member(ROOM, 'point:lahti', ['microphone', 'camera']);
    // Rooms of one worker share its router (worker-pool.ts): nothing is copied.
    expect(node.rooms.get(ROOM).router).toBe(node.rooms.get(STANDBY).router);
    const linked = await ok(node, 'room.link', { roomId: STANDBY, targetRoomId: ROOM });
    expect(linked.target.joined[0]?.producers.find((p) => p.source === 'camera')?.producerId).toBe(camera);
    // Told as not paused (its owner did not mute it), though it waits for its first consumer.
    expect(linked.target.joined[0]?.producers.find((p) => p.source === 'camera')?.paused).toBe(false);
    const { consumerId, producerPaused } = await ok(node, 'consume', {
      roomId: ROOM,
      participantId: 'point:lahti',
      producerId: camera,
    });
    expect(producerPaused).toBe(false);
    const consumer = node.rooms.get(ROOM).participants.get('point:lahti')?.consumers.get(consumerId)?.consumer;
    expect(consumer?.closed).toBe(false);
    // Let go, but resumed only with its first consumer: its keyframe is then the consumer's.
    expect(paused(STANDBY, camera)).toBe(true);
    await ok(node, 'consumer.resume', { roomId: ROOM, participantId: 'point:lahti', consumerId });
    expect(paused(STANDBY, camera)).toBe(false);
    expect(paused(STANDBY, microphone)).toBe(true);
    // Another room of the same router still cannot name it: rooms are the isolation, not routers.
    await ok(node, 'room.open', { roomId: 'visit-standby-04', workerIndex: 0 });
    await member('visit-standby-04', 'point:imatra', ['microphone', 'camera']);
    expect(
      await control(node, 'consume', { roomId: 'visit-standby-04', participantId: 'point:imatra', producerId: camera }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    await ok(node, 'room.unlink', { roomId: STANDBY, targetRoomId: ROOM });
    expect(paused(STANDBY, camera)).toBe(true);
    // The link's end takes the point's consumer of the specialist with it, not the producer.
    expect(consumer?.closed).toBe(true);
    expect(node.rooms.get(STANDBY).participants.get(E)?.producers.get(camera)?.producer.closed).toBe(false);
    expect(
      await control(node, 'consume', { roomId: ROOM, participantId: 'point:lahti', producerId: camera }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('links pending while an offer rings: consumers made on both sides, nothing flows until the release', async () => {
    const ROOM = 'visit-standby-05';
    const POINT = 'point:mikkeli-5';
    for (const other of (await ok(node, 'room.links', { roomId: STANDBY })).linkedRooms)
      await ok(node, 'room.unlink', { roomId: STANDBY, targetRoomId: other });
    await ok(node, 'room.open', { roomId: ROOM, workerIndex: 0 });
    const point = await member(ROOM, POINT, ['microphone', 'camera']);
    const theirCamera = (
      await ok(node, 'produce', {
        roomId: ROOM,
        participantId: POINT,
        transportId: point.send,
        kind: 'video',
        source: 'camera',
        rtpParameters: vp8Simulcast(5000),
        paused: false,
      })
    ).producer.producerId;
    const standby = node.rooms.get(STANDBY);
    const consumerOf = (roomId: string, participantId: string, consumerId: string) =>
      node.rooms
        .get(roomId)
        .participants.get(participantId as never)
        ?.consumers.get(consumerId)?.consumer;
    // Both sides consume and resume, as their pages do at the pushes.
    const consumeBoth = async () => {
      const atPoint = await ok(node, 'consume', { roomId: ROOM, participantId: POINT, producerId: camera });
      expect(atPoint.producerPaused).toBe(false);
      await ok(node, 'consumer.resume', { roomId: ROOM, participantId: POINT, consumerId: atPoint.consumerId });
      const atExpert = await ok(node, 'consume', { roomId: STANDBY, participantId: E, producerId: theirCamera });
      await ok(node, 'consumer.resume', { roomId: STANDBY, participantId: E, consumerId: atExpert.consumerId });
      return {
        atPoint: consumerOf(ROOM, POINT, atPoint.consumerId),
        atExpert: consumerOf(STANDBY, E, atExpert.consumerId),
      };
    };

    const pending = await ok(node, 'room.link', { roomId: STANDBY, targetRoomId: ROOM, pending: true });
    expect(pending.target.joined.map((j) => j.participantId)).toEqual([E]);
    expect(pending.room.joined.map((j) => j.participantId)).toEqual([POINT]);
    // One pending link at a time, and only on one router.
    await ok(node, 'room.open', { roomId: 'visit-standby-06', workerIndex: 0 });
    expect(
      await control(node, 'room.link', { roomId: STANDBY, targetRoomId: 'visit-standby-06', pending: true }),
    ).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    // Asked again (a second process heard the same offer): nothing new.
    expect(await ok(node, 'room.link', { roomId: STANDBY, targetRoomId: ROOM, pending: true })).toEqual({
      room: { replaced: [], joined: [] },
      target: { replaced: [], joined: [] },
    });

    let consumers = await consumeBoth();
    // Nothing flows: the specialist's camera is still held, their consumer of the point kept paused.
    expect(paused(STANDBY, camera)).toBe(true);
    expect(consumers.atPoint?.paused).toBe(false);
    expect(consumers.atExpert?.paused).toBe(true);

    // The offer is withdrawn: the pending link ends, and its consumers with it.
    const withdrawn = await ok(node, 'room.unlink', { roomId: STANDBY, targetRoomId: ROOM, pendingOnly: true });
    expect(withdrawn.mirrorsLeft.map((m) => m.roomId).sort()).toEqual([ROOM, STANDBY].sort());
    expect(consumers.atPoint?.closed).toBe(true);
    expect(consumers.atExpert?.closed).toBe(true);
    expect(paused(STANDBY, camera)).toBe(true);
    expect(standby.held).toBe(true);

    // Rung again and accepted: one call releases it, with nothing new to tell.
    await ok(node, 'room.link', { roomId: STANDBY, targetRoomId: ROOM, pending: true });
    consumers = await consumeBoth();
    expect(await ok(node, 'room.link', { roomId: STANDBY, targetRoomId: ROOM })).toEqual({
      room: { replaced: [], joined: [] },
      target: { replaced: [], joined: [] },
    });
    expect(paused(STANDBY, camera)).toBe(false);
    expect(consumers.atExpert?.paused).toBe(false);
    expect(standby.held).toBe(false);
    // A withdrawal heard late does not end the call.
    expect(await ok(node, 'room.unlink', { roomId: STANDBY, targetRoomId: ROOM, pendingOnly: true })).toEqual({
      mirrorsLeft: [],
    });
    expect(consumers.atExpert?.closed).toBe(false);
    await ok(node, 'room.unlink', { roomId: STANDBY, targetRoomId: ROOM });
    expect(paused(STANDBY, camera)).toBe(true);
  });

  it('lets a pending link of another offer give way to an accepted one', async () => {
    const [A, B] = ['visit-standby-07', 'visit-standby-08'];
    await ok(node, 'room.open', { roomId: A, workerIndex: 0 });
    await ok(node, 'room.open', { roomId: B, workerIndex: 0 });
    await member(A, 'point:a', ['camera']);
    await member(B, 'point:b', ['camera']);
    await ok(node, 'room.link', { roomId: STANDBY, targetRoomId: A, pending: true });
    // The withdrawal of A's offer not heard yet, B's accept links: A's pending link goes.
    const linked = await ok(node, 'room.link', { roomId: STANDBY, targetRoomId: B });
    expect(linked.mirrorsLeft?.map((m) => m.roomId).sort()).toEqual([A, STANDBY].sort());
    expect((await ok(node, 'room.links', { roomId: STANDBY })).linkedRooms).toEqual([B]);
    expect(node.rooms.get(STANDBY).held).toBe(false);
    await ok(node, 'room.unlink', { roomId: STANDBY, targetRoomId: B });
  });

  it('closes its producers when the specialist leaves (away, console closed)', async () => {
    const standby = node.rooms.get(STANDBY);
    const producer = standby.participants.get(E)?.producers.get(camera)?.producer;
    await ok(node, 'participant.leave', { roomId: STANDBY, participantId: E });
    expect(producer?.closed).toBe(true);
  });
});
