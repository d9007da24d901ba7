/**
 * The interpreter's and the supervisor's media (issue 14), through signaling against the real
 * queue, a real Redis and a real SFU node: the interpreter matched with the specialist is granted
 * the visit's room for the session only (microphone and camera, as `interpreter:<id>`), sees the
 * point and is seen; nobody else of the pool is; the grant ends with the session. A supervisor who
 * joins is heard only once they unmute: their microphone starts paused at the SFU even when the
 * app asks otherwise.
 */
import type { MediaJoinResult, ProducerInfo, RtpCapabilities, Session } from '@etapiste/protocol';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { opus, vp8Simulcast } from '../sfu-server/test/support/sfu-node.js';
import { code, ok } from '../signaling/test/support/acks.js';
import { nextEvent } from '../signaling/test/support/events.js';
import { request, type TestSocket } from '../signaling/test/support/harness.js';
import type { TestExpert } from '../signaling/test/support/queue-seed.js';
import { type MediaWorld, startMediaWorld } from './support/media-world.js';

jest.setTimeout(60_000);

const PEOPLE: TestExpert[] = [
  { id: 'anna', skills: [{ agency: 'tax', language: 'fi' }] },
  { id: 'ilona', skills: [], interpreterPairs: [{ language: 'ar', serviceLanguage: 'fi' }] },
  { id: 'ilkka', skills: [], interpreterPairs: [{ language: 'ar', serviceLanguage: 'fi' }] },
  { id: 'maria', skills: [], supervises: ['tax'] },
  // A specialist of another queue who also supervises tax: listens in under her specialist's id.
  { id: 'saara', skills: [{ agency: 'kela', language: 'fi' }], supervises: ['tax'] },
];

let world: MediaWorld;

beforeAll(async () => {
  world = await startMediaWorld({ experts: PEOPLE, nodeIds: ['sfu-a'] });
});

afterAll(() => world?.close());

