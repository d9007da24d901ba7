/**
 * MediaSession through network drops, with mediasoup-client's own fake WebRTC handler and a
 * scripted signaling connection standing in for the server: a join cut by a drop is retried by
 * the module once signaling is back (on the backoff schedule), and every source the app
 * published is in the room after the recovery, whichever of its publishes the drop cut.
 */
import type { ClientEventName, ClientPayload, ClientResult, MediaSource } from '@etapiste/protocol';
import { afterEach, describe, expect, it } from '@jest/globals';
import { FakeMediaStreamTrack } from 'fake-mediastreamtrack';
import * as fakeParameters from 'mediasoup-client/fakeParameters';
import { FakeHandler } from 'mediasoup-client/handlers/FakeHandler';
import { RECONNECT_SCHEDULE_MS } from '../src/backoff.js';
import { CallClientError } from '../src/errors.js';
import { MediaSession } from '../src/media/media-session.js';
import type { MediaSignaling } from '../src/media/types.js';
import type { ConnectionState } from '../src/signaling-client.js';

type Handler = (payload: unknown) => unknown;

/**
 * The server's side as far as one participant sees it: the room remembers its producers by
 * source (a second one of the same source is a CONFLICT, as on the SFU); a join replaces the
 * membership and with it every producer. A scripted hook runs before each request is answered
 * and may cut it (the request is lost, the caller gets TIMEOUT, as from an ack timeout).
 */
class FakeSignaling implements MediaSignaling {
  state: ConnectionState = 'connected';
  readonly requests: string[] = [];
  /** Producers the room holds now, by source. */
  readonly producers = new Map<MediaSource, string>();
  /** Each call level the room was told and acknowledged (`media:level:set`), in order. */
  readonly levels: string[] = [];
  joins = 0;
  /** Runs before a request is handled; return 'lost' to lose the request, 'answer-lost' to handle it and lose the answer. */
  cut: (event: string, payload: Record<string, unknown>) => 'lost' | 'answer-lost' | undefined = () => undefined;
  readonly #listeners = new Set<(state: ConnectionState) => void>();
  readonly #handlers: Record<string, Handler> = {
    'media:capabilities': () => ({ routerRtpCapabilities: fakeParameters.generateRouterRtpCapabilities() }),
    'media:join': (p) => {
      const { roomId } = p as { roomId: string };
      this.joins++;
      this.producers.clear();
      const transport = (direction: 'send' | 'recv') => {
        const { id, iceParameters, iceCandidates, dtlsParameters } = fakeParameters.generateTransportRemoteParameters();
        return { transportId: id, direction, iceParameters, iceCandidates, dtlsParameters };
      };
      return {
        grant: { roomId, participantId: 'point:p1', role: 'point', sources: ['microphone', 'camera'] },
        routerRtpCapabilities: fakeParameters.generateRouterRtpCapabilities(),
        transports: [transport('send'), transport('recv')],
        iceServers: [],
        participants: [],
      };
    },
    'media:resume': () => {
      if (this.joins === 0) throw new CallClientError('ROOM_RESTARTED');
      return { participants: [] };
    },
    'media:transport:connect': () => ({}),
    'media:produce': (p) => {
      const { source } = p as { source: MediaSource };
      if (this.producers.has(source)) throw new CallClientError('CONFLICT');
      const producerId = fakeParameters.generateProducerRemoteParameters().id;
      this.producers.set(source, producerId);
      return { producerId };
    },
    'media:producer:set': () => ({}),
    'media:level:set': (p) => {
      const { level, cause } = p as { level: string; cause: string };
      this.levels.push(`${level}/${cause}`);
      return {};
    },
    'media:leave': () => ({}),
  };

  async request<E extends ClientEventName>(event: E, payload: ClientPayload<E>): Promise<ClientResult<E>> {
    await Promise.resolve();
    this.requests.push(event);
    if (this.state !== 'connected') throw new CallClientError('TIMEOUT');
    const cut = this.cut(event, payload as Record<string, unknown>);
    if (cut === 'lost') throw new CallClientError('TIMEOUT');
    const handler = this.#handlers[event];
    if (!handler) throw new CallClientError('UNKNOWN_EVENT');
    const result = handler(payload) as ClientResult<E>;
    if (cut === 'answer-lost') throw new CallClientError('TIMEOUT');
    return result;
  }

  on(): () => void {
    return () => undefined;
  }

  onState(listener: (state: ConnectionState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  drop(): void {
    this.#set('reconnecting');
  }

  restore(): void {
    this.#set('connected');
  }

  #set(state: ConnectionState): void {
    this.state = state;
    for (const listener of this.#listeners) listener(state);
  }
}

const device = { handlerFactory: FakeHandler.createFactory(fakeParameters) };
const sessions: MediaSession[] = [];

function session(signaling: FakeSignaling): MediaSession {
  const media = new MediaSession(signaling, undefined, device);
  sessions.push(media);
  return media;
}

/** Waits for a condition the module reaches on its own (no assertion on how long it takes). */
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`never: ${what}`);
}

