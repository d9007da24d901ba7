/**
 * The others' media as this participant receives it: one consumer per remote producer on the
 * receive transport (created paused on the SFU, resumed once this side is ready), producers
 * announced before the transports exist held until the join consumes them, and the simulcast
 * layer each video is shown at.
 */
import type { ParticipantId, ProducerInfo } from '@etapiste/protocol';
import type { types } from 'mediasoup-client';
import { CallClientError } from '../errors.js';
import type { MediaContext } from './context.js';
import { LOST } from './failures.js';
import { spatialLayerFor } from './layers.js';
import type { MediaTransports } from './transports.js';
import type { RemoteTrack } from './types.js';

export interface Remote {
  consumer: types.Consumer;
  info: RemoteTrack;
  /** The spatial layer last asked for; unchanged choices are not sent again. */
  layer?: number;
}

export class RemoteTracks {
  readonly #ctx: MediaContext;
  readonly #transports: MediaTransports;
  readonly #remote = new Map<string, Remote>();
  /** Producers being consumed now (a push and a catch-up may name the same one). */
  readonly #consuming = new Set<string>();
  /** Producers announced while the transports did not exist yet (joining, rejoining). */
  readonly #pending = new Map<string, ProducerInfo>();

  constructor(ctx: MediaContext, transports: MediaTransports) {
    this.#ctx = ctx;
    this.#transports = transports;
  }

  get tracks(): RemoteTrack[] {
    return [...this.#remote.values()].map((r) => r.info);
  }

  /** Every remote with its consumer (statistics). */
  remotes(): IterableIterator<Remote> {
    return this.#remote.values();
  }

  /** Keeps a producer announced before the transports exist, for the join to consume. */
  hold(producer: ProducerInfo): void {
    this.#pending.set(producer.producerId, producer);
  }

  /** The producers held so far, handed over (and forgotten) once the transports exist. */
  takeHeld(): ProducerInfo[] {
    const held = [...this.#pending.values()];
    this.#pending.clear();
    return held;
  }

  /** Consumes a producer of another participant unless it already is (or is being) consumed. */
  async consume(producer: ProducerInfo): Promise<void> {
    const { signaling, reconnector } = this.#ctx;
    const roomId = this.#ctx.options?.roomId;
    const transport = this.#transports.recv;
    if (roomId === undefined || !transport || producer.participantId === this.#ctx.grant?.participantId) return;
    if (this.#remote.has(producer.producerId) || this.#consuming.has(producer.producerId)) return;
    this.#consuming.add(producer.producerId);
    try {
      const params = await signaling.request('media:consume', { roomId, producerId: producer.producerId });
      const consumer = await transport.consume({
        id: params.consumerId,
        producerId: params.producerId,
        kind: params.kind,
        rtpParameters: params.rtpParameters as types.RtpParameters,
      });
      // Consumers start paused on the SFU; our side is ready now, so ask for the media.
      await signaling.request('media:consumer:resume', { roomId, consumerId: consumer.id });
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
      consumer.on('transportclose', () => this.remove(params.producerId));
      this.#ctx.emit('track-added', info);
    } catch (error) {
      const failure = CallClientError.from(error);
      if (failure.code === 'ROOM_RESTARTED') reconnector.roomLost();
      else if (LOST.has(failure.code))
        reconnector.resync(); // the resume consumes it
      else if (failure.code !== 'NOT_FOUND') this.#ctx.emit('error', failure); // NOT_FOUND: it closed meanwhile
    } finally {
      this.#consuming.delete(producer.producerId);
    }
  }

  remove(producerId: string): void {
    const remote = this.#remote.get(producerId);
    if (!remote) return;
    this.#remote.delete(producerId);
    if (!remote.consumer.closed) remote.consumer.close();
    this.#ctx.emit('track-removed', remote.info);
  }

  /** Removes every track not in `live` (the producers the room has after a drop). */
  keepOnly(live: ReadonlySet<string>): void {
    for (const producerId of [...this.#remote.keys()]) if (!live.has(producerId)) this.remove(producerId);
  }

  removeParticipant(participantId: ParticipantId): void {
    for (const remote of [...this.#remote.values()]) {
      if (remote.info.participantId === participantId) this.remove(remote.info.producerId);
    }
  }

  removeAll(): void {
    for (const producerId of [...this.#remote.keys()]) this.remove(producerId);
  }

  /** The sender muted or unmuted a track this participant receives. */
  setProducerPaused(producerId: string, paused: boolean): void {
    const remote = this.#remote.get(producerId);
    if (!remote) return;
    remote.info.producerPaused = paused;
    this.#ctx.emit('track-paused', remote.info);
  }

  /**
   * Tells the SFU how large a remote video is shown (device pixels); it then forwards the
   * smallest simulcast layer that fills it. Unchanged choices are not sent again.
   */
  async setRenderedSize(producerId: string, width: number): Promise<number | undefined> {
    const remote = this.#remote.get(producerId);
    const options = this.#ctx.options;
    if (remote?.info.kind !== 'video' || !options) return undefined;
    const layer = spatialLayerFor(width);
    if (remote.layer === layer) return layer;
    remote.layer = layer;
    await this.#ctx.signaling.request('media:consumer:layers', {
      roomId: options.roomId,
      consumerId: remote.info.consumerId,
      spatialLayer: layer,
    });
    return layer;
  }
}