describe('the interpreter and the supervisor in the call', () => {
  let caps: RtpCapabilities;
  let point: TestSocket;
  let anna: TestSocket;
  let ilona: TestSocket;
  let session: Session;
  let pointCamera: string;

  it('grants the interpreter the visit room for their session, both ways', async () => {
    point = await world.pointSocket('p1');
    anna = await world.expertSocket('anna');
    ilona = await world.expertSocket('ilona');
    caps = (await ok<{ routerRtpCapabilities: RtpCapabilities }>(request(point, 'media:capabilities', {})))
      .routerRtpCapabilities;
    const visitId = (await ok<{ visitId: string }>(request(point, 'visit:open', {}))).visitId;
    const pointJoin = await ok<MediaJoinResult>(
      request(point, 'media:join', { roomId: visitId, rtpCapabilities: caps }),
    );
    pointCamera = (
      await ok<{ producerId: string }>(
        request(point, 'media:produce', {
          roomId: visitId,
          transportId: pointJoin.transports[0]?.transportId,
          kind: 'video',
          source: 'camera',
          rtpParameters: vp8Simulcast(100),
        }),
      )
    ).producerId;

    await ok(request(anna, 'presence:set', { state: 'available' }));
    const offer = nextEvent(ilona, 'offer:incoming');
    await ok(request(ilona, 'presence:set', { state: 'available' }));
    await ok(
      request(point, 'request:create', {
        agency: 'tax',
        language: 'fi',
        interpreterLanguage: 'ar',
        whenUnavailable: 'wait',
      }),
    );
    const { offerId } = await offer;
    // Before the session nobody of the pool may join the visit's room.
    expect(await code(request(ilona, 'media:join', { roomId: visitId, rtpCapabilities: caps }))).toBe(
      'MEDIA_NOT_GRANTED',
    );
    await ok(request(ilona, 'offer:accept', { offerId }));
    session = await ok<Session>(request(anna, 'offer:accept', { offerId }));

    const joined = nextEvent(point, 'media:participant:joined');
    const ilonaJoin = await ok<MediaJoinResult>(
      request(ilona, 'media:join', { roomId: visitId, rtpCapabilities: caps }),
    );
    expect(ilonaJoin.grant).toEqual({
      roomId: visitId,
      participantId: 'interpreter:ilona',
      role: 'interpreter',
      sources: ['microphone', 'camera'],
      sessionId: session.sessionId,
    });
    expect((await joined).participantId).toBe('interpreter:ilona');
    // She sees the point; the point sees her camera.
    await ok(request(ilona, 'media:consume', { roomId: visitId, producerId: pointCamera }));
    const added = nextEvent(point, 'media:producer:added');
    await ok(
      request(ilona, 'media:produce', {
        roomId: visitId,
        transportId: ilonaJoin.transports[0]?.transportId,
        kind: 'video',
        source: 'camera',
        rtpParameters: vp8Simulcast(700),
      }),
    );
    expect((await added).producer).toMatchObject({ participantId: 'interpreter:ilona', source: 'camera' });
    // Not a document camera, and another interpreter of the pool is refused.
    expect(
      await code(
        request(ilona, 'media:produce', {
          roomId: visitId,
          transportId: ilonaJoin.transports[0]?.transportId,
          kind: 'video',
          source: 'document-camera',
          rtpParameters: vp8Simulcast(800),
        }),
      ),
    ).toBe('MEDIA_NOT_GRANTED');
    const ilkka = await world.expertSocket('ilkka');
    expect(await code(request(ilkka, 'media:join', { roomId: visitId, rtpCapabilities: caps }))).toBe(
      'MEDIA_NOT_GRANTED',
    );
  });

  it("holds a joined supervisor's microphone at the SFU until they unmute", async () => {
    const maria = await world.expertSocket('maria');
    await ok(request(maria, 'session:join-as-supervisor', { sessionId: session.sessionId }));
    const mariaJoin = await ok<MediaJoinResult>(
      request(maria, 'media:join', { roomId: session.visitId, rtpCapabilities: caps }),
    );
    expect(mariaJoin.grant.participantId).toBe('supervisor:maria');
    const added = nextEvent(point, 'media:producer:added');
    // The app asks for an unpaused microphone: the SFU holds it anyway.
    const { producerId } = await ok<{ producerId: string }>(
      request(maria, 'media:produce', {
        roomId: session.visitId,
        transportId: mariaJoin.transports[0]?.transportId,
        kind: 'audio',
        source: 'microphone',
        paused: false,
        rtpParameters: opus(950),
      }),
    );
    const producer: ProducerInfo = (await added).producer;
    expect(producer).toMatchObject({ participantId: 'supervisor:maria', source: 'microphone', paused: true });
    // Her own resume is what forwards it.
    const resumed = nextEvent(point, 'media:producer:paused');
    await ok(request(maria, 'media:producer:set', { roomId: session.visitId, producerId, action: 'resume' }));
    expect(await resumed).toMatchObject({ participantId: 'supervisor:maria', producerId, paused: false });
  });

  it("holds the microphone of a specialist who joins as a supervisor, as any supervisor's", async () => {
    // One supervisor at a time: the first one leaves.
    const maria = await world.expertSocket('maria');
    await ok(request(maria, 'session:leave-as-supervisor', { sessionId: session.sessionId }));
    const saara = await world.expertSocket('saara');
    await ok(request(saara, 'session:join-as-supervisor', { sessionId: session.sessionId }));
    const join = await ok<MediaJoinResult>(
      request(saara, 'media:join', { roomId: session.visitId, rtpCapabilities: caps }),
    );
    expect(join.grant).toMatchObject({ role: 'supervisor', participantId: 'expert:saara' });
    const added = nextEvent(point, 'media:producer:added');
    await ok(
      request(saara, 'media:produce', {
        roomId: session.visitId,
        transportId: join.transports[0]?.transportId,
        kind: 'audio',
        source: 'microphone',
        paused: false,
        rtpParameters: opus(960),
      }),
    );
    expect((await added).producer).toMatchObject({ participantId: 'expert:saara', source: 'microphone', paused: true });
  });

  it("ends the interpreter's grant with the session", async () => {
    await ok(request(anna, 'session:end', { sessionId: session.sessionId }));
    const again = await world.expertSocket('ilona');
    expect(await code(request(again, 'media:join', { roomId: session.visitId, rtpCapabilities: caps }))).toBe(
      'MEDIA_NOT_GRANTED',
    );
  });
});
