/**
 * One participant's media in one room, without UI: join (transports, publish, consume the
 * others), local sources (microphone, camera, document camera, screen) with mute and device
 * switching, remote tracks with their layer choice, active speaker and quality, and recovery
 * (reconnection.ts) when transports, signaling or the room fail.
 *
 * Fast start: `prepare()` loads the router capabilities before there is a room (a specialist
 * waiting for an offer); `publish()` before `join()` queues the track, and `join()` then sets up
 * transports, producers and consumers in one go.
 *
 * Drops are the module's business, not the app's: a join cut by a network drop is tried again
 * once signaling is back (the `join()` promise settles then), and every source the app published
 * is published again by the recovery if its publishing was cut.
 */
import {
  type ClientEventName,
  type ClientPayload,
  type ClientResult,
  type MediaGrant,
  type MediaKind,
  type MediaSource,
  type ParticipantId,
  type ParticipantQuality,
  type ProducerInfo,
  type ServerEventName,
  type ServerToClientEvents,
  SOURCE_KIND,
  type TransportParams,
} from '@etapiste/protocol';
import { Device, type types } from 'mediasoup-client';
import { CallClientError, type ClientErrorCode } from '../errors.js';
import type { ConnectionState } from '../signaling-client.js';
import { CAMERA_ENCODINGS, SCREEN_ENCODINGS, spatialLayerFor } from './layers.js';
import { MediaReconnector, type RecoveryAction, type RecoveryTarget } from './reconnection.js';
import { TypedEmitter } from './typed-emitter.js';

/** What the media session needs of the signaling connection (SignalingClient has it). */
export interface MediaSignaling {
  request<E extends ClientEventName>(event: E, payload: ClientPayload<E>): Promise<ClientResult<E>>;
  on<E extends ServerEventName>(event: E, listener: ServerToClientEvents[E]): () => void;
  onState(listener: (state: ConnectionState) => void): () => void;
  /** The connection's state now (SignalingClient has it): a join started offline waits for it. */
  readonly state?: ConnectionState;
}

/** Options of the mediasoup-client Device (tests give a fake handler; browsers detect theirs). */
export type DeviceOptions = NonNullable<Parameters<typeof Device.factory>[0]>;

export type MediaSessionState = 'idle' | 'joining' | 'joined' | 'recovering' | 'left' | 'revoked';

export interface RemoteTrack {
  consumerId: string;
  producerId: string;
  participantId: ParticipantId;
  source: MediaSource;
  kind: MediaKind;
  track: MediaStreamTrack;
  /** The sender muted it. */
  producerPaused: boolean;
}

export interface JoinOptions {
  roomId: string;
  /** Only TCP candidates (networks that drop UDP). */
  tcpOnly?: boolean;
  /** `relay` sends everything through TURN. */
  iceTransportPolicy?: RTCIceTransportPolicy;
  /** Send cameras as H.264 (devices whose hardware encodes only that); VP8 simulcast otherwise. */
  preferH264?: boolean;
}

export interface ReceiveStats {
  producerId: string;
  participantId: ParticipantId;
  source: MediaSource;
  kind: MediaKind;
  packetsReceived: number;
  framesDecoded: number;
  frameWidth: number | undefined;
  /** e.g. `video/VP8`, `video/H264`, `audio/opus`. */
  mimeType: string | undefined;
}

export interface TransportInfo {
  direction: 'send' | 'recv';
  state: string;
  /** `udp` or `tcp` of the selected candidate pair; undefined until connected. */
  protocol: string | undefined;
  relayed: boolean;
}

export type MediaSessionEvents = {
  state: [state: MediaSessionState];
  'track-added': [track: RemoteTrack];
  'track-removed': [track: RemoteTrack];
  'track-paused': [track: RemoteTrack];
  'participant-joined': [participantId: ParticipantId];
  'participant-left': [participantId: ParticipantId];
  speaker: [participantId: ParticipantId | null];
  quality: [participants: ParticipantQuality[]];
  recovering: [action: RecoveryAction];
  recovered: [action: RecoveryAction];
  error: [error: CallClientError];
};

const PUBLISH_ORDER: readonly MediaSource[] = ['camera', 'document-camera', 'screen', 'microphone'];

