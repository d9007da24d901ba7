/**
 * One participant of a room: the sources their grant allows and the mediasoup objects they own.
 * Every id a participant names is looked up in their own maps only, so another participant's
 * transport, producer or consumer is simply "not found" (and its existence is not confirmed).
 */
import { type MediaSource, type ParticipantId, type ProducerInfo, ProtocolError } from '@etapiste/protocol';
import type { types } from 'mediasoup';

export interface OwnedProducer {
  producer: types.Producer;
  source: MediaSource;
  /** Its owner paused it (mute, camera off, a call level); apart from a standby room's hold. */
  muted?: boolean;
  /** A mirror's producer: the id of the real producer in the linked room (room-links.ts). */
  origin?: string;
  /** A mirror's producer that is the real one (the rooms share a router): never closed by the mirror. */
  shared?: boolean;
  /**
   * A shared producer seen through a link: its owning room lets it go (resumes it unless its owner
   * muted it; Room.setHeld, deferred), and whether its owner muted it — what "paused" means to the
   * link's other side while the producer waits for its first consumer.
   */
  linked?: { release(): Promise<void>; muted(): boolean };
}

export interface OwnedConsumer {
  consumer: types.Consumer;
  source: MediaSource;
  producerParticipantId: ParticipantId;
}

export class Participant {
  readonly transports = new Map<string, types.WebRtcTransport>();
  readonly producers = new Map<string, OwnedProducer>();
  readonly consumers = new Map<string, OwnedConsumer>();
  /** Receive transports connected early by a paused consumer of the participant's own producer (Room.consume). */
  readonly warmedUp = new Set<string>();
  /** Creation order of recv transports: consumers go to the newest one still open. */
  readonly #recvOrder: string[] = [];

  /**
   * `mirrorOf`: the linked room this participant really is in (room-links.ts). A mirror owns no
   * transports; its producers are pipes of the real ones, closed with them.
   */
  constructor(
    readonly id: ParticipantId,
    readonly sources: ReadonlySet<MediaSource>,
    readonly rtpCapabilities: types.RtpCapabilities,
    readonly mirrorOf?: string,
    /** Joined to listen in: their microphone starts muted (Room.produce). */
    readonly listening = false,
  ) {}

  addTransport(transport: types.WebRtcTransport, direction: 'send' | 'recv'): void {
    this.transports.set(transport.id, transport);
    if (direction === 'recv') this.#recvOrder.push(transport.id);
    transport.observer.once('close', () => {
      this.transports.delete(transport.id);
      this.warmedUp.delete(transport.id);
      const index = this.#recvOrder.indexOf(transport.id);
      if (index >= 0) this.#recvOrder.splice(index, 1);
    });
  }

  transport(transportId: string): types.WebRtcTransport {
    const transport = this.transports.get(transportId);
    if (!transport) throw new ProtocolError('NOT_FOUND', { message: 'no such transport of yours' });
    return transport;
  }

  recvTransport(): types.WebRtcTransport {
    const id = this.#recvOrder.at(-1);
    const transport = id ? this.transports.get(id) : undefined;
    if (!transport) throw new ProtocolError('CONFLICT', { message: 'create a receive transport first' });
    return transport;
  }

  producer(producerId: string): OwnedProducer {
    const owned = this.producers.get(producerId);
    if (!owned) throw new ProtocolError('NOT_FOUND', { message: 'no such producer of yours' });
    return owned;
  }

  consumer(consumerId: string): OwnedConsumer {
    const owned = this.consumers.get(consumerId);
    if (!owned) throw new ProtocolError('NOT_FOUND', { message: 'no such consumer of yours' });
    return owned;
  }

  producerInfos(): ProducerInfo[] {
    return [...this.producers.values()].map((owned) => producerInfo(this.id, owned));
  }

  /**
   * Closing the transports closes their producers and consumers (mediasoup's cascade); a mirror's
   * pipes are closed one by one, its shared producers are left to their owner (Room).
   */
  close(): void {
    for (const transport of this.transports.values()) transport.close();
    if (this.mirrorOf === undefined) return;
    for (const { producer, shared } of [...this.producers.values()]) if (!shared) producer.close();
  }
}

export function producerInfo(participantId: ParticipantId, owned: OwnedProducer): ProducerInfo {
  return {
    producerId: owned.producer.id,
    participantId,
    source: owned.source,
    kind: owned.producer.kind,
    paused: owned.linked ? owned.linked.muted() : owned.producer.paused,
  };
}
