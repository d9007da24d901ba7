/**
 * Rooms on a real SFU node (real mediasoup workers, control API over HTTP, Redis registry):
 * the whole produce/consume flow, ownership and grant checks that change nothing, malformed
 * parameters and parameters the router does not offer, replayed and oversized control requests,
 * the transport limit, abs-capture-time stripping, SIGKILL recovery and idle close.
 */
import type { RtpParameters } from '@etapiste/protocol';
import {
  CONTROL_SIGNATURE_HEADER,
  mediaKeys,
  type SfuEvent,
  SfuNodeStatus,
  sfuRegistryKeys,
  signControl,
} from '@etapiste/sfu-control';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import type { SfuNode } from '../src/node.js';
import {
  ABS_CAPTURE_TIME,
  CONTROL_SECRET,
  control,
  ok,
  opus,
  startTestNode,
  testRedisUrl,
  vp8Simulcast,
} from './support/sfu-node.js';

let node: SfuNode & { prefix: string };
let subscriber: Redis;
const events: SfuEvent[] = [];

beforeAll(async () => {
  node = await startTestNode({ SFU_ROOM_IDLE_MS: '400', SFU_QUALITY_INTERVAL_MS: '300' });
  subscriber = new Redis(testRedisUrl());
  await subscriber.subscribe(mediaKeys.events(node.prefix));
  subscriber.on('message', (_channel, message) => events.push(JSON.parse(message) as SfuEvent));
});

afterAll(async () => {
  await node.close();
  await subscriber.quit();
});

const ROOM = 'visit-room-0001';
const A = 'point:mikkeli';
const B = 'expert:aino';

