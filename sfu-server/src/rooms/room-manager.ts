/**
 * The node's rooms. Opening is serialised per room id (two joins cannot create one room twice),
 * rooms go to the worker signaling chose or, failing that, the local worker with fewest rooms.
 *
 * Faults: when a worker dies its routers are closed by mediasoup; each room it carried is created
 * again on another live worker (or on the replacement, when it was the only one) under the same id,
 * and a `room-restarted` event tells signaling, which tells the participants to join again.
 * Rooms nobody has been in for `idleMs` are closed (`room-closed`).
 */
import { EventEmitter } from 'node:events';
import { type ParticipantQuality, ProtocolError } from '@etapiste/protocol';
import type { SfuEvent } from '@etapiste/sfu-control';
import type { Logger } from 'pino';
import type { WorkerPool, WorkerSlot } from '../workers/worker-pool.js';
import { Room, type RoomOptions } from './room.js';
import { RoomLinks } from './room-links.js';

export interface RoomManagerOptions {
  nodeId: string;
  room: RoomOptions;
  idleMs: number;
  qualityIntervalMs: number;
  log: Logger;
}

export type RoomManagerEvents = { event: [SfuEvent] };

export class RoomManager extends EventEmitter<RoomManagerEvents> {
  readonly #rooms = new Map<string, Room>();
  /** Standby rooms linked to visits' rooms (room-links.ts); a room that closes ends its links. */
  readonly links = new RoomLinks((roomId) => this.#rooms.get(roomId));
  readonly #opening = new Map<string, Promise<Room>>();
  readonly #timers: ReturnType<typeof setInterval>[] = [];
  #closed = false;

  constructor(
    private readonly pool: WorkerPool,
    private readonly options: RoomManagerOptions,
  ) {
    super();
    pool.on('worker-died', (index) => void this.#onWorkerDied(index));
  }

  start(): void {
    const idleCheck = setInterval(() => this.#closeIdle(), Math.max(200, Math.min(5000, this.options.idleMs / 2)));
    const quality = setInterval(() => void this.#publishQuality(), this.options.qualityIntervalMs);
    for (const timer of [idleCheck, quality]) {
      timer.unref();
      this.#timers.push(timer);
    }
  }

  close(): void {
    this.#closed = true;
    for (const timer of this.#timers) clearInterval(timer);
    for (const room of this.#rooms.values()) room.close();
    this.#rooms.clear();
  }

  roomsOnWorker(index: number): number {
    let count = 0;
    for (const room of this.#rooms.values()) if (room.workerIndex === index) count++;
    return count;
  }

  /** Consumers on the worker's rooms (for its Prometheus gauge). */
  consumersOnWorker(index: number): number {
    let count = 0;
    for (const room of this.#rooms.values()) {
      if (room.workerIndex !== index) continue;
      for (const participant of room.participants.values()) count += participant.consumers.size;
    }
    return count;
  }

  get size(): number {
    return this.#rooms.size;
  }

  /** The room, or ROOM_RESTARTED: a room this node does not have was lost (restart) or closed. */
  get(roomId: string): Room {
    const room = this.#rooms.get(roomId);
    if (!room || room.closed) throw new ProtocolError('ROOM_RESTARTED');
    return room;
  }

  async open(roomId: string, workerIndex?: number): Promise<{ room: Room; created: boolean }> {
    const existing = this.#rooms.get(roomId);
    if (existing && !existing.closed) return { room: existing, created: false };
    const pending = this.#opening.get(roomId);
    if (pending) return { room: await pending, created: false };
    const opening = this.#create(roomId, this.#slotFor(workerIndex));
    this.#opening.set(roomId, opening);
    try {
      return { room: await opening, created: true };
    } finally {
      this.#opening.delete(roomId);
    }
  }

  closeRoom(roomId: string): void {
    const room = this.#rooms.get(roomId);
    if (!room) return;
    this.#rooms.delete(roomId);
    room.close();
  }

  async #create(roomId: string, slot: WorkerSlot): Promise<Room> {
    const room = await Room.create(roomId, slot, this.options.room);
    room.once('close', () => {
      if (this.#rooms.get(roomId) === room || !this.#rooms.has(roomId)) this.links.forget(roomId);
    });
    room.on('speaker', (participantId) => this.emit('event', { type: 'speaker', roomId, participantId }));
    this.#rooms.set(roomId, room);
    this.options.log.info({ roomId, workerIndex: slot.index }, 'room open');
    return room;
  }

  #slotFor(workerIndex: number | undefined): WorkerSlot {
    const slots = this.pool.slots();
    const chosen = slots.find((slot) => slot.index === workerIndex);
    if (chosen) return chosen;
    const least = [...slots].sort((a, b) => this.roomsOnWorker(a.index) - this.roomsOnWorker(b.index))[0];
    if (!least) throw new ProtocolError('UNAVAILABLE', { message: 'no mediasoup worker running' });
    return least;
  }

  async #onWorkerDied(index: number): Promise<void> {
    const lost = [...this.#rooms.values()].filter((room) => room.workerIndex === index);
    for (const room of lost) this.#rooms.delete(room.id);
    for (const room of lost) {
      if (this.#closed) return;
      try {
        const slot = await this.#anySlot();
        await this.#create(room.id, slot);
        this.options.log.warn({ roomId: room.id, from: index, to: slot.index }, 'room recreated after worker death');
        this.emit('event', {
          type: 'room-restarted',
          roomId: room.id,
          nodeId: this.options.nodeId,
          workerIndex: slot.index,
        });
      } catch (error) {
        this.options.log.error({ err: error, roomId: room.id }, 'could not recreate room');
      }
    }
  }

  /** A live worker; when none is left, the first replacement the pool starts. */
  async #anySlot(): Promise<WorkerSlot> {
    const least = [...this.pool.slots()].sort((a, b) => this.roomsOnWorker(a.index) - this.roomsOnWorker(b.index))[0];
    if (least) return least;
    await new Promise<void>((resolve) => this.pool.once('worker-replaced', () => resolve()));
    return this.#anySlot();
  }

  #closeIdle(): void {
    const now = Date.now();
    for (const room of [...this.#rooms.values()]) {
      if (room.emptySince !== undefined && now - room.emptySince >= this.options.idleMs) {
        this.closeRoom(room.id);
        this.options.log.info({ roomId: room.id }, 'idle room closed');
        this.emit('event', { type: 'room-closed', roomId: room.id, nodeId: this.options.nodeId });
      }
    }
  }

  async #publishQuality(): Promise<void> {
    const sampled = new Map<string, ParticipantQuality[]>();
    for (const room of this.#rooms.values()) {
      if (room.participants.size === 0 || room.closed) continue;
      try {
        sampled.set(room.id, await room.quality());
      } catch (error) {
        this.options.log.debug({ err: error, roomId: room.id }, 'quality sample failed');
      }
    }
    for (const [roomId, participants] of sampled) {
      // A mirror's figures are its real room's: the specialist sees the customer's link, and back.
      const mirrored = this.links
        .linked(roomId)
        .flatMap((other) =>
          (sampled.get(other) ?? []).filter(
            (q) => this.#rooms.get(roomId)?.participants.get(q.participantId)?.mirrorOf === other,
          ),
        );
      this.emit('event', { type: 'quality', roomId, participants: [...participants, ...mirrored] });
    }
  }
}
