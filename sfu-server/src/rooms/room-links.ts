/**
 * Links between a specialist's standby room and the visit's room of their session (docs/media.md,
 * "Standby"). While the specialist is available their camera and microphone are published in their
 * standby room, held there (paused, forwarded to no one: nobody else can be a member of it). A
 * session links the two rooms: every real participant of each is mirrored into the other — a
 * participant entry without transports whose producers are pipes (`router.pipeToRouter`, same
 * node; a pipe has its own id) of the real ones — and the standby room lets its producers go. At the accept, then, the
 * point and the specialist only create consumers: nobody connects or publishes anything.
 *
 * Mirrors follow their real participant: a join, a producer, a leave in one room is mirrored in
 * the other (the caller tells the rooms' members from what each method returns). mediasoup closes
 * a pipe with its producer, and pauses it with it (mute). Unlinking (the session ended, a room
 * closed) removes the mirrors from both sides and holds the standby producers again.
 *
 * A link may be made *pending* while an offer rings (issue 14, the first picture on the clock):
 * the mirrors exist, so both pages create their consumers and negotiate them with the browser
 * before the accept, but nothing flows — the standby room stays held (the specialist's producers
 * paused) and gates the visit's producers (Room.gate: the specialist's consumers of them stay
 * paused whatever the client asks). The accept releases it in one step. Only on one router (a
 * shared producer; a pipe would need its own pause to follow).
 */
import {
  type ParticipantId,
  type ParticipantInfo,
  type ProducerInfo,
  ProtocolError,
  standbyExpertOf,
} from '@etapiste/protocol';
import type { OwnedProducer, Participant } from './participant.js';
import type { Room } from './room.js';

export interface LinkSide {
  replaced: ParticipantId[];
  joined: ParticipantInfo[];
}
export interface MirrorsLeft {
  roomId: string;
  participantIds: ParticipantId[];
}

const NOTHING: LinkSide = { replaced: [], joined: [] };

export class RoomLinks {
  readonly #links = new Map<string, Set<string>>();
  /** Links made while an offer rings, not yet released: `<standby room>|<visit room>`. */
  readonly #pending = new Set<string>();

  constructor(private readonly room: (roomId: string) => Room | undefined) {}

