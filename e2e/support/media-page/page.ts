/// <reference lib="dom" />
/**
 * A minimal call page for the browser tests and the media benchmark, built from call-client
 * (bundled by media-page-server.ts). No UI: Playwright drives it through `window.h`. Remote
 * videos are attached to <video> elements so that Chromium decodes them as a real app would.
 */
import type { ClientEventName, MediaSource } from '@etapiste/protocol';
import {
  AuthApi,
  CallClientError,
  type JoinOptions,
  MediaSession,
  type MediaSignaling,
  openTrack,
  SessionTokens,
  SignalingClient,
} from '../../../packages/call-client/src/index.js';

type Login = { username: string; password: string } | { pointId: string; pointKey: string };

let signaling: SignalingClient | undefined;
let media: MediaSession | undefined;
const log: string[] = [];
let served: Promise<unknown> | undefined;
let quality: unknown[] = [];
const marks: Record<string, number> = {};
/** Woken at every first frame (`nextFirstFrame`), so a caller waits without polling the page. */
const frameWaiters: Array<() => void> = [];

function need<T>(value: T | undefined): T {
  if (!value) throw new Error('call init first');
  return value;
}

const h = {
  log,
  marks,
  async init(signalingUrl: string, login: Login): Promise<void> {
    const api = new AuthApi(signalingUrl);
    const tokens = new SessionTokens(api, { load: () => undefined, save: () => undefined });
    tokens.set('username' in login ? await api.login(login) : await api.loginPoint(login));
    signaling = new SignalingClient({
      url: signalingUrl,
      tokens,
      app: 'test',
      appVersion: 'e2e',
      transports: ['websocket'],
    });
    const connected = new Promise<void>((resolve) => signaling?.onState((s) => s === 'connected' && resolve()));
    signaling.connect();
    await connected;
    // The media session's requests as the server sees them fail (a drop shows up as TIMEOUT).
    const client = signaling;
    const observed: MediaSignaling = {
      request: (event, payload) =>
        client.request(event, payload).catch((error: unknown) => {
          log.push(`failed:${event}:${CallClientError.from(error).code}`);
          throw error;
        }),
      on: (event, listener) => client.on(event, listener),
      onState: (listener) => client.onState(listener),
      get state() {
        return client.state;
      },
    };
    const session = new MediaSession(observed);
    media = session;
    session.on('state', (state) => log.push(`state:${state}`));
    session.on('recovering', (action) => log.push(`recovering:${action}`));
    session.on('recovered', (action) => log.push(`recovered:${action}`));
    session.on('error', (error) => log.push(`error:${error.code}`));
    session.on('speaker', (participantId) => log.push(`speaker:${participantId}`));
    session.on('level', (level, cause) => log.push(`level:${level}:${cause}`));
    session.on('peer-level', (participantId, level, cause) =>
      log.push(`peer-level:${participantId}:${level}:${cause}`),
    );
    session.on('quality', (participants) => {
      quality = participants;
    });
    session.on('track-added', (remote) => {
      log.push(`track:${remote.participantId}:${remote.source}`);
      marks[`track:${remote.source}:${remote.kind}`] ??= performance.timeOrigin + performance.now();
      const element = document.createElement(remote.kind === 'video' ? 'video' : 'audio');
      element.id = `remote-${remote.producerId}`;
      element.dataset.source = remote.source;
      element.autoplay = true;
      element.muted = true;
      if (element instanceof HTMLVideoElement) {
        element.playsInline = true;
        element.width = 640;
        element.requestVideoFrameCallback(() => {
          marks[`first-frame:${remote.source}`] ??= performance.timeOrigin + performance.now();
          for (const wake of frameWaiters.splice(0)) wake();
        });
      }
      element.srcObject = new MediaStream([remote.track]);
      document.body.append(element);
    });
    session.on('track-removed', (remote) => document.getElementById(`remote-${remote.producerId}`)?.remove());
  },
  request(event: ClientEventName, payload: unknown): Promise<unknown> {
    return need(signaling).request(event, payload as never);
  },
  async prepare(): Promise<void> {
    await need(media).prepare();
  },
  async publish(source: MediaSource): Promise<void> {
    await need(media).publish(source, await openTrack(source));
  },
  async join(options: JoinOptions) {
    return need(media).join(options);
  },
  async setMuted(source: MediaSource, muted: boolean) {
    await need(media).setMuted(source, muted);
  },
  /**
   * The specialist's side of "accept": on the next offer, accept it and join the visit's room at
   * once (marks.accept is the moment before the accept). Armed before becoming available. With
   * `standby` the page is already in its standby room (docs/media.md): the accept alone links it
   * to the visit's room, and nothing is joined.
   */
  armAccept(options: Omit<JoinOptions, 'roomId'> & { standby?: boolean; afterMs?: number } = {}): void {
    const client = need(signaling);
    const { afterMs = 0, ...rest } = options;
    served = new Promise((resolve, reject) => {
      const off = client.on('offer:incoming', async (offer) => {
        off();
        // A person reads the offer before answering it (`afterMs`); the clock starts at the answer.
        if (afterMs > 0) await new Promise((resolve) => setTimeout(resolve, afterMs));
        marks.accept = performance.timeOrigin + performance.now();
        client
          .request('offer:accept', { offerId: offer.offerId })
          .then(async (answer) => {
            // The bench's offers have no interpreter: the accept answers the session itself.
            if (!('sessionId' in answer)) throw new Error('the accept waits for an interpreter');
            const session = answer;
            marks.accepted = performance.timeOrigin + performance.now();
            const { standby, ...join } = rest;
            if (!standby) await need(media).join({ ...join, roomId: session.visitId });
            marks.joined = performance.timeOrigin + performance.now();
            return session;
          })
          .then(resolve, reject);
      });
    });
  },
  served: () => need(served),
  events: () => [...log],
  quality: () => quality,
  state: () => need(media).state,
  /** The signaling connection's state (`reconnecting` while the network is down). */
  connectionState: () => need(signaling).state,
  remote: () =>
    need(media).remoteTracks.map(({ producerId, participantId, source, kind }) => ({
      producerId,
      participantId,
      source,
      kind,
    })),
  stats: () => need(media).receiveStats(),
  connection: () => need(media).connectionInfo(),
  setRenderedSize: (producerId: string, width: number) => need(media).setRenderedSize(producerId, width),
  leave: () => need(media).leave(),
  /** Epoch ms of the first decoded frame of a source, once there is one. */
  firstFrame: (source: MediaSource) => marks[`first-frame:${source}`],
  /**
   * The first frame of a source, waited for in the page (`timeoutMs`, then undefined): a caller
   * polling `firstFrame` would keep the page's main thread, and the bench's own, busy while it
   * measures them.
   */
  async nextFirstFrame(source: MediaSource, timeoutMs: number): Promise<number | undefined> {
    const until = performance.now() + timeoutMs;
    while (marks[`first-frame:${source}`] === undefined && performance.now() < until) {
      await new Promise<void>((resolve) => {
        frameWaiters.push(resolve);
        setTimeout(resolve, Math.max(0, until - performance.now()));
      });
    }
    return marks[`first-frame:${source}`];
  },
  mark: (name: string) => marks[name],
  /** This side's call level and why; the others' as they announced them. */
  level: () => need(media).level,
  peerLevels: () => Object.fromEntries(need(media).peerLevels),
  setAudioOnly: (on: boolean) => need(media).setAudioOnly(on),
  link: () => need(media).linkFigures(),
  /** Whether each of this side's video producers is paused (muted or held by the call level). */
  remotePaused: () =>
    need(media).remoteTracks.map(({ source, kind, producerPaused }) => ({ source, kind, producerPaused })),
};

Object.assign(window, { h });
