/**
 * One participant's media in one room, without UI. The session owns the lifecycle — join, leave,
 * revocation, and recovery (reconnection.ts) when transports, signaling or the room fail — and
 * hands each concern to its part: the transports (transports.ts), the local sources with mute and
 * device switching (local-sources.ts), the remote tracks with their layer choice
 * (remote-tracks.ts), the room's pushes (room-pushes.ts) and diagnostics (stats.ts). The parts
 * share what the session knows through one context (context.ts); public types are in types.ts.
 *
 * Fast start: `prepare()` loads the router capabilities before there is a room (a specialist
 * waiting for an offer); `publish()` before `join()` queues the track, and `join()` then sets up
 * transports, producers and consumers in one go.
 *
 * Drops are the module's business, not the app's: a join cut by a network drop is tried again
 * once signaling is back (the `join()` promise settles then), and every source the app published
 * is published again by the recovery if its publishing was cut.
 *
 * A weak network is the module's business too (network-adaptation.ts): while joined, the call
 * steps down by itself (lower layers, then the document camera only, then audio only) and back up
 * when the network recovers, and tells the room's others; `level` and `peer-level` say so to the app.
 */
import type { ClientPayload, MediaGrant, MediaSource, ParticipantId } from '@etapiste/protocol';
import { Device, type types } from 'mediasoup-client';
import { CallClientError } from '../errors.js';
import type { ConnectionState } from '../signaling-client.js';
import type { MediaContext } from './context.js';
import { RETRYABLE } from './failures.js';
import { LocalSources } from './local-sources.js';
import { type AdaptationOptions, type CallLevelState, NetworkAdaptation } from './network-adaptation.js';
import { MediaReconnector, type RecoveryTarget } from './reconnection.js';
import { RemoteTracks } from './remote-tracks.js';
import { subscribeRoomPushes } from './room-pushes.js';
import { connectionInfo, type LinkFigures, linkFigures, receiveStats } from './stats.js';
import { type Direction, MediaTransports } from './transports.js';
import { TypedEmitter } from './typed-emitter.js';
import type {
  DeviceOptions,
  JoinOptions,
  MediaSessionEvents,
  MediaSessionState,
  MediaSignaling,
  ReceiveStats,
  RemoteTrack,
  TransportInfo,
} from './types.js';

export class MediaSession extends TypedEmitter<MediaSessionEvents> implements RecoveryTarget {
  readonly reconnector: MediaReconnector;
  readonly #signaling: MediaSignaling;
  readonly #deviceOptions: DeviceOptions | undefined;
  /** What the session knows (device, join options, grant) and its parts read; only the session writes it. */
  readonly #context: { -readonly [K in keyof MediaContext]: MediaContext[K] };
  #state: MediaSessionState = 'idle';
  readonly #transports: MediaTransports;
  readonly #sources: LocalSources;
  readonly #remote: RemoteTracks;
  readonly #adaptation: NetworkAdaptation;
  /** The others' call levels, as they announced them (absent: full). */
  readonly #peerLevels = new Map<ParticipantId, CallLevelState>();
  /** A join is between its request and its transports: announced producers wait for it. */
  #joining = false;
  readonly #unsubscribe: (() => void)[] = [];
  #signalingLost = false;
  /** The caller of a `join()` whose first attempt was cut, waiting for the reconnector's rejoin. */
  #joinWaiter: { resolve: () => void; reject: (error: CallClientError) => void } | undefined;

  constructor(
    signaling: MediaSignaling,
    reconnector?: (target: RecoveryTarget) => MediaReconnector,
    deviceOptions?: DeviceOptions,
    adaptation?: AdaptationOptions,
  ) {
    super();
    this.#signaling = signaling;
    this.#deviceOptions = deviceOptions;
    this.reconnector = reconnector ? reconnector(this) : new MediaReconnector(this);
    this.#context = {
      signaling,
      reconnector: this.reconnector,
      device: undefined,
      options: undefined,
      grant: undefined,
      emit: (event, ...args) => this.emit(event, ...args),
    };
    this.#transports = new MediaTransports(this.#context);
    this.#sources = new LocalSources(this.#context, this.#transports);
    this.#remote = new RemoteTracks(this.#context, this.#transports);
    this.#adaptation = new NetworkAdaptation(this.#context, this.#transports, this.#sources, this.#remote, adaptation);