  linked(roomId: string): string[] {
    return [...(this.#links.get(roomId) ?? [])];
  }

  isPending(roomId: string, targetId: string): boolean {
    return this.#pending.has(`${roomId}|${targetId}`);
  }

  /**
   * Links `room` (a standby room) and `target`; linking again refreshes the mirrors (after a
   * restart). `pending`: see the class comment; a link without it of a pending pair releases it.
   */
  async link(
    room: Room,
    target: Room,
    pending = false,
  ): Promise<{ room: LinkSide; target: LinkSide; mirrorsLeft?: MirrorsLeft[] }> {
    if (standbyExpertOf(room.id) === undefined || room === target || standbyExpertOf(target.id) !== undefined) {
      throw new ProtocolError('CONFLICT', { message: 'a standby room links to a visit room' });
    }
    const key = `${room.id}|${target.id}`;
    if (pending) return this.#linkPending(room, target, key);
    if (this.#pending.has(key)) {
      // The accept: what the pages negotiated while it rang starts to flow. Producers resume
      // now, their consumers being ready, so mediasoup's keyframe request reaches them.
      this.#pending.delete(key);
      await room.setHeld(false);
      await room.ungate(target.id, true);
      return { room: NOTHING, target: NOTHING };
    }
    // Another offer's pending link of either room (its withdrawal not heard yet) gives way.
    const mirrorsLeft: MirrorsLeft[] = [];
    for (const other of this.linked(room.id))
      if (other !== target.id && this.#pending.has(`${room.id}|${other}`))
        mirrorsLeft.push(...(await this.unlink(room.id, other)));
    for (const other of this.linked(target.id))
      if (other !== room.id && this.#pending.has(`${other}|${target.id}`))
        mirrorsLeft.push(...(await this.unlink(other, target.id)));
    this.#add(room.id, target.id);
    this.#add(target.id, room.id);
    // Let go first, so the pipes start unpaused and the point's consumers get a live producer;
    // on one router each producer resumes with its first consumer instead (Room.setHeld).
    await room.setHeld(false, room.router === target.router);
    const roomSide = await this.#mirrorAll(target, room);
    const targetSide = await this.#mirrorAll(room, target);
    return { room: roomSide, target: targetSide, ...(mirrorsLeft.length > 0 ? { mirrorsLeft } : {}) };
  }

  async #linkPending(room: Room, target: Room, key: string): Promise<{ room: LinkSide; target: LinkSide }> {
    // Linked already (this offer's link, or an accept's): nothing to do.
    if (this.linked(room.id).includes(target.id)) return { room: NOTHING, target: NOTHING };
    if (this.linked(room.id).length > 0 || this.linked(target.id).length > 0)
      throw new ProtocolError('CONFLICT', { message: 'linked to another room already' });
    if (room.router !== target.router)
      throw new ProtocolError('CONFLICT', { message: 'a pending link needs one router' });
    this.#pending.add(key);
    this.#add(room.id, target.id);
    this.#add(target.id, room.id);
    // The standby room stays held; the visit's producers, shared into it, are gated there.
    room.gate(target.id);
    const roomSide = await this.#mirrorAll(target, room);
    const targetSide = await this.#mirrorAll(room, target);
    return { room: roomSide, target: targetSide };
  }

  /** Ends the link of two rooms (either may be gone already); returns the mirrors removed. */
  async unlink(roomId: string, targetId: string): Promise<MirrorsLeft[]> {
    this.#forgetPending(roomId, targetId);
    this.#links.get(roomId)?.delete(targetId);
    this.#links.get(targetId)?.delete(roomId);
    const left: MirrorsLeft[] = [];
    for (const [here, there] of [
      [roomId, targetId],
      [targetId, roomId],
    ] as const) {
      const room = this.room(here);
      if (!room) continue;
      await room.ungate(there, false);
      const participantIds = room.removeMirrors(there);
      if (participantIds.length > 0) left.push({ roomId: here, participantIds });
      await this.#holdIfAlone(room);
    }
    return left;
  }

  /** A real participant joined `room`: mirrored (without producers yet) in each linked room. */
  mirrorJoin(room: Room, participant: Participant): string[] {
    const rooms: string[] = [];
    for (const other of this.#linkedRooms(room.id)) if (other.addMirror(participant, room.id)) rooms.push(other.id);
    return rooms;
  }

  /** A real participant of `room` published: piped into each linked room where it is mirrored. */
  async mirrorProduce(room: Room, participantId: ParticipantId, owned: OwnedProducer) {
    const mirrored: { roomId: string; producer: ProducerInfo }[] = [];
    for (const other of this.#linkedRooms(room.id)) {
      const producer = await this.#pipe(room, participantId, owned, other);
      if (producer) mirrored.push({ roomId: other.id, producer });
    }
    return mirrored;
  }

  /**
   * Someone left `room`. A mirror leaving (the specialist's session ended) ends the link; a real
   * participant leaving takes its mirrors with it, and a standby room's owner leaving ends its links.
   */
  async left(room: Room, participant: Participant): Promise<MirrorsLeft[]> {
    if (participant.mirrorOf !== undefined) return this.unlink(room.id, participant.mirrorOf);
    if (standbyExpertOf(room.id) !== undefined) {
      const left = await Promise.all(this.linked(room.id).map((other) => this.unlink(room.id, other)));
      return left.flat();
    }
    const left: MirrorsLeft[] = [];
    for (const other of this.#linkedRooms(room.id)) {
      const mirror = other.participants.get(participant.id);
      if (mirror?.mirrorOf !== room.id) continue;
      other.leave(participant.id);
      left.push({ roomId: other.id, participantIds: [participant.id] });
    }
    return left;
  }

  /**
   * A room closed (idle, closed by signaling, its worker died): its links end. Its pipes closed
   * with its router; the mirrors of it stay (empty) until a new link replaces them or the session
   * ends, so the members there hear `left` then `joined` once it is back.
   */
  forget(roomId: string): void {
    for (const other of this.linked(roomId)) {
      this.#forgetPending(roomId, other);
      void this.room(other)?.ungate(roomId, false);
      this.#links.get(other)?.delete(roomId);
      const room = this.room(other);
      if (room) void this.#holdIfAlone(room);
    }
    this.#links.delete(roomId);
  }

  async #holdIfAlone(room: Room): Promise<void> {
    if (standbyExpertOf(room.id) !== undefined && this.linked(room.id).length === 0 && !room.closed) {
      await room.setHeld(true).catch(() => undefined);
    }
  }

  async #mirrorAll(from: Room, to: Room): Promise<LinkSide> {
    const replaced = to.removeMirrors(from.id);
    const joined: ParticipantInfo[] = [];
    for (const participant of [...from.participants.values()]) {
      if (participant.mirrorOf !== undefined || !to.addMirror(participant, from.id)) continue;
      const producers: ProducerInfo[] = [];
      for (const owned of [...participant.producers.values()]) {
        const producer = await this.#pipe(from, participant.id, owned, to);
        if (producer) producers.push(producer);
      }
      joined.push({ participantId: participant.id, producers });
    }
    return { replaced, joined };
  }

  async #pipe(from: Room, participantId: ParticipantId, owned: OwnedProducer, to: Room) {
    if (owned.producer.closed || to.closed || from.closed) return undefined;
    // Rooms of one worker share its router: the mirror holds the real producer, no copy is made.
    if (from.router === to.router) {
      return to.addMirroredProducer(participantId, owned.producer, owned.source, owned.producer.id, {
        release: () => from.release(owned),
        muted: () => owned.muted === true,
      });
    }
    // A pipe gets its own id: two routers of one worker cannot hold one producer id twice.
    const { pipeProducer } = await from.router.pipeToRouter({
      producerId: owned.producer.id,
      router: to.router,
      keepId: false,
    });
    if (!pipeProducer) return undefined;
    return to.addMirroredProducer(participantId, pipeProducer, owned.source, owned.producer.id);
  }

  /** The pipes of a real producer of `roomId` in the linked rooms: where a mute or a close shows. */
  mirrorsOf(roomId: string, producerId: string): { roomId: string; producerId: string }[] {
    const found: { roomId: string; producerId: string }[] = [];
    for (const other of this.#linkedRooms(roomId)) {
      for (const participant of other.participants.values()) {
        if (participant.mirrorOf !== roomId) continue;
        for (const owned of participant.producers.values()) {
          if (owned.origin === producerId) found.push({ roomId: other.id, producerId: owned.producer.id });
        }
      }
    }
    return found;
  }

  #linkedRooms(roomId: string): Room[] {
    return this.linked(roomId).flatMap((id) => {
      const room = this.room(id);
      return room && !room.closed ? [room] : [];
    });
  }

  /** A link's pending mark, whichever of its two rooms the caller names first. */
  #forgetPending(a: string, b: string): void {
    this.#pending.delete(`${a}|${b}`);
    this.#pending.delete(`${b}|${a}`);
  }

  #add(from: string, to: string): void {
    let set = this.#links.get(from);
    if (!set) {
      set = new Set();
      this.#links.set(from, set);
    }
    set.add(to);
  }
}