/** The request or its answer was lost (a network drop): the same request may well work later. */
const LOST = new Set<ClientErrorCode>(['NETWORK', 'TIMEOUT']);

/**
 * Failures a new attempt can fix: lost on the way, the room gone (it is placed again), no SFU for
 * a moment, or a source the SFU already has from a publish whose answer was lost (a rejoin
 * replaces the membership, so that producer goes with it).
 */
const RETRYABLE = new Set<ClientErrorCode>([...LOST, 'ROOM_RESTARTED', 'UNAVAILABLE', 'CONFLICT']);

interface LocalSource {
  track: MediaStreamTrack;
  muted: boolean;
  producer?: types.Producer;
}

interface Remote {
  consumer: types.Consumer;
  info: RemoteTrack;
  layer?: number;
}

export class MediaSession extends TypedEmitter<MediaSessionEvents> implements RecoveryTarget {
  readonly reconnector: MediaReconnector;
  readonly #signaling: MediaSignaling;
  #device: Device | undefined;
  #options: JoinOptions | undefined;
  #grant: MediaGrant | undefined;
  #send: types.Transport | undefined;
  #recv: types.Transport | undefined;
  #state: MediaSessionState = 'idle';
  readonly #local = new Map<MediaSource, LocalSource>();
  readonly #remote = new Map<string, Remote>();
  readonly #consuming = new Set<string>();
  readonly #pending = new Map<string, ProducerInfo>();
  #joining = false;
  /** Sources whose producer is being negotiated (a resume must not publish them twice). */
  readonly #producing = new Set<MediaSource>();
  readonly #unsubscribe: (() => void)[] = [];
  #signalingLost = false;
  /** The caller of a `join()` whose first attempt was cut, waiting for the reconnector's rejoin. */
  #joinWaiter: { resolve: () => void; reject: (error: CallClientError) => void } | undefined;
  readonly #deviceOptions: DeviceOptions | undefined;

  constructor(
    signaling: MediaSignaling,
    reconnector?: (target: RecoveryTarget) => MediaReconnector,
    deviceOptions?: DeviceOptions,
  ) {
    super();
    this.#signaling = signaling;
    this.#deviceOptions = deviceOptions;
    this.reconnector = reconnector ? reconnector(this) : new MediaReconnector(this);
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
    return this.#grant;
  }

