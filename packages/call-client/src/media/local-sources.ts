/**
 * The participant's own sources (microphone, camera, document camera, screen): the track of each,
 * its mute, and its producer on the send transport. A source the app published stays the
 * session's to keep in the room: `produceMissing()` (at every join, rejoin and resume) publishes
 * each one that has no producer.
 */
import { type CallLevel, type MediaSource, SOURCE_KIND } from '@etapiste/protocol';
import type { types } from 'mediasoup-client';
import { CallClientError } from '../errors.js';
import type { MediaContext } from './context.js';
import { RETRYABLE } from './failures.js';
import { CAMERA_ENCODINGS, SCREEN_ENCODINGS } from './layers.js';
import { videoPlan } from './level-plan.js';
import type { MediaTransports } from './transports.js';

/** Producers on one transport are negotiated one after another: cameras first, so the other side sees a face early. */
const PUBLISH_ORDER: readonly MediaSource[] = ['camera', 'document-camera', 'screen', 'microphone'];

interface LocalSource {
  track: MediaStreamTrack;
  /** The person muted it (or turned the camera off). */
  muted: boolean;
  /** The call level holds it back (a weak network, or audio only chosen); apart from `muted`. */
  held: boolean;
  producer?: types.Producer;
}

export class LocalSources {
  readonly #ctx: MediaContext;
  readonly #transports: MediaTransports;
  readonly #local = new Map<MediaSource, LocalSource>();
  /** Sources whose producer is being negotiated (a resume must not publish them twice). */
  readonly #producing = new Set<MediaSource>();
  /** The call level applied to every video source, and to each produced later. */
  #level: CallLevel = 'full';

  constructor(ctx: MediaContext, transports: MediaTransports) {
    this.#ctx = ctx;
    this.#transports = transports;
  }

  track(source: MediaSource): MediaStreamTrack | undefined {
    return this.#local.get(source)?.track;
  }

  isMuted(source: MediaSource): boolean {
    return this.#local.get(source)?.muted ?? false;
  }

  /** Keeps the track as the source; produces it now when `produceNow` (joined), else at the join. */
  async publish(source: MediaSource, track: MediaStreamTrack, produceNow: boolean): Promise<void> {
    const existing = this.#local.get(source);
    if (existing?.producer && !existing.producer.closed) {
      await existing.producer.replaceTrack({ track });
      existing.track = track;
      return;
    }
    this.#local.set(source, { track, muted: existing?.muted ?? false, held: this.#heldAt(source, this.#level) });
    if (produceNow) await this.#produce(source).catch((error: unknown) => this.#produceFailed(error));
  }

  /** Switches the device of a source without renegotiation; false if there is no such source. */
  async replaceTrack(source: MediaSource, track: MediaStreamTrack): Promise<boolean> {
    const entry = this.#local.get(source);
    if (!entry) return false;
    const previous = entry.track;
    entry.track = track;
    if (entry.producer && !entry.producer.closed) await entry.producer.replaceTrack({ track });
    if (previous !== track) previous.stop();
    return true;
  }

  async unpublish(source: MediaSource): Promise<void> {
    const entry = this.#local.get(source);
    this.#local.delete(source);
    if (!entry) return;
    entry.track.stop();
    const producer = entry.producer;
    const roomId = this.#ctx.options?.roomId;
    if (producer && !producer.closed && roomId !== undefined) {
      producer.close();
      await this.#ctx.signaling
        .request('media:producer:set', { roomId, producerId: producer.id, action: 'close' })
        .catch(() => undefined);
    }
  }

  async setMuted(source: MediaSource, muted: boolean): Promise<void> {
    const entry = this.#local.get(source);
    if (!entry || entry.muted === muted) return;
    entry.muted = muted;
    await this.#sync(entry);
  }

  /** A document camera or a screen is published (the call level then keeps it longest). */
  hasDocuments(): boolean {
    return this.#local.has('document-camera') || this.#local.has('screen');
  }

  /** A video source sends now: published, not muted, not held back by the call level. */
  sendingVideo(): boolean {
    for (const [source, entry] of this.#local) {
      if (SOURCE_KIND[source] === 'video' && !entry.muted && !entry.held && entry.producer && !entry.producer.closed)
        return true;
    }
    return false;
  }

