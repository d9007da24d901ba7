/**
 * The node's mediasoup workers, one WebRtcServer each so all media of a worker uses a single UDP
 * and a single TCP port, and one router each that all rooms of the worker share: a room is the
 * set of participants allowed to see each other's producers (rooms/room.ts), so two rooms of one
 * worker can be linked by consuming each other's producers directly, without a pipe (the visit's
 * room and a specialist's standby room, rooms/room-links.ts). A worker that dies is replaced in its slot (same ports); the rooms it
 * carried are re-created elsewhere by the media-room layer (issue "SFU and media sessions").
 */
import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import * as mediasoup from 'mediasoup';
import type { Logger } from 'pino';
import { MEDIA_CODECS } from './media-codecs.js';

export interface WorkerSlot {
  index: number;
  worker: types.Worker;
  webRtcServer: types.WebRtcServer;
  /** The router every room of this worker uses; closed with the worker. */
  router: types.Router;
  port: number;
}

export interface WorkerPoolOptions {
  count: number;
  listenIp: string;
  announcedAddress: string | undefined;
  basePort: number;
  logLevel: types.WorkerLogLevel;
  log: Logger;
}

export type WorkerPoolEvents = { 'worker-died': [index: number, error: Error]; 'worker-replaced': [index: number] };

export class WorkerPool extends EventEmitter<WorkerPoolEvents> {
  readonly #options: WorkerPoolOptions;
  readonly #slots: (WorkerSlot | undefined)[];
  #closed = false;

  constructor(options: WorkerPoolOptions) {
    super();
    this.#options = options;
    this.#slots = new Array(options.count).fill(undefined);
  }

  async start(): Promise<void> {
    for (let index = 0; index < this.#options.count; index++) this.#slots[index] = await this.#spawn(index);
  }

  slots(): WorkerSlot[] {
    return this.#slots.filter((slot): slot is WorkerSlot => slot !== undefined);
  }

  close(): void {
    this.#closed = true;
    for (const slot of this.slots()) slot.worker.close();
  }

  async #spawn(index: number): Promise<WorkerSlot> {
    const { listenIp, announcedAddress, basePort, logLevel, log } = this.#options;
    const port = basePort + index;
    const worker = await mediasoup.createWorker({ logLevel, appData: { index } });
    const listen = (protocol: 'udp' | 'tcp'): types.TransportListenInfo => ({
      protocol,
      ip: listenIp,
      port,
      ...(announcedAddress ? { announcedAddress } : {}),
    });
    let webRtcServer: types.WebRtcServer;
    let router: types.Router;
    try {
      webRtcServer = await worker.createWebRtcServer({ listenInfos: [listen('udp'), listen('tcp')] });
      router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS, appData: { workerIndex: index } });
    } catch (error) {
      worker.close(); // e.g. the port is taken: no half-started worker is left behind
      throw error;
    }
    worker.on('died', (error) => {
      log.error({ workerIndex: index, pid: worker.pid, err: error }, 'mediasoup worker died');
      this.#slots[index] = undefined;
      this.emit('worker-died', index, error);
      if (!this.#closed) void this.#replace(index);
    });
    log.info({ workerIndex: index, pid: worker.pid, port }, 'mediasoup worker ready');
    return { index, worker, webRtcServer, router, port };
  }

  async #replace(index: number): Promise<void> {
    try {
      this.#slots[index] = await this.#spawn(index);
      this.emit('worker-replaced', index);
    } catch (error) {
      this.#options.log.error({ workerIndex: index, err: error }, 'could not replace worker; retrying');
      setTimeout(() => void this.#replace(index), 1000).unref();
    }
  }
}
