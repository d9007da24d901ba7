/**
 * A media room: the participants allowed to see each other's producers, with what they own, and an
 * active-speaker observer, on the router its worker shares among all its rooms (a router per room
 * would make every link between two rooms a pipe: one more copy of each stream). Every operation names the calling participant; ids are resolved through that
 * participant only (participant.ts). A refused operation throws a ProtocolError before it changes
 * anything. Media parameters are checked against the router's capabilities first
 * (media-parameters.ts), and a mediasoup refusal of the parameters themselves becomes
 * INVALID_RTP_PARAMETERS too, never a crash: the worker keeps running for everyone else.
 *
 * Close cascade: room.close() closes every participant's transports, which closes their producers
 * and consumers, and the observer; a worker that dies closes its router and with it everything.
 * Isolation between rooms of one router is this class's: a consumer is created only for a
 * producer of a participant (or a mirror) of the room.
 *
 * A specialist's standby room (`standby-<id>`) holds its producers: paused on the SFU whatever the
 * owner says, until room-links.ts links the room to a visit's room and lets them go (`setHeld`).
 */
import { EventEmitter } from 'node:events';
import {
  type ConsumerParams,
  type MediaKind,
  type MediaSource,
  type ParticipantId,
  type ParticipantInfo,
  type ParticipantQuality,
  type ProducerInfo,
  ProtocolError,
  type RtpParameters,
  SOURCE_KIND,
  standbyExpertOf,
  type TransportParams,
} from '@etapiste/protocol';
import type { types } from 'mediasoup';
import type { WorkerSlot } from '../workers/worker-pool.js';
import { checkDtlsParameters, checkProducerParameters } from './media-parameters.js';
import { type OwnedProducer, Participant, producerInfo } from './participant.js';

/**
 * Chromium does not send abs-capture-time unless asked, but some mediasoup-client versions declare
 * it. mediasoup 3.27 then never maps capture times for simulcast streams and a consumer can never
 * switch layers (../shared/mediasoup-worker/browser-interop/README.md). Dropping the declaration
 * makes mediasoup use Sender Reports, which Chromium does send.
 */
const ABS_CAPTURE_TIME = 'http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time';

export interface RoomOptions {
  maxTransportsPerParticipant: number;
  /** Starting estimate of the downlink; mediasoup's BWE takes over from there. */
  initialOutgoingBitrate: number;
  /**
   * Offer ICE over TCP as the fallback (default on). Off where only the UDP port is open, or where
   * media must never take a TCP path; a tcpOnly transport then gets UDP candidates all the same.
   */
  iceTcp?: boolean;
}

export type RoomEvents = {
  speaker: [participantId: ParticipantId | null];
  close: [];
};

export class Room extends EventEmitter<RoomEvents> {
  readonly participants = new Map<ParticipantId, Participant>();
  /** When the last participant left (ms), for the idle timeout; undefined while someone is in. */
  emptySince: number | undefined = Date.now();
  #closed = false;
  /** A standby room's producers are held (paused) while it is linked to no visit's room. */
  #held: boolean;
  /**
   * Rooms linked pending (room-links.ts): their producers, shared into this room, are forwarded
   * to no one here until the link is released; a consumer's resume meanwhile is remembered.
   */
  readonly #gates = new Set<string>();
  /** Consumers whose resume waits for a gate to open. */
  readonly #wanted = new Set<string>();

  private constructor(
    readonly id: string,
    readonly slot: WorkerSlot,
    private readonly speakers: types.ActiveSpeakerObserver,
    private readonly options: RoomOptions,
  ) {
    super();
    this.#held = standbyExpertOf(id) !== undefined;
    speakers.on('dominantspeaker', ({ producer }) => {
      this.emit('speaker', (producer.appData.participantId as ParticipantId | undefined) ?? null);
    });
    // The observer closes with the room and with the worker's router (the worker died).
    speakers.observer.once('close', () => {
      this.#closed = true;
      this.emit('close');
    });
  }

  static async create(id: string, slot: WorkerSlot, options: RoomOptions): Promise<Room> {
    const speakers = await slot.router.createActiveSpeakerObserver({ interval: 300, appData: { roomId: id } });
    return new Room(id, slot, speakers, options);
  }

  get router(): types.Router {
    return this.slot.router;
  }

  get closed(): boolean {
    return this.#closed || this.speakers.closed;
  }

  get workerIndex(): number {
    return this.slot.index;
  }

  close(): void {
    for (const participant of this.participants.values()) this.#closeParticipant(participant);
    this.participants.clear();
    this.speakers.close();
  }