  /**
   * Applies a call level to every video source (level-plan.ts): held back (paused on the SFU, so
   * the others hear `media:producer:paused`), or sent at most at a layer and frame rate. Audio is
   * never touched. A source produced later gets the level at its production.
   */
  async setLevel(level: CallLevel): Promise<void> {
    this.#level = level;
    await Promise.all(
      [...this.#local.entries()].map(async ([source, entry]) => {
        if (SOURCE_KIND[source] !== 'video') return;
        entry.held = this.#heldAt(source, level);
        await this.#sync(entry);
        await this.#shape(source, entry);
      }),
    );
  }

  #heldAt(source: MediaSource, level: CallLevel): boolean {
    return SOURCE_KIND[source] === 'video' && videoPlan(level, source).held;
  }

  /** The producer paused exactly when muted or held; the SFU (and through it the others) told of a change. */
  async #sync(entry: LocalSource): Promise<void> {
    const producer = entry.producer;
    const roomId = this.#ctx.options?.roomId;
    if (!producer || producer.closed || roomId === undefined) return;
    const paused = entry.muted || entry.held;
    if (producer.paused === paused) return;
    if (paused) producer.pause();
    else producer.resume();
    await this.#ctx.signaling.request('media:producer:set', {
      roomId,
      producerId: producer.id,
      action: paused ? 'pause' : 'resume',
    });
  }

  /** The highest layer and the frame rate the level allows; the browser keeps sending the rest as it was. */
  async #shape(source: MediaSource, entry: LocalSource): Promise<void> {
    const producer = entry.producer;
    if (!producer || producer.closed || producer.kind !== 'video') return;
    const plan = videoPlan(this.#level, source);
    try {
      if (producer.maxSpatialLayer !== undefined || plan.maxSpatialLayer < 2)
        await producer.setMaxSpatialLayer(plan.maxSpatialLayer);
      await producer.setRtpEncodingParameters({ maxFramerate: plan.maxFramerate ?? 30 });
    } catch {
      // A single-layer sender (a screen, an H.264 device) has no layers to drop; the pause still applies.
    }
  }

  /**
   * Publishes every local source that has no producer (none is being negotiated). A failure that
   * another attempt can fix is thrown after all have been tried; any other is the app's to hear.
   */
  async produceMissing(): Promise<void> {
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
    for (const failure of failures) if (failure && !RETRYABLE.has(failure.code)) this.#ctx.emit('error', failure);
    if (retryable) throw retryable;
  }

  /**
   * The producer to warm the receive side up with (RemoteTracks.warmUp), if any is up: a video one
   * first. mediasoup-client adds a probator track to the receive side with its first video consumer,
   * one more renegotiation; made now, it is not in the way of the first picture at the accept.
   */
  warmUpProducerId(): string | undefined {
    const live = [...this.#local.values()].flatMap(({ producer }) => (producer && !producer.closed ? [producer] : []));
    return (live.find((producer) => producer.kind === 'video') ?? live[0])?.id;
  }

  /** The transports are gone (teardown): every producer went with them; the sources stay. */
  forgetProducers(): void {
    for (const entry of this.#local.values()) entry.producer = undefined;
  }

  /** A publish outside recovery failed: recovery takes it from there when another attempt can help. */
  #produceFailed(error: unknown): void {
    const failure = CallClientError.from(error);
    if (failure.code === 'ROOM_RESTARTED') this.#ctx.reconnector.roomLost();
    else if (RETRYABLE.has(failure.code)) this.#ctx.reconnector.resync();
    else this.#ctx.emit('error', failure);
  }

  /** Publishes one local source unless it already is (or is being); throws what went wrong. */
  async #produce(source: MediaSource): Promise<void> {
    const entry = this.#local.get(source);
    const transport = this.#transports.send;
    const device = this.#ctx.device;
    if (!entry || !transport || !device || (entry.producer && !entry.producer.closed)) return;
    if (this.#producing.has(source)) return;
    const kind = SOURCE_KIND[source];
    const options: types.ProducerOptions = {
      track: entry.track,
      stopTracks: false,
      appData: { source, paused: entry.muted || entry.held },
    };
    if (kind === 'video') {
      const h264 = this.#ctx.options?.preferH264
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
        await this.#ctx.signaling
          .request('media:producer:set', {
            roomId: this.#ctx.options?.roomId ?? '',
            producerId: producer.id,
            action: 'close',
          })
          .catch(() => undefined);
        return;
      }
      entry.producer = producer;
      if (entry.muted || entry.held) producer.pause();
      if (this.#level !== 'full') await this.#shape(source, entry);
    } finally {
      this.#producing.delete(source);
    }
  }
}
