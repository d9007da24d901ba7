/**
 * Publishes this node's status to Redis on every heartbeat. The entry expires after three missed
 * heartbeats, so a node that dies or loses Redis stops being chosen without anyone cleaning up.
 */
import { type SfuNodeStatus, sfuRegistryKeys } from '@etapiste/sfu-control';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { WorkerPool } from '../workers/worker-pool.js';

export class NodeRegistry {
  #timer: ReturnType<typeof setInterval> | undefined;
  readonly #lastCpu = new Map<number, { at: number; micros: number }>();

  constructor(
    private readonly options: {
      redis: Redis;
      prefix: string;
      nodeId: string;
      version: string;
      heartbeatMs: number;
      pool: WorkerPool;
      log: Logger;
      roomsOnWorker: (index: number) => number;
      /** Where signaling reaches this node's control API. */
      controlUrl?: string;
    },
  ) {}

  async start(): Promise<void> {
    this.#timer = setInterval(() => {
      this.beat().catch((error: unknown) => this.options.log.warn({ err: error }, 'heartbeat failed'));
    }, this.options.heartbeatMs);
    this.#timer.unref();
    await this.beat();
  }

  async beat(): Promise<SfuNodeStatus> {
    const { redis, prefix, nodeId, version, heartbeatMs, pool } = this.options;
    const workers = await Promise.all(
      pool.slots().map(async (slot) => {
        const usage = await slot.worker.getResourceUsage();
        return {
          index: slot.index,
          pid: slot.worker.pid,
          rooms: this.options.roomsOnWorker(slot.index),
          cpu: this.#cpuShare(slot.index, usage.ru_utime + usage.ru_stime),
        };
      }),
    );
    const status: SfuNodeStatus = {
      nodeId,
      version,
      workers,
      ...(this.options.controlUrl ? { controlUrl: this.options.controlUrl } : {}),
      updatedAt: new Date().toISOString(),
    };
    await redis
      .multi()
      .set(sfuRegistryKeys.node(prefix, nodeId), JSON.stringify(status), 'PX', heartbeatMs * 3)
      .sadd(sfuRegistryKeys.nodes(prefix), nodeId)
      .exec();
    return status;
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    const { redis, prefix, nodeId } = this.options;
    await redis.multi().del(sfuRegistryKeys.node(prefix, nodeId)).srem(sfuRegistryKeys.nodes(prefix), nodeId).exec();
  }

  /** ru_utime + ru_stime are milliseconds of CPU; the share is their growth over wall time. */
  #cpuShare(index: number, cpuMs: number): number {
    const now = Date.now();
    const previous = this.#lastCpu.get(index);
    this.#lastCpu.set(index, { at: now, micros: cpuMs });
    if (!previous || now <= previous.at) return 0;
    return Math.max(0, Math.round(((cpuMs - previous.micros) / (now - previous.at)) * 1000) / 1000);
  }
}