async function publishCameraAndMicrophone(media: MediaSession): Promise<void> {
  await media.publish('camera', new FakeMediaStreamTrack({ kind: 'video' }) as unknown as MediaStreamTrack);
  await media.publish('microphone', new FakeMediaStreamTrack({ kind: 'audio' }) as unknown as MediaStreamTrack);
}

afterEach(async () => {
  for (const media of sessions.splice(0)) await media.leave();
});

describe('MediaSession through network drops', () => {
  it('joins again once signaling is back when a drop cut the join; the join() promise resolves then', async () => {
    const signaling = new FakeSignaling();
    const media = session(signaling);
    await publishCameraAndMicrophone(media);
    const delays: number[] = [];
    media.reconnector.on('recovering', (_action, delay) => delays.push(delay));
    signaling.cut = (event) => {
      if (event !== 'media:join') return undefined;
      signaling.cut = () => undefined;
      signaling.drop();
      return 'lost';
    };
    let settled = false;
    const joined = media.join({ roomId: 'visit-1' }).finally(() => {
      settled = true;
    });
    await until(() => signaling.requests.includes('media:join'), 'the first join is sent');
    // Offline: nothing is attempted, the caller keeps waiting.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(settled).toBe(false);
    expect(signaling.joins).toBe(0);
    expect(media.state).toBe('joining');

    signaling.restore();
    const grant = await joined;
    expect(grant.participantId).toBe('point:p1');
    expect(media.state).toBe('joined');
    expect(signaling.joins).toBe(1);
    expect([...signaling.producers.keys()].sort()).toEqual(['camera', 'microphone']);
    expect(delays).toEqual([RECONNECT_SCHEDULE_MS[0]]);
  });

  it('retries a join whose answer was lost (the server has it), replacing that membership', async () => {
    const signaling = new FakeSignaling();
    const media = session(signaling);
    await publishCameraAndMicrophone(media);
    signaling.cut = (event) => (event === 'media:join' && signaling.joins === 0 ? 'answer-lost' : undefined);
    await media.join({ roomId: 'visit-1' });
    expect(signaling.joins).toBe(2);
    expect(media.state).toBe('joined');
    expect([...signaling.producers.keys()].sort()).toEqual(['camera', 'microphone']);
  });

  it('does not retry a refused join and rejects a join still waiting when the app leaves', async () => {
    const signaling = new FakeSignaling();
    const refused = session(signaling);
    signaling.cut = (event) => {
      if (event === 'media:join') throw new CallClientError('MEDIA_NOT_GRANTED');
      return undefined;
    };
    await expect(refused.join({ roomId: 'visit-1' })).rejects.toMatchObject({ code: 'MEDIA_NOT_GRANTED' });
    expect(refused.state).toBe('idle');
    expect(signaling.requests.filter((r) => r === 'media:join')).toHaveLength(1);

    const offline = new FakeSignaling();
    const waiting = session(offline);
    offline.cut = (event) => {
      if (event !== 'media:join') return undefined;
      offline.drop();
      return 'lost';
    };
    const joined = waiting.join({ roomId: 'visit-2' });
    await until(() => offline.requests.includes('media:join'), 'the first join is sent');
    const rejected = expect(joined).rejects.toBeInstanceOf(CallClientError);
    await waiting.leave();
    await rejected;
    expect(waiting.state).toBe('left');
    offline.cut = () => undefined;
    offline.restore();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(offline.joins).toBe(0);
  });

  it('completes a join whose microphone publish a drop cut, once signaling is back', async () => {
    const signaling = new FakeSignaling();
    const media = session(signaling);
    await publishCameraAndMicrophone(media);
    signaling.cut = (event, payload) => {
      if (event !== 'media:produce' || payload.source !== 'microphone') return undefined;
      signaling.cut = () => undefined;
      signaling.drop();
      return 'lost';
    };
    const joined = media.join({ roomId: 'visit-1' });
    await until(() => signaling.state !== 'connected', 'the drop');
    signaling.restore();
    await joined;
    expect(media.state).toBe('joined');
    expect([...signaling.producers.keys()].sort()).toEqual(['camera', 'microphone']);
  });

  it('sets up nothing when the app leaves while the join is on its way', async () => {
    const signaling = new FakeSignaling();
    const media = session(signaling);
    let leaving: Promise<void> | undefined;
    signaling.cut = (event) => {
      if (event === 'media:join') leaving = media.leave();
      return undefined;
    };
    await expect(media.join({ roomId: 'visit-1' })).rejects.toBeInstanceOf(CallClientError);
    await leaving;
    expect(media.state).toBe('left');
    expect(signaling.requests).toContain('media:leave');
    expect(signaling.requests).not.toContain('media:transport:connect');
  });

  it('publishes again, at the resume, a camera whose publish a drop cut mid-call', async () => {
    const signaling = new FakeSignaling();
    const media = session(signaling);
    await media.publish('microphone', new FakeMediaStreamTrack({ kind: 'audio' }) as unknown as MediaStreamTrack);
    await media.join({ roomId: 'visit-1' });
    const errors: string[] = [];
    media.on('error', (e) => errors.push(e.code));
    signaling.cut = (event) => {
      if (event !== 'media:produce') return undefined;
      signaling.cut = () => undefined;
      signaling.drop();
      return 'lost';
    };
    // The app's publish resolves: the source is the session's now, publishing it is the module's job.
    await media.publish('camera', new FakeMediaStreamTrack({ kind: 'video' }) as unknown as MediaStreamTrack);
    expect([...signaling.producers.keys()]).toEqual(['microphone']);
    signaling.restore();
    await until(() => signaling.producers.has('camera'), 'the camera is published again');
    expect(signaling.requests).toContain('media:resume');
    expect(signaling.joins).toBe(1);
    expect(errors).toEqual([]);
    await until(() => media.state === 'joined', 'joined');
  });

  it('publishes a camera whose answer was lost (the SFU has it: CONFLICT) by rejoining', async () => {
    const signaling = new FakeSignaling();
    const media = session(signaling);
    await media.join({ roomId: 'visit-1' });
    const recovered: string[] = [];
    media.on('recovered', (action) => recovered.push(action));
    signaling.cut = (event) => {
      if (event !== 'media:produce') return undefined;
      signaling.cut = () => undefined;
      return 'answer-lost';
    };
    await media.publish('camera', new FakeMediaStreamTrack({ kind: 'video' }) as unknown as MediaStreamTrack);
    await until(() => recovered.includes('rejoin'), 'the recovery rejoins');
    expect(signaling.joins).toBe(2);
    expect([...signaling.producers.keys()]).toEqual(['camera']);
    expect(media.state).toBe('joined');
  });

  it('publishes at the resume a source published while signaling was down', async () => {
    const signaling = new FakeSignaling();
    const media = session(signaling);
    await media.join({ roomId: 'visit-1' });
    signaling.drop();
    await media.publish('microphone', new FakeMediaStreamTrack({ kind: 'audio' }) as unknown as MediaStreamTrack);
    signaling.restore();
    await until(() => signaling.producers.has('microphone'), 'the microphone is published');
    expect(signaling.joins).toBe(1);
  });

  it('tells the room its call level again when a telling is lost, until the room has the level it is at', async () => {
    const signaling = new FakeSignaling();
    const media = session(signaling);
    await publishCameraAndMicrophone(media);
    await media.join({ roomId: 'visit-1' });
    // Full at the join: nothing to tell.
    expect(signaling.requests).not.toContain('media:level:set');

    let lost = 0;
    signaling.cut = (event) => (event === 'media:level:set' && lost++ < 2 ? 'lost' : undefined);
    await media.setAudioOnly(true);
    await until(() => signaling.levels.length > 0, 'the level is told again after the lost tellings');
    expect(signaling.levels).toEqual(['audio/chosen']);
    expect(signaling.requests.filter((r) => r === 'media:level:set')).toHaveLength(3);

    // Undone, and the answer to that telling is lost: the room ends with full all the same.
    let answersLost = 0;
    signaling.cut = (event) => (event === 'media:level:set' && answersLost++ < 1 ? 'answer-lost' : undefined);
    await media.setAudioOnly(false);
    await until(() => signaling.levels.length === 3, 'the answer-lost telling is made again');
    // The server had it the first time but its answer was lost: told again, which changes nothing there.
    expect(signaling.levels).toEqual(['audio/chosen', 'full/network', 'full/network']);
  }, 20_000);
});
