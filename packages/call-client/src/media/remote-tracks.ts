/**
 * The others' media as this participant receives it: one consumer per remote producer on the
 * receive transport (created paused on the SFU, resumed once this side is ready), producers
 * announced before the transports exist held until the join consumes them, and the simulcast
 * layer each video is shown at.
 *
 * The first picture of a call is on the clock (issue 14): a participant's camera and microphone
 * arrive together, and each consumer handed to mediasoup-client on its own is one offer/answer
 * with the browser after another (~100 ms each on a busy machine). Consume answers are therefore
 * handed over together once none is outstanding (mediasoup-client negotiates the consumers given
 * in one tick at once), and a track is shown as soon as it exists, not after its resume's answer.
 */
import type { CallLevel, ConsumerParams, ParticipantId, ProducerInfo } from '@etapiste/protocol';
import type { types } from 'mediasoup-client';
import { CallClientError } from '../errors.js';
import type { MediaContext } from './context.js';
import { LOST } from './failures.js';
import { spatialLayerFor } from './layers.js';
import { videoPlan } from './level-plan.js';
import type { MediaTransports } from './transports.js';
import type { RemoteTrack } from './types.js';

export interface Remote {
  consumer: types.Consumer;
  info: RemoteTrack;
  /** The spatial layer the rendered size asks for (the call level may cap it). */
  layer?: number;
  /** The layer last sent to the SFU; unchanged choices are not sent again. */
  sentLayer?: number;
  /** Paused on the SFU by the call level (a weak downlink takes no video). */
  held: boolean;
  /**
   * The consumer's last command to the SFU (resume, pause, layers): the next waits for it. Two in
   * flight at once may reach the SFU in either order (each is its own request there), and a pause
   * overtaken by the resume that followed it left the video paused for good.
   */
  sending: Promise<unknown>;
}

/** The SFU's answer to `media:consume` as mediasoup-client's `transport.consume` takes it. */
function consumeOptions(params: ConsumerParams): types.ConsumerOptions {
  return {
    id: params.consumerId,
    producerId: params.producerId,
    kind: params.kind,
    rtpParameters: params.rtpParameters as types.RtpParameters,
  };
}

/** How long after a failed pause or resume the level is applied again. */
const LEVEL_RETRY_MS = 1_000;

export class RemoteTracks {
  readonly #ctx: MediaContext;
  readonly #transports: MediaTransports;
  readonly #remote = new Map<string, Remote>();
  /** Producers being consumed now (a push and a catch-up may name the same one). */
  readonly #consuming = new Set<string>();
  /** Producers announced while the transports did not exist yet (joining, rejoining). */
  readonly #pending = new Map<string, ProducerInfo>();
  /** The call level applied to every video received, and to each consumed later. */
  #level: CallLevel = 'full';
  /** A pass of the level due again after a pause or resume the SFU did not take. */
  #retry: ReturnType<typeof setTimeout> | undefined;
  /** `media:consume` requests awaiting their answer. */
  #asking = 0;
  /** Consumes whose answer is in, waiting for the others' to be handed over with them. */
  #answered: Array<() => void> = [];

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