async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('control API', () => {
  it('refuses unsigned and wrongly signed commands', async () => {
    const unsigned = await fetch(`${node.controlUrl}/control/v1/capabilities`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(unsigned.status).toBe(401);
    const wrong = await control(node, 'capabilities', {}, 'another-secret-that-is-long-enough-000000');
    expect(wrong).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  /** Sends a request exactly as given (headers and body); its HTTP status and answer. */
  async function post(command: string, body: string, headers: Record<string, string>) {
    const response = await fetch(`${node.controlUrl}/control/v1/${command}`, { method: 'POST', headers, body });
    return { status: response.status, answer: await response.json() };
  }

  it('accepts a signed request once: the same request sent again is refused and does nothing', async () => {
    const body = JSON.stringify({ roomId: 'visit-replay-01' });
    const headers = {
      'content-type': 'application/json',
      [CONTROL_SIGNATURE_HEADER]: signControl(CONTROL_SECRET, 'room.open', body),
    };
    expect(await post('room.open', body, headers)).toMatchObject({
      status: 200,
      answer: { ok: true, data: { roomId: 'visit-replay-01', created: true } },
    });
    await ok(node, 'room.close', { roomId: 'visit-replay-01' });
    expect(await post('room.open', body, headers)).toMatchObject({
      status: 401,
      answer: { ok: false, error: { code: 'UNAUTHENTICATED' } },
    });
    expect(() => node.rooms.get('visit-replay-01')).toThrow();
  });

  it('answers a request it cannot take (over the body limit, a form) with its own coded answer', async () => {
    const big = JSON.stringify({ roomId: 'visit-big-01', padding: 'x'.repeat(70 * 1024) });
    const oversized = await post('room.open', big, {
      'content-type': 'application/json',
      [CONTROL_SIGNATURE_HEADER]: signControl(CONTROL_SECRET, 'room.open', big),
    });
    expect(oversized).toEqual({
      status: 413,
      answer: { ok: false, error: { code: 'PAYLOAD_TOO_LARGE', message: expect.any(String) } },
    });
    const text = await post('room.open', 'roomId=visit-big-01', {
      'content-type': 'application/x-www-form-urlencoded',
      [CONTROL_SIGNATURE_HEADER]: signControl(CONTROL_SECRET, 'room.open', 'roomId=visit-big-01'),
    });
    expect(text).toEqual({
      status: 415,
      answer: { ok: false, error: { code: 'VALIDATION_FAILED', message: expect.any(String) } },
    });
    expect(() => node.rooms.get('visit-big-01')).toThrow();
  });

  it('publishes its control URL and live room counts in the registry', async () => {
    await ok(node, 'room.open', { roomId: 'visit-registry-01' });
    const status = await node.registry.beat();
    const redis = new Redis(testRedisUrl());
    const stored = SfuNodeStatus.parse(
      JSON.parse((await redis.get(sfuRegistryKeys.node(node.prefix, status.nodeId))) ?? ''),
    );
    await redis.quit();
    expect(stored.controlUrl).toBe(node.controlUrl);
    expect(stored.workers.reduce((sum, w) => sum + w.rooms, 0)).toBeGreaterThanOrEqual(1);
    await ok(node, 'room.close', { roomId: 'visit-registry-01' });
  });

  it('answers router capabilities with Opus, VP8 and H.264', async () => {
    const { routerRtpCapabilities } = await ok(node, 'capabilities', {});
    const mimeTypes = routerRtpCapabilities.codecs?.map((c) => c.mimeType);
    expect(mimeTypes).toEqual(expect.arrayContaining(['audio/opus', 'video/VP8', 'video/H264']));
  });
});

describe('media parameters the router does not offer', () => {
  const PARAMS_ROOM = 'visit-room-params';
  const C = 'expert:sanna';
  let send: string;

  beforeAll(async () => {
    const caps = (await ok(node, 'capabilities', {})).routerRtpCapabilities;
    await ok(node, 'room.open', { roomId: PARAMS_ROOM, workerIndex: 0 });
    await ok(node, 'participant.join', {
      roomId: PARAMS_ROOM,
      participantId: C,
      rtpCapabilities: caps,
      sources: ['microphone', 'camera'],
    });
    send = (
      await ok(node, 'transport.create', { roomId: PARAMS_ROOM, participantId: C, direction: 'send', tcpOnly: false })
    ).transportId;
  });

  afterAll(async () => {
    await ok(node, 'room.close', { roomId: PARAMS_ROOM });
  });

  const produce = (kind: 'audio' | 'video', source: 'microphone' | 'camera', rtpParameters: RtpParameters) =>
    control(node, 'produce', {
      roomId: PARAMS_ROOM,
      participantId: C,
      transportId: send,
      kind,
      source,
      rtpParameters,
      paused: false,
    });
  const connect = (fingerprints: { algorithm: string; value: string }[]) =>
    control(node, 'transport.connect', {
      roomId: PARAMS_ROOM,
      participantId: C,
      transportId: send,
      dtlsParameters: { role: 'client', fingerprints },
    });
  const sha256 = (byte: string) => Array.from({ length: 32 }, () => byte).join(':');

  it('refuses a codec of the other kind, SSRCs beyond 32 bits and malformed DTLS fingerprints; nothing changes', async () => {
    const room = node.rooms.get(PARAMS_ROOM);
    const before = JSON.stringify(await room.router.dump());
    const pid = node.pool.slots().find((s) => s.index === 0)?.worker.pid;
    const refusals = [
      // an audio producer sending VP8
      await produce('audio', 'microphone', vp8Simulcast(8000)),
      // a video codec declared for audio next to Opus
      await produce('audio', 'microphone', {
        ...opus(8100),
        codecs: [...opus(8100).codecs, ...vp8Simulcast(8100).codecs],
      }),
      // SSRCs of 2^32 and above: the media's, and the RTX of a simulcast layer
      await produce('audio', 'microphone', { ...opus(0), encodings: [{ ssrc: 2 ** 32 }] }),
      await produce('video', 'camera', vp8Simulcast(2 ** 32 - 2)),
      // DTLS fingerprints: empty, too short, of an algorithm the transport does not offer
      await connect([{ algorithm: 'sha-256', value: '' }]),
      await connect([{ algorithm: 'sha-256', value: 'AA' }]),
      await connect([{ algorithm: 'md5', value: sha256('AB').slice(0, 47) }]),
      await connect([
        { algorithm: 'sha-256', value: sha256('AB') },
        { algorithm: 'sha-1', value: sha256('AB') },
      ]),
    ];
    expect(refusals.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(refusals.map(() => 'INVALID_RTP_PARAMETERS'));
    expect(JSON.stringify(await room.router.dump())).toBe(before);
    expect(room.participants.get(C)?.producers.size).toBe(0);
    expect(room.participants.get(C)?.transports.get(send)?.dtlsState).toBe('new');
    expect(node.pool.slots().find((s) => s.index === 0)?.worker.pid).toBe(pid);
  });

  it('still takes what browsers send: a SHA-256 fingerprint, Opus, a VP8 simulcast camera up to the last SSRC', async () => {
    expect(await connect([{ algorithm: 'sha-256', value: sha256('AB') }])).toMatchObject({ ok: true });
    expect(await produce('audio', 'microphone', opus(8200))).toMatchObject({ ok: true });
    expect(await produce('video', 'camera', vp8Simulcast(2 ** 32 - 6))).toMatchObject({ ok: true });
  });
});

describe('a room', () => {
  let caps: Awaited<ReturnType<typeof ok<'capabilities'>>>['routerRtpCapabilities'];
  let sendA: string;
  let recvB: string;
  let videoA: string;

  beforeAll(async () => {
    caps = (await ok(node, 'capabilities', {})).routerRtpCapabilities;
    const opened = await ok(node, 'room.open', { roomId: ROOM, workerIndex: 1 });
    expect(opened).toEqual({ roomId: ROOM, workerIndex: 1, created: true });
    expect(await ok(node, 'room.open', { roomId: ROOM })).toMatchObject({ workerIndex: 1, created: false });
    await ok(node, 'participant.join', {
      roomId: ROOM,
      participantId: A,
      rtpCapabilities: caps,
      sources: ['microphone', 'camera', 'document-camera'],
    });
    const joinedB = await ok(node, 'participant.join', {
      roomId: ROOM,
      participantId: B,
      rtpCapabilities: caps,
      sources: ['microphone', 'camera'],
    });
    expect(joinedB.participants).toEqual([{ participantId: A, producers: [] }]);
  });

  it('creates transports on the worker WebRtcServer, TCP only on request', async () => {
    const send = await ok(node, 'transport.create', {
      roomId: ROOM,
      participantId: A,
      direction: 'send',
      tcpOnly: false,
    });
    sendA = send.transportId;
    const protocols = new Set(send.iceCandidates.map((c) => c.protocol));
    expect(protocols).toEqual(new Set(['udp', 'tcp']));
    const slot = node.pool.slots().find((s) => s.index === 1);
    expect(send.iceCandidates.every((c) => c.port === slot?.port)).toBe(true);
    const recv = await ok(node, 'transport.create', {
      roomId: ROOM,
      participantId: B,
      direction: 'recv',
      tcpOnly: true,
    });
    recvB = recv.transportId;
    expect(recv.iceCandidates.map((c) => c.protocol)).toEqual(['tcp']);
  });

  it('produces a simulcast camera without the abs-capture-time declaration', async () => {
    const { producer } = await ok(node, 'produce', {
      roomId: ROOM,
      participantId: A,
      transportId: sendA,
      kind: 'video',
      source: 'camera',
      rtpParameters: vp8Simulcast(1000),
      paused: false,
    });
    videoA = producer.producerId;
    expect(producer).toMatchObject({ participantId: A, source: 'camera', kind: 'video', paused: false });
    const room = node.rooms.get(ROOM);
    const stored = room.participants.get(A)?.producers.get(videoA)?.producer;
    expect(stored?.rtpParameters.headerExtensions?.map((e) => e.uri)).not.toContain(ABS_CAPTURE_TIME);
    expect(stored?.type).toBe('simulcast');
    await ok(node, 'produce', {
      roomId: ROOM,
      participantId: A,
      transportId: sendA,
      kind: 'audio',
      source: 'microphone',
      rtpParameters: opus(5000),
      paused: false,
    });
  });

  it('consumes paused, resumes on request and takes layer preferences', async () => {
    const consumer = await ok(node, 'consume', { roomId: ROOM, participantId: B, producerId: videoA });
    expect(consumer).toMatchObject({
      participantId: A,
      source: 'camera',
      kind: 'video',
      paused: true,
      type: 'simulcast',
    });
    const stored = node.rooms.get(ROOM).participants.get(B)?.consumers.get(consumer.consumerId)?.consumer;
    expect(stored?.paused).toBe(true);
    await ok(node, 'consumer.resume', { roomId: ROOM, participantId: B, consumerId: consumer.consumerId });
    expect(stored?.paused).toBe(false);
    await ok(node, 'consumer.layers', {
      roomId: ROOM,
      participantId: B,
      consumerId: consumer.consumerId,
      spatialLayer: 0,
    });
    expect(stored?.preferredLayers).toMatchObject({ spatialLayer: 0 });
    // It went to B's receive transport.
    const recv = node.rooms.get(ROOM).participants.get(B)?.transports.get(recvB);
    expect((await recv?.dump())?.consumerIds).toContain(consumer.consumerId);
  });

  it('warms a receive transport up once with a paused consumer of the caller’s own producer, nothing else', async () => {
    const recv = await ok(node, 'transport.create', {
      roomId: ROOM,
      participantId: A,
      direction: 'recv',
      tcpOnly: false,
    });
    const participant = node.rooms.get(ROOM).participants.get(A);
    const consumersBefore = participant?.consumers.size;
    // Another's producer is not a warm-up; one's own is not a consumer.
    expect(
      await control(node, 'consume', { roomId: ROOM, participantId: B, producerId: videoA, warmUp: true }),
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await control(node, 'consume', { roomId: ROOM, participantId: A, producerId: videoA })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    const warm = await ok(node, 'consume', { roomId: ROOM, participantId: A, producerId: videoA, warmUp: true });
    expect(warm).toMatchObject({ participantId: A, source: 'camera', paused: true });
    const transport = participant?.transports.get(recv.transportId);
    expect((await transport?.dump())?.consumerIds).toEqual([warm.consumerId]);
    // Never one of the participant's consumers: it cannot be resumed, and figures ignore it.
    expect(participant?.consumers.size).toBe(consumersBefore);
    expect(
      await control(node, 'consumer.resume', { roomId: ROOM, participantId: A, consumerId: warm.consumerId }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    // Once per receive transport.
    expect(
      await control(node, 'consume', { roomId: ROOM, participantId: A, producerId: videoA, warmUp: true }),
    ).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
  });

  it('refuses what is not theirs or not granted, with codes, and changes nothing', async () => {
    const room = node.rooms.get(ROOM);
    const before = JSON.stringify(await room.router.dump());
    const pid = node.pool.slots().find((s) => s.index === 1)?.worker.pid;
    const refusals = [
      // B uses A's transport, A's producer; A uses B's transport
      await control(node, 'transport.connect', {
        roomId: ROOM,
        participantId: B,
        transportId: sendA,
        dtlsParameters: { role: 'client', fingerprints: [{ algorithm: 'sha-256', value: 'AA' }] },
      }),
      await control(node, 'producer.set', { roomId: ROOM, participantId: B, producerId: videoA, action: 'close' }),
      await control(node, 'transport.restartIce', { roomId: ROOM, participantId: A, transportId: recvB }),
      // B consumes its own nothing, a producer that does not exist
      await control(node, 'consume', { roomId: ROOM, participantId: B, producerId: 'no-such-producer' }),
      // A publishes a source its grant does not have
      await control(node, 'produce', {
        roomId: ROOM,
        participantId: A,
        transportId: sendA,
        kind: 'video',
        source: 'screen',
        rtpParameters: vp8Simulcast(9000),
        paused: false,
      }),
      // someone not in the room
      await control(node, 'transport.create', {
        roomId: ROOM,
        participantId: 'expert:erik',
        direction: 'send',
        tcpOnly: false,
      }),
    ];
    expect(refusals.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual([
      'NOT_FOUND',
      'NOT_FOUND',
      'NOT_FOUND',
      'NOT_FOUND',
      'MEDIA_NOT_GRANTED',
      'MEDIA_NOT_GRANTED',
    ]);
    expect(JSON.stringify(await room.router.dump())).toBe(before);
    expect(node.pool.slots().find((s) => s.index === 1)?.worker.pid).toBe(pid);
  });

  it('turns malformed RTP parameters into INVALID_RTP_PARAMETERS or VALIDATION_FAILED; the worker runs on', async () => {
    const pid = node.pool.slots().find((s) => s.index === 1)?.worker.pid;
    const unknownCodec = {
      ...vp8Simulcast(7000),
      codecs: [{ mimeType: 'video/AV9', payloadType: 99, clockRate: 90000 }],
    };
    const badCodec = await control(node, 'produce', {
      roomId: ROOM,
      participantId: A,
      transportId: sendA,
      kind: 'video',
      source: 'document-camera',
      rtpParameters: unknownCodec,
      paused: false,
    });
    expect(badCodec).toMatchObject({ ok: false, error: { code: 'INVALID_RTP_PARAMETERS' } });
    const wrongKind = await control(node, 'produce', {
      roomId: ROOM,
      participantId: A,
      transportId: sendA,
      kind: 'audio',
      source: 'document-camera',
      rtpParameters: opus(7100),
      paused: false,
    });
    expect(wrongKind).toMatchObject({ ok: false, error: { code: 'INVALID_RTP_PARAMETERS' } });
    const shapeless = await control(node, 'produce', {
      roomId: ROOM,
      participantId: A,
      transportId: sendA,
      kind: 'video',
      source: 'document-camera',
      rtpParameters: { codecs: [{ mimeType: 42 }] } as never,
      paused: false,
    });
    expect(shapeless).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(node.rooms.get(ROOM).participants.get(A)?.producers.size).toBe(2);
    expect(node.pool.slots().find((s) => s.index === 1)?.worker.pid).toBe(pid);
  });

  it('holds the microphone of one who joined to listen in until their own resume; their camera is not held', async () => {
    // A room of its own: a participant in ROOM would show in the quality rounds the test below reads.
    const LISTEN_ROOM = 'visit-room-listen';
    const S = 'expert:lauri';
    await ok(node, 'room.open', { roomId: LISTEN_ROOM });
    await ok(node, 'participant.join', {
      roomId: LISTEN_ROOM,
      participantId: S,
      rtpCapabilities: caps,
      sources: ['microphone', 'camera'],
      listening: true,
    });
    const send = await ok(node, 'transport.create', {
      roomId: LISTEN_ROOM,
      participantId: S,
      direction: 'send',
      tcpOnly: false,
    });
    const produce = (kind: 'audio' | 'video') =>
      ok(node, 'produce', {
        roomId: LISTEN_ROOM,
        participantId: S,
        transportId: send.transportId,
        kind,
        source: kind === 'audio' ? 'microphone' : 'camera',
        rtpParameters: kind === 'audio' ? opus(7000) : vp8Simulcast(8000),
        paused: false,
      });
    const mic = (await produce('audio')).producer;
    const camera = (await produce('video')).producer;
    expect(mic.paused).toBe(true);
    expect(camera.paused).toBe(false);
    const stored = () => node.rooms.get(LISTEN_ROOM).participants.get(S)?.producers.get(mic.producerId)?.producer;
    expect(stored()?.paused).toBe(true);
    const resumed = await ok(node, 'producer.set', {
      roomId: LISTEN_ROOM,
      participantId: S,
      producerId: mic.producerId,
      action: 'resume',
    });
    expect(resumed.producer.paused).toBe(false);
    expect(stored()?.paused).toBe(false);
    await ok(node, 'room.close', { roomId: LISTEN_ROOM });
  });

  it('limits transports per participant', async () => {
    const results = [];
    for (let i = 0; i < 5; i++) {
      const answer = await control(node, 'transport.create', {
        roomId: ROOM,
        participantId: B,
        direction: 'recv',
        tcpOnly: false,
      });
      results.push(answer.ok ? 'ok' : answer.error.code);
    }
    // B has one recv transport already; the limit is 4.
    expect(results).toEqual(['ok', 'ok', 'ok', 'TRANSPORT_LIMIT', 'TRANSPORT_LIMIT']);
  });

  it('publishes per-participant quality', async () => {
    // A quality round may run between the two joins and name only the first, so the test waits for
    // the first round that came after both were in the room: it must name both, and nobody else.
    const both = [B, A].sort();
    const named = (e: (typeof events)[number]) =>
      e.type === 'quality' && e.roomId === ROOM ? e.participants.map((p) => p.participantId).sort() : [];
    const quality = await waitFor(
      () => events.find((e) => named(e).length >= both.length),
      'a quality event after both joined',
    );
    expect(named(quality)).toEqual(both);
  });

  it('recreates the room on another worker when its worker is killed, and says so', async () => {
    const victim = node.pool.slots().find((s) => s.index === 1);
    if (!victim) throw new Error('no worker 1');
    process.kill(victim.worker.pid, 'SIGKILL');
    const restarted = await waitFor(
      () => events.find((e) => e.type === 'room-restarted' && e.roomId === ROOM),
      'room-restarted',
    );
    expect(restarted).toMatchObject({ type: 'room-restarted', roomId: ROOM, workerIndex: 0 });
    const room = node.rooms.get(ROOM);
    expect(room.workerIndex).toBe(0);
    expect(room.participants.size).toBe(0);
    // Participants join the new room as before.
    await ok(node, 'participant.join', { roomId: ROOM, participantId: A, rtpCapabilities: caps, sources: ['camera'] });
    const again = await ok(node, 'transport.create', {
      roomId: ROOM,
      participantId: A,
      direction: 'send',
      tcpOnly: false,
    });
    expect(again.iceCandidates.every((c) => c.port === node.pool.slots().find((s) => s.index === 0)?.port)).toBe(true);
    // Commands naming the old transport get NOT_FOUND, not a crash.
    const stale = await control(node, 'transport.restartIce', { roomId: ROOM, participantId: A, transportId: sendA });
    expect(stale).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('closes a room nobody is in after the idle timeout', async () => {
    await ok(node, 'participant.leave', { roomId: ROOM, participantId: A });
    await waitFor(() => events.find((e) => e.type === 'room-closed' && e.roomId === ROOM), 'room-closed');
    const answer = await control(node, 'transport.create', {
      roomId: ROOM,
      participantId: A,
      direction: 'send',
      tcpOnly: false,
    });
    expect(answer).toMatchObject({ ok: false, error: { code: 'ROOM_RESTARTED' } });
  });
});