  // ── membership ──────────────────────────────────────────────────────────────────────────────

  /**
   * Joining again (a reload, another tab) replaces the earlier membership and all it owned.
   * `listening`: joined to listen in, the microphone held until its owner resumes it (produce).
   */
  join(
    participantId: ParticipantId,
    rtpCapabilities: types.RtpCapabilities,
    sources: readonly MediaSource[],
    listening = false,
  ): { replaced: boolean; participants: ParticipantInfo[] } {
    const previous = this.participants.get(participantId);
    if (previous) this.#closeParticipant(previous);
    this.participants.set(
      participantId,
      new Participant(participantId, new Set(sources), rtpCapabilities, undefined, listening),
    );
    this.emptySince = undefined;
    return { replaced: previous !== undefined, participants: this.others(participantId) };
  }

  /** The participant that left (a real one or a mirror), or undefined if there was none. */
  leave(participantId: ParticipantId): Participant | undefined {
    const participant = this.participants.get(participantId);
    if (!participant) return undefined;
    this.#closeParticipant(participant);
    this.participants.delete(participantId);
    if (this.#realCount() === 0) this.emptySince = Date.now();
    return participant;
  }

  #realCount(): number {
    let count = 0;
    for (const p of this.participants.values()) if (p.mirrorOf === undefined) count++;
    return count;
  }

  // ── mirrors of a linked room (room-links.ts) ────────────────────────────────────────────────

  /** A linked room's participant, seen here; a real participant of that id stays as it is. */
  addMirror(real: Participant, mirrorOf: string): boolean {
    const existing = this.participants.get(real.id);
    if (existing && existing.mirrorOf === undefined) return false;
    if (existing) this.#closeParticipant(existing);
    this.participants.set(real.id, new Participant(real.id, real.sources, real.rtpCapabilities, mirrorOf));
    return true;
  }

  /**
   * A linked room's producer seen here, held by its mirror (and heard by the speaker observer):
   * the real producer itself when both rooms share the router (`shared`), else a pipe of it.
   */
  async addMirroredProducer(
    participantId: ParticipantId,
    producer: types.Producer,
    source: MediaSource,
    origin: string,
    linked?: OwnedProducer['linked'],
  ) {
    const shared = linked !== undefined;
    const mirror = this.participants.get(participantId);
    if (!mirror || mirror.mirrorOf === undefined) {
      if (!shared) producer.close();
      return undefined;
    }
    const owned: OwnedProducer = { producer, source, origin, shared, ...(linked ? { linked } : {}) };
    mirror.producers.set(producer.id, owned);
    producer.observer.once('close', () => mirror.producers.delete(producer.id));
    if (producer.kind === 'audio') {
      await this.speakers.addProducer({ producerId: producer.id }).catch(() => undefined);
    }
    return producerInfo(participantId, owned);
  }

  /** Removes the mirrors of a linked room; returns who they were. */
  removeMirrors(mirrorOf: string): ParticipantId[] {
    const gone: ParticipantId[] = [];
    for (const participant of [...this.participants.values()]) {
      if (participant.mirrorOf !== mirrorOf) continue;
      this.#closeParticipant(participant);
      this.participants.delete(participant.id);
      gone.push(participant.id);
    }
    return gone;
  }