  /** Another participant's document camera or screen is received. */
  hasDocuments(): boolean {
    for (const { info } of this.#remote.values())
      if (info.source === 'document-camera' || info.source === 'screen') return true;
    return false;
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
      const params = await this.#ask(() =>
        signaling.request('media:consume', { roomId, producerId: producer.producerId }),
      );
      const consumer = await this.#handOver(transport, params);
      // Consumers start paused on the SFU; our side is ready now, so ask for the media (unless
      // the call level takes no such video now: it stays paused until the level rises).
      const held = params.kind === 'video' && videoPlan(this.#level, params.source).held;
      if (held) consumer.pause();
      const info: RemoteTrack = {
        consumerId: consumer.id,
        producerId: params.producerId,
        participantId: params.participantId,
        source: params.source,
        kind: params.kind,
        track: consumer.track,
        producerPaused: params.producerPaused,
      };
      const remote: Remote = { consumer, info, held, sending: Promise.resolve() };
      this.#remote.set(params.producerId, remote);
      consumer.on('transportclose', () => this.remove(params.producerId));
      // On screen now: the first frame follows the resume, and the element is ready for it.
      this.#ctx.emit('track-added', info);
      try {
        if (!held)
          await inOrder(remote, () => signaling.request('media:consumer:resume', { roomId, consumerId: consumer.id }));
        if (params.kind === 'video' && !held && this.#level !== 'full') await this.#sendLayer(remote);
      } catch (error) {
        // Not receiving after all: taken down, so that a catch-up (resync) consumes it afresh.
        if (this.#remote.get(params.producerId) === remote) this.remove(params.producerId);
        throw error;
      }
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

  /** A `media:consume` request, counted while its answer is awaited (see #handOver). */
  async #ask<T>(request: () => Promise<T>): Promise<T> {
    this.#asking += 1;
    let failed = true;
    try {
      const answer = await request();
      failed = false;
      return answer;
    } finally {
      this.#asking -= 1;
      // The last answer came as a failure: nobody else will hand the waiting ones over.
      if (failed && this.#asking === 0) this.#handOverAll();
    }
  }

  /**
   * Hands a consume answer to mediasoup-client once no other `media:consume` is awaiting its
   * answer; the last one in hands over every waiting one with it, in one synchronous loop, so
   * mediasoup-client negotiates them all in one offer/answer (it batches what it is given in one
   * tick).
   */
  #handOver(transport: types.Transport, params: ConsumerParams): Promise<types.Consumer> {
    return new Promise((resolve, reject) => {
      this.#answered.push(() => {
        try {
          transport.consume(consumeOptions(params)).then(resolve, reject);
        } catch (error) {
          reject(error);
        }
      });
      if (this.#asking === 0) this.#handOverAll();
    });
  }

  #handOverAll(): void {
    const waiting = this.#answered;
    this.#answered = [];
    for (const handOver of waiting) handOver();
  }

  /**
   * Connects the receive transport while nobody else is in the room (a point waiting, a
   * specialist in standby): a paused consumer of this side's own producer, closed here at once
   * (`warmUp` in the protocol's MediaConsume). The first real consume then needs no DTLS handshake.
   * Best effort: a failure only means the handshake happens later, as before.
   */
  async warmUp(ownProducerId: string | undefined): Promise<void> {
    const roomId = this.#ctx.options?.roomId;
    const transport = this.#transports.recv;
    if (roomId === undefined || !transport || ownProducerId === undefined) return;
    if (transport.connectionState !== 'new' || this.#remote.size > 0 || this.#consuming.size > 0) return;
    try {
      const params = await this.#ctx.signaling.request('media:consume', {
        roomId,
        producerId: ownProducerId,
        warmUp: true,
      });
      if (transport.closed) return;
      const consumer = await transport.consume(consumeOptions(params));
      consumer.close();
    } catch {
      // Not connected early; the first real consume connects it.
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
    clearTimeout(this.#retry);
    this.#retry = undefined;
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
    if (remote?.info.kind !== 'video' || !this.#ctx.options) return undefined;
    remote.layer = spatialLayerFor(width);
    return this.#sendLayer(remote);
  }

  /**
   * Applies a call level to every video received (level-plan.ts): paused on the SFU, or at most
   * its layer; the rendered size decides below that cap. Audio is never touched.
   */
  async setLevel(level: CallLevel): Promise<void> {
    this.#level = level;
    const roomId = this.#ctx.options?.roomId;
    if (roomId === undefined) return;
    await Promise.all(
      [...this.#remote.values()].map(async (remote) => {
        if (remote.info.kind !== 'video' || remote.consumer.closed) return;
        const held = videoPlan(level, remote.info.source).held;
        if (held !== remote.held) {
          remote.held = held;
          const consumerId = remote.info.consumerId;
          try {
            if (held) {
              remote.consumer.pause();
              await inOrder(remote, () => this.#ctx.signaling.request('media:consumer:pause', { roomId, consumerId }));
            } else {
              await inOrder(remote, () => this.#ctx.signaling.request('media:consumer:resume', { roomId, consumerId }));
              remote.consumer.resume();
            }
          } catch (error) {
            // Not applied on the SFU (a request lost or timed out on a link that was weak a moment
            // ago): taken as not changed, and tried again in a second. Left as applied, a resume
            // that failed kept the other side's video paused for the rest of the call, since the
            // level, already "full", never changed again to ask once more.
            if (remote.consumer.closed) return;
            remote.held = !held;
            if (held) remote.consumer.resume();
            this.#retryLevel();
            throw error;
          }
        }
        if (!held) await this.#sendLayer(remote);
      }),
    );
  }

  /** Applies the level again a second from now (once, however many consumers failed). */
  #retryLevel(): void {
    if (this.#retry !== undefined) return;
    this.#retry = setTimeout(() => {
      this.#retry = undefined;
      void this.setLevel(this.#level).catch(() => undefined);
    }, LEVEL_RETRY_MS);
  }

  /** The layer the rendered size asks for, capped by the call level; sent only when it changes. */
  async #sendLayer(remote: Remote): Promise<number | undefined> {
    const roomId = this.#ctx.options?.roomId;
    if (roomId === undefined) return undefined;
    const cap = videoPlan(this.#level, remote.info.source).maxSpatialLayer;
    // Never told a size: the SFU's own choice (the top layer) until the level caps it.
    if (remote.layer === undefined && remote.sentLayer === undefined && cap >= 2) return undefined;
    const layer = Math.min(remote.layer ?? 2, cap);
    if (remote.sentLayer === layer) return layer;
    remote.sentLayer = layer;
    await inOrder(remote, () =>
      this.#ctx.signaling.request('media:consumer:layers', {
        roomId,
        consumerId: remote.info.consumerId,
        spatialLayer: layer,
      }),
    );
    return layer;
  }
}

/** Sends one of a consumer's commands after the ones before it have been answered (Remote.sending). */
function inOrder<T>(remote: Remote, send: () => Promise<T>): Promise<T> {
  const next = remote.sending.then(send, send);
  remote.sending = next.catch(() => undefined);
  return next;
}
