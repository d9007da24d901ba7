/**
 * How MediaSession receives the others' media, with mediasoup-client's own fake WebRTC handler
 * and a signaling side whose answers the test releases one by one: a participant's camera and
 * microphone are handed to the browser in one offer/answer even when their consume answers come
 * apart; a track is on screen (`track-added`) before its resume is answered; and a page alone in
 * its room warms its receive side up with its own video producer.
 */
import type { ClientEventName, ClientPayload, ClientResult, MediaSource, ProducerInfo } from '@etapiste/protocol';
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { FakeMediaStreamTrack } from 'fake-mediastreamtrack';
import * as fakeParameters from 'mediasoup-client/fakeParameters';
import { FakeHandler } from 'mediasoup-client/handlers/FakeHandler';
import { CallClientError } from '../src/errors.js';
import { MediaSession } from '../src/media/media-session.js';
import type { MediaSignaling } from '../src/media/types.js';
import type { ConnectionState } from '../src/signaling-client.js';

interface Held {
  event: string;
  payload: Record<string, unknown>;
  answer: () => void;
  refuse: (code: string) => void;
}

/**
 * The server as one participant sees it. `others` are in the room at the join; `media:consume`
 * and `media:consumer:resume` answers wait in `held` until the test releases them.
 */
class ScriptedSignaling implements MediaSignaling {
  state: ConnectionState = 'connected';
  readonly held: Held[] = [];
  /** This side's producers by source, as the room answered `media:produce`. */
  readonly produced = new Map<string, string>();
  constructor(readonly others: ProducerInfo[]) {}

  async request<E extends ClientEventName>(event: E, payload: ClientPayload<E>): Promise<ClientResult<E>> {
    await Promise.resolve();
    const p = payload as Record<string, unknown>;
    const answer = this.#answer(event, p);
    if (event !== 'media:consume' && event !== 'media:consumer:resume') return answer as ClientResult<E>;
    return new Promise((resolve, reject) =>
      this.held.push({
        event,
        payload: p,
        answer: () => resolve(answer as ClientResult<E>),
        refuse: (code) => reject(new CallClientError(code as CallClientError['code'])),
      }),
    );
  }

  #answer(event: string, p: Record<string, unknown>): unknown {
    switch (event) {
      case 'media:capabilities':
        return { routerRtpCapabilities: fakeParameters.generateRouterRtpCapabilities() };
      case 'media:join': {
        const transport = (direction: 'send' | 'recv') => {
          const { id, iceParameters, iceCandidates, dtlsParameters } =
            fakeParameters.generateTransportRemoteParameters();
          return { transportId: id, direction, iceParameters, iceCandidates, dtlsParameters };
        };
        return {
          grant: { roomId: p.roomId, participantId: 'point:p1', role: 'point', sources: ['microphone', 'camera'] },
          routerRtpCapabilities: fakeParameters.generateRouterRtpCapabilities(),
          transports: [transport('send'), transport('recv')],
          iceServers: [],
          participants: this.others.length ? [{ participantId: 'expert:e1', producers: this.others }] : [],
        };
      }
      case 'media:produce': {
        const producerId = fakeParameters.generateProducerRemoteParameters().id;
        this.produced.set(p.source as string, producerId);
        return { producerId };
      }
      case 'media:consume': {
        const own = p.warmUp === true;
        const producer = this.others.find((o) => o.producerId === p.producerId);
        const kind = own ? 'video' : (producer?.kind ?? 'video');
        const params = fakeParameters.generateConsumerRemoteParameters({
          codecMimeType: kind === 'video' ? 'video/VP8' : 'audio/opus',
        });
        return {
          consumerId: params.id,
          producerId: p.producerId,
          participantId: own ? 'point:p1' : 'expert:e1',
          source: producer?.source ?? 'camera',
          kind,
          rtpParameters: params.rtpParameters,
          paused: true,
          type: 'simple',
          producerPaused: false,
        };
      }
      default:
        return {};
    }
  }

  /** Answers the oldest held request of `event`, or refuses it with `code`. */
  release(event: string, code?: string): Held {
    const index = this.held.findIndex((h) => h.event === event);
    if (index === -1) throw new Error(`no ${event} is waiting`);
    const [held] = this.held.splice(index, 1) as [Held];
    if (code) held.refuse(code);
    else held.answer();
    return held;
  }

  on(): () => void {
    return () => undefined;
  }

  onState(): () => void {
    return () => undefined;
  }
}

const device = { handlerFactory: FakeHandler.createFactory(fakeParameters) };
const sessions: MediaSession[] = [];

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`never: ${what}`);
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

function producer(source: MediaSource, kind: 'audio' | 'video'): ProducerInfo {
  return {
    producerId: fakeParameters.generateProducerRemoteParameters().id,
    participantId: 'expert:e1',
    source,
    kind,
    paused: false,
  };
}