  /**
   * Closes what a participant owns here. A mirror's shared producers are not its to close: the
   * consumers of them in this room are closed instead (a pipe's close did that by itself), and
   * the observer stops hearing them.
   */
  #closeParticipant(participant: Participant): void {
    participant.close();
    const shared = [...participant.producers.values()].filter((o) => o.shared && !o.producer.closed);
    if (shared.length === 0) return;
    const ids = new Set(shared.map((o) => o.producer.id));
    for (const other of this.participants.values()) {
      for (const owned of [...other.consumers.values()]) {
        if (ids.has(owned.consumer.producerId)) owned.consumer.close();
      }
    }
    if (!this.speakers.closed) {
      for (const o of shared) {
        if (o.producer.kind === 'audio')
          void this.speakers.removeProducer({ producerId: o.producer.id }).catch(() => undefined);
      }
    }
    participant.producers.clear();
  }

  get held(): boolean {
    return this.#held;
  }

  /**
   * Holds (or lets go) every producer of the room: paused exactly when held or muted by its owner.
   * `deferred` lets go without resuming anything yet: each producer resumes when the first
   * consumer of it is resumed (`resumeConsumer` → `linked.release`). mediasoup asks the browser for a
   * keyframe of every layer when a producer resumes; resumed before any consumer is ready, that
   * keyframe reaches no one, and the consumer's own request a moment later is one the browser
   * drops (it sends at most one keyframe in 300 ms), so the first picture would wait for
   * mediasoup's retry a second later.
   */
  async setHeld(held: boolean, deferred = false): Promise<void> {
    this.#held = held;
    if (deferred && !held) return;
    const owned = [...this.participants.values()]
      .filter((p) => p.mirrorOf === undefined)
      .flatMap((p) => [...p.producers.values()]);
    await Promise.all(owned.map((o) => this.#applyPause(o)));
  }

  /** A producer of this room let go with `setHeld(false, true)`: resumed now unless muted. */
  async release(owned: OwnedProducer): Promise<void> {
    await this.#applyPause(owned);
  }

  async #applyPause(owned: OwnedProducer): Promise<void> {
    const paused = this.#held || owned.muted === true;
    if (owned.producer.closed || owned.producer.paused === paused) return;
    if (paused) await owned.producer.pause();
    else await owned.producer.resume();
  }

  others(participantId: ParticipantId): ParticipantInfo[] {
    return [...this.participants.values()]
      .filter((p) => p.id !== participantId)
      .map((p) => ({ participantId: p.id, producers: p.producerInfos() }));
  }

  #participant(participantId: ParticipantId): Participant {
    const participant = this.participants.get(participantId);
    // A mirror is another room's participant seen here: it holds no membership of its own.
    if (!participant || participant.mirrorOf !== undefined)
      throw new ProtocolError('MEDIA_NOT_GRANTED', { message: 'join the room first' });
    return participant;
  }

  // ── transports ──────────────────────────────────────────────────────────────────────────────

  async createTransport(
    participantId: ParticipantId,
    direction: 'send' | 'recv',
    tcpOnly: boolean,
  ): Promise<TransportParams> {
    const participant = this.#participant(participantId);
    if (participant.transports.size >= this.options.maxTransportsPerParticipant) {
      throw new ProtocolError('TRANSPORT_LIMIT');
    }
    // All transports of a worker share its WebRtcServer's one UDP and one TCP port. TCP is offered
    // as the fallback unless configured off; tcpOnly leaves out the UDP candidates when it can.
    const tcp = this.options.iceTcp ?? true;
    const onlyTcp = tcpOnly && tcp;
    const transport = await this.router.createWebRtcTransport({
      webRtcServer: this.slot.webRtcServer,
      enableUdp: !onlyTcp,
      enableTcp: tcp,
      preferUdp: !onlyTcp,
      preferTcp: onlyTcp,
      initialAvailableOutgoingBitrate: this.options.initialOutgoingBitrate,
      appData: { participantId, direction },
    });
    // The participant may have left while the transport was being created.
    if (this.participants.get(participantId) !== participant) {
      transport.close();
      throw new ProtocolError('MEDIA_NOT_GRANTED', { message: 'left the room' });
    }
    participant.addTransport(transport, direction);
    return {
      transportId: transport.id,
      direction,
      iceParameters: transport.iceParameters,
      iceCandidates: transport.iceCandidates,
      dtlsParameters: transport.dtlsParameters,
    };
  }

  async connectTransport(
    participantId: ParticipantId,
    transportId: string,
    dtlsParameters: types.DtlsParameters,
  ): Promise<void> {
    const transport = this.#participant(participantId).transport(transportId);
    checkDtlsParameters(dtlsParameters, transport.dtlsParameters);
    await mediasoupCall(() => transport.connect({ dtlsParameters }));
  }

  async restartIce(participantId: ParticipantId, transportId: string): Promise<types.IceParameters> {
    return this.#participant(participantId).transport(transportId).restartIce();
  }

  // ── producers ───────────────────────────────────────────────────────────────────────────────

  async produce(
    participantId: ParticipantId,
    request: {
      transportId: string;
      kind: MediaKind;
      source: MediaSource;
      rtpParameters: RtpParameters;
      paused: boolean;
    },
  ): Promise<ProducerInfo> {
    const participant = this.#participant(participantId);
    const transport = participant.transport(request.transportId);
    if (transport.appData.direction !== 'send')
      throw new ProtocolError('CONFLICT', { message: 'not a send transport' });
    if (!participant.sources.has(request.source)) throw new ProtocolError('MEDIA_NOT_GRANTED');
    if (SOURCE_KIND[request.source] !== request.kind) {
      throw new ProtocolError('INVALID_RTP_PARAMETERS', {
        message: `${request.source} is ${SOURCE_KIND[request.source]}`,
      });
    }
    for (const owned of participant.producers.values()) {
      if (owned.source === request.source) throw new ProtocolError('CONFLICT', { message: 'source already published' });
    }
    checkProducerParameters(request.kind, request.rtpParameters, this.router.rtpCapabilities);
    const rtpParameters = {
      ...request.rtpParameters,
      headerExtensions: (request.rtpParameters.headerExtensions ?? []).filter((e) => e.uri !== ABS_CAPTURE_TIME),
    } as types.RtpParameters;
    // One who listens in is heard only once they unmute: their microphone starts muted, whatever
    // the app asked, and only their own resume (setProducer) forwards it.
    const muted = request.paused || (participant.listening && request.source === 'microphone');
    const producer = await mediasoupCall(() =>
      transport.produce({
        kind: request.kind,
        rtpParameters,
        // Held in a standby room: forwarded to no one until a session links the room.
        paused: muted || this.#held,
        appData: { participantId, source: request.source },
      }),
    );
    const owned: OwnedProducer = { producer, source: request.source, muted };
    participant.producers.set(producer.id, owned);
    producer.observer.once('close', () => participant.producers.delete(producer.id));
    if (producer.kind === 'audio') {
      await this.speakers.addProducer({ producerId: producer.id }).catch(() => undefined);
    }
    return producerInfo(participantId, owned);
  }

  async setProducer(
    participantId: ParticipantId,
    producerId: string,
    action: 'pause' | 'resume' | 'close',
  ): Promise<ProducerInfo> {
    const owned = this.#participant(participantId).producer(producerId);
    if (action === 'close') owned.producer.close();
    else {
      owned.muted = action === 'pause';
      await this.#applyPause(owned);
    }
    return producerInfo(participantId, owned);
  }

  // ── consumers ───────────────────────────────────────────────────────────────────────────────

  /**
   * Created paused: no RTP flows until the client says its side is ready (then one keyframe).
   * `warmUp`: the participant's own producer, consumed once per receive transport only so that
   * the transport connects now (protocol `MediaConsume`); never resumed, not one of its consumers.
   */
  async consume(participantId: ParticipantId, producerId: string, warmUp = false): Promise<ConsumerParams> {
    const participant = this.#participant(participantId);
    const source = this.#findProducer(producerId);
    if (!source || (source.participant.id === participantId) !== warmUp) {
      throw new ProtocolError('NOT_FOUND', { message: 'no such producer in the room' });
    }
    if (!this.router.canConsume({ producerId, rtpCapabilities: participant.rtpCapabilities })) {
      throw new ProtocolError('INVALID_RTP_PARAMETERS', { message: 'your device cannot receive this producer' });
    }
    const transport = participant.recvTransport();
    if (warmUp) {
      if (participant.warmedUp.has(transport.id)) {
        throw new ProtocolError('CONFLICT', { message: 'this transport is connected already' });
      }
      participant.warmedUp.add(transport.id);
    }
    const consumer = await mediasoupCall(() =>
      transport.consume({
        producerId,
        rtpCapabilities: participant.rtpCapabilities,
        paused: true,
        appData: warmUp ? { participantId, warmUp } : { participantId },
      }),
    );
    if (!warmUp) {
      participant.consumers.set(consumer.id, {
        consumer,
        source: source.owned.source,
        producerParticipantId: source.participant.id,
      });
      consumer.observer.once('close', () => participant.consumers.delete(consumer.id));
    }
    return {
      consumerId: consumer.id,
      producerId,
      participantId: source.participant.id,
      source: source.owned.source,
      kind: consumer.kind,
      rtpParameters: consumer.rtpParameters as RtpParameters,
      paused: consumer.paused,
      type: consumer.type,
      // A linked producer waiting for its first consumer is paused only until this one resumes.
      producerPaused: source.owned.linked ? source.owned.linked.muted() : consumer.producerPaused,
    };
  }

  async resumeConsumer(participantId: ParticipantId, consumerId: string): Promise<void> {
    const { consumer } = this.#participant(participantId).consumer(consumerId);
    const source = this.#findProducer(consumer.producerId);
    const mirrorOf = source?.participant.mirrorOf;
    if (mirrorOf !== undefined && this.#gates.has(mirrorOf)) {
      this.#wanted.add(consumerId);
      return;
    }
    await consumer.resume();
    // A linked room's producer let go at the link but not yet resumed (setHeld): resumed now.
    if (source?.owned.linked && source.owned.producer.paused) await source.owned.linked.release();
  }

  /** A weak downlink takes no video: the consumer stops forwarding until resumed. */
  async pauseConsumer(participantId: ParticipantId, consumerId: string): Promise<void> {
    const { consumer } = this.#participant(participantId).consumer(consumerId);
    this.#wanted.delete(consumerId);
    await consumer.pause();
  }

  /** The producers shared into this room by a room linked pending are forwarded to no one here. */
  gate(roomId: string): void {
    this.#gates.add(roomId);
  }

  /**
   * Opens the gate of `roomId` (its link released, `resume`) or forgets it (unlinked): each
   * consumer whose resume waited on it is resumed, or only forgotten.
   */
  async ungate(roomId: string, resume: boolean): Promise<void> {
    if (!this.#gates.delete(roomId)) return;
    const waiting: types.Consumer[] = [];
    for (const participant of this.participants.values()) {
      for (const [id, owned] of participant.consumers) {
        if (!this.#wanted.has(id)) continue;
        if (this.#findProducer(owned.consumer.producerId)?.participant.mirrorOf !== roomId) continue;
        this.#wanted.delete(id);
        if (resume && !owned.consumer.closed) waiting.push(owned.consumer);
      }
    }
    // No gate left: nothing can be waiting (drops the ids of consumers closed behind a gate).
    if (this.#gates.size === 0) this.#wanted.clear();
    await Promise.all(waiting.map((consumer) => consumer.resume().catch(() => undefined)));
  }

  async setConsumerLayers(
    participantId: ParticipantId,
    consumerId: string,
    spatialLayer: number,
    temporalLayer: number | undefined,
  ): Promise<void> {
    const { consumer } = this.#participant(participantId).consumer(consumerId);
    if (consumer.type !== 'simulcast' && consumer.type !== 'svc') return;
    await consumer.setPreferredLayers({
      spatialLayer,
      ...(temporalLayer !== undefined ? { temporalLayer } : {}),
    });
  }

  #findProducer(producerId: string) {
    for (const participant of this.participants.values()) {
      const owned = participant.producers.get(producerId);
      if (owned) return { participant, owned };
    }
    return undefined;
  }

  // ── quality ─────────────────────────────────────────────────────────────────────────────────

  /**
   * Bitrates and uplink loss from the transports, the score mediasoup keeps on each producer (no
   * request), and the RTT from one consumer's receiver reports. Every getStats is a request the
   * worker answers between packets, so a sample asks for as little as it can (bench media).
   */
  async quality(): Promise<ParticipantQuality[]> {
    const result: ParticipantQuality[] = [];
    for (const participant of this.participants.values()) {
      // A mirror has no transports here: its figures are its own room's.
      if (participant.mirrorOf !== undefined) continue;
      let sendBitrate = 0;
      let recvBitrate = 0;
      let loss = 0;
      for (const transport of participant.transports.values()) {
        const [stats] = await transport.getStats().catch(() => []);
        if (!stats) continue;
        if (transport.appData.direction === 'send') {
          sendBitrate += stats.recvBitrate;
          loss = Math.max(loss, stats.rtpPacketLossReceived ?? 0);
        } else {
          recvBitrate += stats.sendBitrate;
        }
      }
      let score: number | undefined;
      for (const { producer } of participant.producers.values()) {
        for (const s of producer.score) score = Math.min(score ?? 10, s.score);
      }
      let rttMs: number | undefined;
      const [first] = participant.consumers.values();
      if (first) {
        const stats = await first.consumer.getStats().catch(() => []);
        rttMs = stats.find((stream) => stream.type === 'outbound-rtp' && stream.roundTripTime)?.roundTripTime;
      }
      result.push({
        participantId: participant.id,
        sendBitrate: Math.round(sendBitrate),
        recvBitrate: Math.round(recvBitrate),
        // mediasoup reports the loss as a fraction of the packets.
        lossPct: Math.min(100, Math.round(loss * 1000) / 10),
        ...(rttMs !== undefined ? { rttMs: Math.round(rttMs) } : {}),
        ...(score !== undefined ? { score } : {}),
      });
    }
    return result;
  }
}

/** mediasoup rejects bad parameters with TypeError / UnsupportedError: the caller's fault, coded. */
async function mediasoupCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ProtocolError) throw error;
    const name = error instanceof Error ? error.name : '';
    if (name === 'TypeError' || name === 'UnsupportedError' || name === 'Error') {
      throw new ProtocolError('INVALID_RTP_PARAMETERS', {
        message: error instanceof Error ? error.message.slice(0, 200) : undefined,
      });
    }
    throw error;
  }
}