  get remoteTracks(): RemoteTrack[] {
    return [...this.#remote.values()].map((r) => r.info);
  }

  localTrack(source: MediaSource): MediaStreamTrack | undefined {
    return this.#local.get(source)?.track;
  }

  isMuted(source: MediaSource): boolean {
    return this.#local.get(source)?.muted ?? false;
  }

  /** Loads the router capabilities; safe to call early and more than once. */
  async prepare(): Promise<void> {
    if (this.#device?.loaded) return;
    const { routerRtpCapabilities } = await this.#signaling.request('media:capabilities', {});
    const device = await Device.factory(this.#deviceOptions);
    await device.load({ routerRtpCapabilities: routerRtpCapabilities as types.RtpCapabilities });
    this.#device = device;
  }

  /**
   * Joins the room. A first attempt cut by a network drop (or meeting a room being moved) is not
   * the caller's problem: the reconnector joins again once signaling is back, on the backoff
   * schedule, and the promise resolves then. It rejects on a refusal (no grant, not signed in, a
   * bad request), when the session is revoked, or when `leave()` is called first.
   */
  async join(options: JoinOptions): Promise<MediaGrant> {
    this.#settleJoin(new CallClientError('CONFLICT', 'joined again'));
    this.#options = options;
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
    if (!this.#grant) throw new CallClientError('INTERNAL');
    return this.#grant;
  }

  async leave(): Promise<void> {
    const roomId = this.#options?.roomId;
    this.reconnector.stop();
    this.#settleJoin(new CallClientError('NOT_FOUND', 'left before the join completed'));
    if (roomId && this.#grant) await this.#signaling.request('media:leave', { roomId }).catch(() => undefined);
    this.#teardown();
    for (const unsubscribe of this.#unsubscribe.splice(0)) unsubscribe();
    this.#setState('left');
  }

  // ── local sources ───────────────────────────────────────────────────────────────────────────

  /** Publishes a track as a source (now, or at the join); replaces the track if already published. */
  async publish(source: MediaSource, track: MediaStreamTrack): Promise<void> {
    const existing = this.#local.get(source);
    if (existing?.producer && !existing.producer.closed) {
      await existing.producer.replaceTrack({ track });
      existing.track = track;
      return;
    }
    this.#local.set(source, { track, muted: existing?.muted ?? false });
    if (this.#state === 'joined') await this.#produce(source).catch((error: unknown) => this.#produceFailed(error));
  }

  /** Switches the device of a published source without renegotiation. */
  async replaceTrack(source: MediaSource, track: MediaStreamTrack): Promise<void> {
    const entry = this.#local.get(source);
    if (!entry) return this.publish(source, track);
    const previous = entry.track;
    entry.track = track;
    if (entry.producer && !entry.producer.closed) await entry.producer.replaceTrack({ track });
    if (previous !== track) previous.stop();
  }

  async unpublish(source: MediaSource): Promise<void> {
    const entry = this.#local.get(source);
    this.#local.delete(source);
    if (!entry) return;
    entry.track.stop();
    const producer = entry.producer;
    if (producer && !producer.closed && this.#options) {
      producer.close();
      await this.#signaling
        .request('media:producer:set', { roomId: this.#options.roomId, producerId: producer.id, action: 'close' })
        .catch(() => undefined);
    }
  }

  async setMuted(source: MediaSource, muted: boolean): Promise<void> {
    const entry = this.#local.get(source);
    if (!entry || entry.muted === muted) return;
    entry.muted = muted;
    const producer = entry.producer;
    if (!producer || producer.closed || !this.#options) return;
    if (muted) producer.pause();
    else producer.resume();
    await this.#signaling.request('media:producer:set', {
      roomId: this.#options.roomId,
      producerId: producer.id,
      action: muted ? 'pause' : 'resume',
    });
  }

  // ── remote tracks ───────────────────────────────────────────────────────────────────────────

  /**
   * Tells the SFU how large a remote video is shown (device pixels); it then forwards the
   * smallest simulcast layer that fills it. Unchanged choices are not sent again.
   */
  async setRenderedSize(producerId: string, width: number): Promise<number | undefined> {
    const remote = this.#remote.get(producerId);
    if (!remote || remote.info.kind !== 'video' || !this.#options) return undefined;
    const layer = spatialLayerFor(width);
    if (remote.layer === layer) return layer;
    remote.layer = layer;
    await this.#signaling.request('media:consumer:layers', {
      roomId: this.#options.roomId,
      consumerId: remote.info.consumerId,
      spatialLayer: layer,
    });
    return layer;
  }

  /** Received packets and decoded frames per remote track, from the browser's own statistics. */
  async receiveStats(): Promise<ReceiveStats[]> {
    const result: ReceiveStats[] = [];
    for (const { consumer, info } of this.#remote.values()) {
      const report = await consumer.getStats();
      let best: RTCInboundRtpStreamStats | undefined;
      const codecs = new Map<string, string>();
      report.forEach((entry: RTCStats) => {
        if (entry.type === 'codec') codecs.set(entry.id, (entry as RTCStats & { mimeType: string }).mimeType);
        if (entry.type !== 'inbound-rtp') return;
        const inbound = entry as RTCInboundRtpStreamStats;
        if (!best || (inbound.packetsReceived ?? 0) > (best.packetsReceived ?? 0)) best = inbound;
      });
      const stats = best as (RTCInboundRtpStreamStats & { frameWidth?: number }) | undefined;
      result.push({
        producerId: info.producerId,
        participantId: info.participantId,
        source: info.source,
        kind: info.kind,
        packetsReceived: stats?.packetsReceived ?? 0,
        framesDecoded: stats?.framesDecoded ?? 0,
        frameWidth: stats?.frameWidth,
        mimeType: stats?.codecId ? codecs.get(stats.codecId) : undefined,
      });
    }
    return result;
  }

  /** Each transport's state and the protocol of its selected candidate pair (diagnostics). */
  async connectionInfo(): Promise<TransportInfo[]> {
    const result: TransportInfo[] = [];
    for (const transport of [this.#send, this.#recv]) {
      if (!transport) continue;
      const report = await transport.getStats();
      const byId = new Map<string, RTCStats & Record<string, unknown>>();
      report.forEach((entry: RTCStats) => {
        byId.set(entry.id, entry as RTCStats & Record<string, unknown>);
      });
      let protocol: string | undefined;
      let relayed = false;
      for (const entry of byId.values()) {
        if (entry.type !== 'transport' || typeof entry.selectedCandidatePairId !== 'string') continue;
        const pair = byId.get(entry.selectedCandidatePairId);
        const local = pair ? byId.get(String(pair.localCandidateId)) : undefined;
        protocol = typeof local?.protocol === 'string' ? local.protocol : undefined;
        relayed = local?.candidateType === 'relay';
      }
      result.push({ direction: transport.direction, state: transport.connectionState, protocol, relayed });
    }
    return result;
  }

  // ── recovery steps (called by the reconnector) ─────────────────────────────────────────────

  async restartIce(direction: 'send' | 'recv'): Promise<void> {
    const transport = direction === 'send' ? this.#send : this.#recv;
    if (!transport || !this.#options) throw new CallClientError('ROOM_RESTARTED');
    const { iceParameters } = await this.#signaling.request('media:transport:restart-ice', {
      roomId: this.#options.roomId,
      transportId: transport.id,
    });
    await transport.restartIce({ iceParameters: iceParameters as types.IceParameters });
  }

  /**
   * Catches up after a drop: the others' producers it missed, and its own sources whose
   * publishing was cut (every source the app published must be in the room). A publish that fails
   * again throws, so the reconnector escalates to a rejoin (which publishes everything anew).
   */
  async resume(): Promise<void> {
    if (!this.#options) return;
    const { participants } = await this.#signaling.request('media:resume', { roomId: this.#options.roomId });
    const live = new Set(participants.flatMap((p) => p.producers.map((producer) => producer.producerId)));
    for (const producerId of [...this.#remote.keys()]) if (!live.has(producerId)) this.#removeRemote(producerId);
    await Promise.all([
      ...participants.flatMap((p) => p.producers.map((producer) => this.#consume(producer))),
      this.#produceMissing(),
    ]);
    for (const transport of [this.#send, this.#recv]) {
      if (transport?.connectionState === 'failed') this.reconnector.transportFailed(transport.direction);
    }
  }

  async rejoin(): Promise<void> {
    this.#teardown();
    await this.#joinOnce();
  }

  // ── internals ───────────────────────────────────────────────────────────────────────────────

  async #joinOnce(): Promise<void> {
    const options = this.#options;
    if (!options) throw new CallClientError('INTERNAL');
    this.#joining = true;
    try {
      await this.prepare();
      const device = this.#device as Device;
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
      this.#grant = joined.grant;
      for (const params of joined.transports) this.#createTransport(device, params, joined.iceServers);
      this.#setState('joined');
      // Producers announced while joining are consumed too (#consume skips any already taken).
      const others = [...joined.participants.flatMap((p) => p.producers), ...this.#pending.values()];
      this.#pending.clear();
      this.#joining = false;
      // Producers on one transport are negotiated one after another: cameras first, so the other
      // side sees a face as early as possible (the microphone follows a few ms later).
      await Promise.all([...others.map((producer) => this.#consume(producer)), this.#produceMissing()]);
    } finally {
      this.#joining = false;
    }
  }

  /**
   * Publishes every local source that has no producer (none is being negotiated). A failure that
   * another attempt can fix is thrown after all have been tried; any other is the app's to hear.
   */
  async #produceMissing(): Promise<void> {
    const sources = [...this.#local.keys()]
      .filter((source) => !this.#producing.has(source))
      .sort((a, b) => PUBLISH_ORDER.indexOf(a) - PUBLISH_ORDER.indexOf(b));
    const failures = await Promise.all(
      sources.map((source) =>
        this.#produce(source).then(
          () => undefined,
          (error: unknown) => CallClientError.from(error),
        ),
      ),
    );
    const retryable = failures.find((failure) => failure && RETRYABLE.has(failure.code));
    for (const failure of failures) if (failure && !RETRYABLE.has(failure.code)) this.emit('error', failure);
    if (retryable) throw retryable;
  }

  /** A publish outside recovery failed: recovery takes it from there when another attempt can help. */
  #produceFailed(error: unknown): void {
    const failure = CallClientError.from(error);
    if (failure.code === 'ROOM_RESTARTED') this.reconnector.roomLost();
    else if (RETRYABLE.has(failure.code)) this.reconnector.resync();
    else this.emit('error', failure);
  }

  #createTransport(device: Device, params: TransportParams, iceServers: RTCIceServer[]): void {
    const options = {
      id: params.transportId,
      iceParameters: params.iceParameters as types.IceParameters,
      iceCandidates: params.iceCandidates as types.IceCandidate[],
      dtlsParameters: params.dtlsParameters as types.DtlsParameters,
      iceServers,
      ...(this.#options?.iceTransportPolicy ? { iceTransportPolicy: this.#options.iceTransportPolicy } : {}),
    };
    const transport =
      params.direction === 'send' ? device.createSendTransport(options) : device.createRecvTransport(options);
    const roomId = this.#options?.roomId ?? '';
    transport.on('connect', ({ dtlsParameters }, callback, errback) => {
      this.#signaling
        .request('media:transport:connect', { roomId, transportId: transport.id, dtlsParameters })
        .then(() => callback(), errback);
    });
    transport.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
      this.#signaling
        .request('media:produce', {
          roomId,
          transportId: transport.id,
          kind,
          source: appData.source as MediaSource,
          rtpParameters: rtpParameters as ClientPayload<'media:produce'>['rtpParameters'],
          paused: appData.paused === true,
        })
        .then(({ producerId }) => callback({ id: producerId }), errback);
    });
    transport.on('connectionstatechange', (state) => {
      if (state === 'failed') this.reconnector.transportFailed(params.direction);
    });
    if (params.direction === 'send') this.#send = transport;
    else this.#recv = transport;
  }

  /** Publishes one local source unless it already is (or is being); throws what went wrong. */
  async #produce(source: MediaSource): Promise<void> {
    const entry = this.#local.get(source);
    const transport = this.#send;
    const device = this.#device;
    if (!entry || !transport || !device || (entry.producer && !entry.producer.closed)) return;
    if (this.#producing.has(source)) return;
    const kind = SOURCE_KIND[source];
    const options: types.ProducerOptions = {
      track: entry.track,
      stopTracks: false,
      appData: { source, paused: entry.muted },
    };
    if (kind === 'video') {
      const h264 = this.#options?.preferH264
        ? device.rtpCapabilities.codecs?.find((c) => c.mimeType.toLowerCase() === 'video/h264')
        : undefined;
      const vp8 = device.rtpCapabilities.codecs?.find((c) => c.mimeType.toLowerCase() === 'video/vp8');
      const codec = h264 ?? vp8;
      if (codec) options.codec = codec;
      // Simulcast for cameras (VP8); one sharp layer for a screen or an H.264 device.
      options.encodings =
        source === 'screen' || h264 ? SCREEN_ENCODINGS.map((e) => ({ ...e })) : CAMERA_ENCODINGS.map((e) => ({ ...e }));
      options.codecOptions = { videoGoogleStartBitrate: 1000 };
    } else {
      options.codecOptions = { opusStereo: false, opusDtx: true, opusFec: true };
    }
    this.#producing.add(source);
    try {
      const producer = await transport.produce(options);
      // Torn down meanwhile (a rejoin started): this producer belongs to a closed transport.
      if (transport.closed) return;
      if (this.#local.get(source) !== entry) {
        // Unpublished while it was negotiated: close it on the SFU too.
        producer.close();
        await this.#signaling
          .request('media:producer:set', {
            roomId: this.#options?.roomId ?? '',
            producerId: producer.id,
            action: 'close',
          })
          .catch(() => undefined);
        return;
      }
      entry.producer = producer;
      if (entry.muted) producer.pause();
    } finally {
      this.#producing.delete(source);
    }
  }

  async #consume(producer: ProducerInfo): Promise<void> {
    const options = this.#options;
    const transport = this.#recv;
    if (!options || !transport || producer.participantId === this.#grant?.participantId) return;
    if (this.#remote.has(producer.producerId) || this.#consuming.has(producer.producerId)) return;
    this.#consuming.add(producer.producerId);
    try {
      const params = await this.#signaling.request('media:consume', {
        roomId: options.roomId,
        producerId: producer.producerId,
      });
      const consumer = await transport.consume({
        id: params.consumerId,
        producerId: params.producerId,
        kind: params.kind,
        rtpParameters: params.rtpParameters as types.RtpParameters,
      });
      // Consumers start paused on the SFU; our side is ready now, so ask for the media.
      await this.#signaling.request('media:consumer:resume', { roomId: options.roomId, consumerId: consumer.id });
      const info: RemoteTrack = {
        consumerId: consumer.id,
        producerId: params.producerId,
        participantId: params.participantId,
        source: params.source,
        kind: params.kind,
        track: consumer.track,
        producerPaused: params.producerPaused,
      };
      this.#remote.set(params.producerId, { consumer, info });
      consumer.on('transportclose', () => this.#removeRemote(params.producerId));
      this.emit('track-added', info);
    } catch (error) {
      const failure = CallClientError.from(error);
      if (failure.code === 'ROOM_RESTARTED') this.reconnector.roomLost();
      else if (LOST.has(failure.code))
        this.reconnector.resync(); // the resume consumes it
      else if (failure.code !== 'NOT_FOUND') this.emit('error', failure); // NOT_FOUND: it closed meanwhile
    } finally {
      this.#consuming.delete(producer.producerId);
    }
  }

  #removeRemote(producerId: string): void {
    const remote = this.#remote.get(producerId);
    if (!remote) return;
    this.#remote.delete(producerId);
    if (!remote.consumer.closed) remote.consumer.close();
    this.emit('track-removed', remote.info);
  }

  #teardown(): void {
    for (const producerId of [...this.#remote.keys()]) this.#removeRemote(producerId);
    for (const entry of this.#local.values()) entry.producer = undefined;
    this.#send?.close();
    this.#recv?.close();
    this.#send = undefined;
    this.#recv = undefined;
  }

  #subscribe(): void {
    const mine = (roomId: string) => roomId === this.#options?.roomId && this.#state !== 'left';
    const s = this.#signaling;
    this.#unsubscribe.push(
      s.on('media:producer:added', ({ roomId, producer }) => {
        if (!mine(roomId)) return;
        // Before the transports exist (joining, rejoining) it waits; the join consumes it then.
        if (this.#recv && !this.#joining) void this.#consume(producer);
        else this.#pending.set(producer.producerId, producer);
      }),
      s.on('media:producer:removed', ({ roomId, producerId }) => {
        if (mine(roomId)) this.#removeRemote(producerId);
      }),
      s.on('media:producer:paused', ({ roomId, producerId, paused }) => {
        const remote = this.#remote.get(producerId);
        if (!mine(roomId) || !remote) return;
        remote.info.producerPaused = paused;
        this.emit('track-paused', remote.info);
      }),
      s.on('media:participant:joined', ({ roomId, participantId }) => {
        if (mine(roomId)) this.emit('participant-joined', participantId);
      }),
      s.on('media:participant:left', ({ roomId, participantId }) => {
        if (!mine(roomId)) return;
        for (const remote of [...this.#remote.values()]) {
          if (remote.info.participantId === participantId) this.#removeRemote(remote.info.producerId);
        }
        this.emit('participant-left', participantId);
      }),
      s.on('media:speaker', ({ roomId, participantId }) => {
        if (mine(roomId)) this.emit('speaker', participantId);
      }),
      s.on('media:quality', ({ roomId, participants }) => {
        if (mine(roomId)) this.emit('quality', participants);
      }),
      s.on('media:room:restarted', ({ roomId }) => {
        if (mine(roomId)) this.reconnector.roomLost();
      }),
      s.on('media:revoked', ({ roomId }) => {
        if (!mine(roomId)) return;
        this.reconnector.stop();
        this.#teardown();
        this.#setState('revoked');
        this.#settleJoin(new CallClientError('MEDIA_NOT_GRANTED'));
      }),
      s.onState((state) => {
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
      }),
    );
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