/** Joins a room where another participant has a camera and a microphone, up to both consumes asked. */
async function joinWithCameraAndMicrophone() {
  const camera = producer('camera', 'video');
  const microphone = producer('microphone', 'audio');
  const signaling = new ScriptedSignaling([camera, microphone]);
  const media = new MediaSession(signaling, undefined, device);
  sessions.push(media);
  const added: string[] = [];
  media.on('track-added', (track) => added.push(track.source));
  const joined = media.join({ roomId: 'visit-1' });
  await until(() => signaling.held.filter((h) => h.event === 'media:consume').length === 2, 'both consumes asked');
  return { signaling, media, added, joined, microphone };
}

afterEach(async () => {
  jest.restoreAllMocks();
  for (const media of sessions.splice(0)) await media.leave().catch(() => undefined);
});

describe('MediaSession receiving', () => {
  it("hands a participant's camera and microphone to the browser in one offer/answer, shown before the resume is answered", async () => {
    const receive = jest.spyOn(FakeHandler.prototype, 'receive');
    const { signaling, media, added, joined } = await joinWithCameraAndMicrophone();
    // The camera's answer comes first: it waits for the microphone's instead of a renegotiation of its own.
    signaling.release('media:consume');
    await settle();
    expect(receive).not.toHaveBeenCalled();
    expect(added).toEqual([]);
    signaling.release('media:consume');
    await until(() => added.length === 2, 'both tracks added');
    const calls = receive.mock.calls.map(([options]) => options.map((o) => o.kind));
    expect(calls[0]?.sort()).toEqual(['audio', 'video']);

    // On screen before either resume is answered; both resumes were asked at once.
    expect(added.sort()).toEqual(['camera', 'microphone']);
    expect(media.remoteTracks.map((t) => t.source).sort()).toEqual(['camera', 'microphone']);
    expect(signaling.held.filter((h) => h.event === 'media:consumer:resume')).toHaveLength(2);
    signaling.release('media:consumer:resume');
    signaling.release('media:consumer:resume');
    await joined;
    expect(media.remoteTracks).toHaveLength(2);
  });

  it('asks again for a resume the SFU did not take, so the video comes back when the level does', async () => {
    const { signaling, media, joined } = await joinWithCameraAndMicrophone();
    signaling.release('media:consume');
    signaling.release('media:consume');
    await until(() => signaling.held.filter((h) => h.event === 'media:consumer:resume').length === 2, 'resumes asked');
    signaling.release('media:consumer:resume');
    signaling.release('media:consumer:resume');
    await joined;
    const asked = jest.spyOn(signaling, 'request');
    // Audio only: the camera is held (its pause is answered at once).
    await media.setAudioOnly(true);
    expect(asked.mock.calls.map(([event]) => event)).toContain('media:consumer:pause');
    // Back to full: the resume is lost on the way (a request that timed out on a weak link)...
    const back = media.setAudioOnly(false);
    await until(() => signaling.held.some((h) => h.event === 'media:consumer:resume'), 'the resume asked');
    const lost = signaling.release('media:consumer:resume', 'TIMEOUT');
    await back;
    // ...and asked again a second later, for the same consumer, with no change of level.
    await until(() => signaling.held.some((h) => h.event === 'media:consumer:resume'), 'the resume asked again');
    const again = signaling.release('media:consumer:resume');
    expect(again.payload.consumerId).toBe(lost.payload.consumerId);
    await settle();
    // Taken this time: nothing more is asked.
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(signaling.held).toEqual([]);
  });

  it('a consume that fails does not keep the others waiting', async () => {
    const { signaling, media, added, joined, microphone } = await joinWithCameraAndMicrophone();
    const errors: string[] = [];
    media.on('error', (error) => errors.push(error.code));
    signaling.release('media:consume');
    await settle();
    expect(added).toEqual([]);
    // The microphone's producer closed meanwhile: NOT_FOUND (no error for the screen), and the
    // camera waiting for it goes on at once.
    const refused = signaling.release('media:consume', 'NOT_FOUND');
    expect(refused.payload.producerId).toBe(microphone.producerId);
    await until(() => added.includes('camera'), 'the camera shown');
    signaling.release('media:consumer:resume');
    await joined;
    expect(added).toEqual(['camera']);
    expect(errors).toEqual([]);
  });

  it('alone in its room, warms the receive side up with its own camera (a video producer)', async () => {
    const signaling = new ScriptedSignaling([]);
    const media = new MediaSession(signaling, undefined, device);
    sessions.push(media);
    await media.publish('microphone', new FakeMediaStreamTrack({ kind: 'audio' }) as unknown as MediaStreamTrack);
    await media.publish('camera', new FakeMediaStreamTrack({ kind: 'video' }) as unknown as MediaStreamTrack);
    await media.join({ roomId: 'visit-1' });
    await until(() => signaling.held.some((h) => h.event === 'media:consume'), 'the warm-up consume');
    const warm = signaling.release('media:consume');
    expect(warm.payload.warmUp).toBe(true);
    expect(warm.payload.producerId).toBe(signaling.produced.get('camera'));
  });
});