    this.reconnector.on('recovering', (action) => {
      // A join being retried stays `joining`: there is no call yet to recover.
      if (this.#state !== 'joining') this.#setState('recovering');
      this.emit('recovering', action);
    });
    this.reconnector.on('recovered', (action) => {
      if (this.#state === 'recovering') this.#setState('joined');
      this.emit('recovered', action);
      if (this.#state === 'joined') this.#settleJoin();
    });
    this.reconnector.on('gave-up', (error) => {
      this.#adaptation.stop();
      this.#teardown();
      if (this.#joinWaiter) {
        // The caller of join() hears it from its promise, as from a first attempt refused.
        this.#setState('idle');
        this.#settleJoin(error);
        return;
      }
      this.#setState('revoked');
      this.emit('error', error);
    });
  }

  get state(): MediaSessionState {
    return this.#state;
  }

  get grant(): MediaGrant | undefined {
    return this.#context.grant;
  }

  get remoteTracks(): RemoteTrack[] {
    return this.#remote.tracks;
  }

  localTrack(source: MediaSource): MediaStreamTrack | undefined {
    return this.#sources.track(source);
  }

  isMuted(source: MediaSource): boolean {
    return this.#sources.isMuted(source);
  }

  /** This side's call level now, and why (the network, or audio only chosen). */
  get level(): CallLevelState {
    return this.#adaptation.state;
  }

  /** The others' call levels as they announced them; a participant not named is at `full`. */
  get peerLevels(): ReadonlyMap<ParticipantId, CallLevelState> {
    return this.#peerLevels;
  }

  get audioOnly(): boolean {
    return this.#adaptation.audioOnly;
  }

  /** Audio only by hand: no video sent or received (the others are told) until turned off. */
  setAudioOnly(on: boolean): Promise<void> {
    return this.#adaptation.setAudioOnly(on);
  }

  /** Loads the router capabilities; safe to call early and more than once. */
  async prepare(): Promise<void> {
    if (this.#context.device?.loaded) return;
    const { routerRtpCapabilities } = await this.#signaling.request('media:capabilities', {});
    const device = await Device.factory(this.#deviceOptions);
    await device.load({ routerRtpCapabilities: routerRtpCapabilities as types.RtpCapabilities });
    this.#context.device = device;
  }

  /**
   * Joins the room. A first attempt cut by a network drop (or meeting a room being moved) is not
   * the caller's problem: the reconnector joins again once signaling is back, on the backoff
   * schedule, and the promise resolves then. It rejects on a refusal (no grant, not signed in, a
   * bad request), when the session is revoked, or when `leave()` is called first.
   */
  async join(options: JoinOptions): Promise<MediaGrant> {
    this.#settleJoin(new CallClientError('CONFLICT', 'joined again'));
    if (this.#context.options?.roomId !== options.roomId) {
      this.#adaptation.reset();
      this.#peerLevels.clear();
    }
    this.#context.options = options;
    this.reconnector.reset();
    if (this.#unsubscribe.length === 0) this.#subscribe();
    if (this.#signaling.state !== undefined && this.#signaling.state !== 'connected') {
      this.#signalingLost = true;
      this.reconnector.signalingLost();
    }
    this.#setState('joining');
    try {
      await this.#joinOnce();
    } catch (error) {
      const failure = CallClientError.from(error);
      this.#teardown();
      if (this.#state === 'left' || this.#state === 'revoked' || !RETRYABLE.has(failure.code)) {
        if (this.#state !== 'left' && this.#state !== 'revoked') this.#setState('idle');
        throw failure;
      }
      this.#setState('joining');
      await new Promise<void>((resolve, reject) => {
        this.#joinWaiter = { resolve, reject };
        this.reconnector.roomLost();
      });
    }
    if (!this.#context.grant) throw new CallClientError('INTERNAL');
    return this.#context.grant;
  }

  async leave(): Promise<void> {
    const roomId = this.#context.options?.roomId;
    this.reconnector.stop();
    this.#adaptation.stop();
    this.#settleJoin(new CallClientError('NOT_FOUND', 'left before the join completed'));
    if (roomId && this.#context.grant) await this.#signaling.request('media:leave', { roomId }).catch(() => undefined);
    this.#teardown();
    for (const unsubscribe of this.#unsubscribe.splice(0)) unsubscribe();
    this.#setState('left');
  }

  // ── local sources (local-sources.ts) ───────────────────────────────────────────────────────

  /** Publishes a track as a source (now, or at the join); replaces the track if already published. */
  async publish(source: MediaSource, track: MediaStreamTrack): Promise<void> {
    await this.#sources.publish(source, track, this.#state === 'joined');
  }

  /** Switches the device of a published source without renegotiation. */
  async replaceTrack(source: MediaSource, track: MediaStreamTrack): Promise<void> {
    if (!(await this.#sources.replaceTrack(source, track))) return this.publish(source, track);
  }

  async unpublish(source: MediaSource): Promise<void> {
    await this.#sources.unpublish(source);
  }

  async setMuted(source: MediaSource, muted: boolean): Promise<void> {
    await this.#sources.setMuted(source, muted);
  }

  // ── remote tracks (remote-tracks.ts) and diagnostics (stats.ts) ────────────────────────────

  /**
   * Tells the SFU how large a remote video is shown (device pixels); it then forwards the
   * smallest simulcast layer that fills it. Unchanged choices are not sent again.
   */
  setRenderedSize(producerId: string, width: number): Promise<number | undefined> {
    return this.#remote.setRenderedSize(producerId, width);
  }

  /** Received packets and decoded frames per remote track, from the browser's own statistics. */
  receiveStats(): Promise<ReceiveStats[]> {
    return receiveStats(this.#remote.remotes());
  }

  /** Each transport's state and the protocol of its selected candidate pair (diagnostics). */
  connectionInfo(): Promise<TransportInfo[]> {
    return connectionInfo(this.#transports.list());
  }

  /** The figures the call level is decided from, as read now (diagnostics). */
  linkFigures(): Promise<LinkFigures> {
    return linkFigures(this.#transports.send, this.#transports.recv);
  }

  // ── recovery steps (called by the reconnector) ─────────────────────────────────────────────

  restartIce(direction: Direction): Promise<void> {
    return this.#transports.restartIce(direction);
  }

  /**
   * Catches up after a drop: the others' producers it missed, and its own sources whose
   * publishing was cut (every source the app published must be in the room). A publish that fails
   * again throws, so the reconnector escalates to a rejoin (which publishes everything anew).
   */
  async resume(): Promise<void> {
    if (!this.#context.options) return;
    const { participants } = await this.#signaling.request('media:resume', { roomId: this.#context.options.roomId });
    this.#remote.keepOnly(new Set(participants.flatMap((p) => p.producers.map((producer) => producer.producerId))));
    await Promise.all([
      ...participants.flatMap((p) => p.producers.map((producer) => this.#remote.consume(producer))),
      this.#sources.produceMissing(),
    ]);
    this.#transports.restartFailed();
  }

  async rejoin(): Promise<void> {
    this.#teardown();
    await this.#joinOnce();
  }

  // ── internals ───────────────────────────────────────────────────────────────────────────────

  async #joinOnce(): Promise<void> {
    const options = this.#context.options;
    if (!options) throw new CallClientError('INTERNAL');
    this.#joining = true;
    try {
      await this.prepare();
      const device = this.#context.device as Device;
      const joined = await this.#signaling.request('media:join', {
        roomId: options.roomId,
        rtpCapabilities: device.rtpCapabilities as ClientPayload<'media:join'>['rtpCapabilities'],
        tcpOnly: options.tcpOnly ?? false,
      });
      if (this.#state === 'left' || this.#state === 'revoked') {
        // Left (or revoked) while the answer was on its way: do not set up media nobody wants.
        if (this.#state === 'left')
          await this.#signaling.request('media:leave', { roomId: options.roomId }).catch(() => undefined);
        throw new CallClientError('NOT_FOUND', 'left before the join completed');
      }
      this.#context.grant = joined.grant;
      for (const params of joined.transports) this.#transports.create(device, params, joined.iceServers);
      this.#setState('joined');
      this.#adaptation.joined();
      // Producers announced while joining are consumed too (consume() skips any already taken).
      const others = [...joined.participants.flatMap((p) => p.producers), ...this.#remote.takeHeld()];
      this.#joining = false;
      // Producers on one transport are negotiated one after another: cameras first, so the other
      // side sees a face as early as possible (the microphone follows a few ms later).
      await Promise.all([...others.map((producer) => this.#remote.consume(producer)), this.#sources.produceMissing()]);
      // Alone in the room (waiting, standby): connect the receive side now, not at the first picture.
      if (others.length === 0) void this.#remote.warmUp(this.#sources.warmUpProducerId());
    } finally {
      this.#joining = false;
    }
  }

  /** Close cascade: remote tracks (their consumers), then the transports, which take the producers with them. */
  #teardown(): void {
    this.#remote.removeAll();
    this.#sources.forgetProducers();
    this.#transports.close();
  }

  #subscribe(): void {
    this.#unsubscribe.push(
      ...subscribeRoomPushes(this.#context, this.#remote, {
        isMine: (roomId) => roomId === this.#context.options?.roomId && this.#state !== 'left',
        settingUp: () => this.#transports.recv === undefined || this.#joining,
        revoked: () => {
          this.reconnector.stop();
          this.#adaptation.stop();
          this.#teardown();
          this.#setState('revoked');
          this.#settleJoin(new CallClientError('MEDIA_NOT_GRANTED'));
        },
        signalingState: (state) => this.#signalingState(state),
      }),
      this.#signaling.on('media:level', ({ roomId, participantId, level, cause }) => {
        if (roomId !== this.#context.options?.roomId || this.#state === 'left') return;
        if (level === 'full') this.#peerLevels.delete(participantId);
        else this.#peerLevels.set(participantId, { level, cause });
        this.emit('peer-level', participantId, level, cause);
      }),
      this.on('participant-joined', () => {
        // Someone new hears this side's level from it (they were not there when it changed).
        this.#adaptation.participantJoined();
      }),
      this.on('participant-left', (participantId) => {
        if (this.#peerLevels.delete(participantId)) this.emit('peer-level', participantId, 'full', 'network');
      }),
    );
  }

  #signalingState(state: ConnectionState): void {
    if (state === 'reconnecting') {
      this.#signalingLost = true;
      this.reconnector.signalingLost();
    }
    if (state === 'connected' && this.#signalingLost) {
      this.#signalingLost = false;
      // A join in flight needs no resume (it either completes or is retried as a rejoin).
      if (this.#state === 'joined' || this.#state === 'recovering') this.reconnector.signalingReconnected();
      else this.reconnector.signalingBack();
    }
  }

  /** Settles a join() waiting for the reconnector: resolved once joined, or rejected with why not. */
  #settleJoin(error?: CallClientError): void {
    const waiter = this.#joinWaiter;
    if (!waiter) return;
    this.#joinWaiter = undefined;
    if (error) waiter.reject(error);
    else waiter.resolve();
  }

  #setState(state: MediaSessionState): void {
    if (state === this.#state) return;
    this.#state = state;
    this.emit('state', state);
  }
}
