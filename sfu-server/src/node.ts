/**
 * Composition root of an SFU node: workers, rooms, control API, registry heartbeat and event
 * publishing. Returned started; `main.ts` adds signals, tests start several nodes in one process.
 */
import {
  ControlVerifier,
  checkSentinelTarget,
  connectRedis,
  logRedisErrors,
  resolveControlSecret,
} from '@etapiste/sfu-control';
import type { FastifyInstance } from 'fastify';
import pino, { type Logger } from 'pino';
import { redisTarget, type SfuConfig } from './config.js';
import { EventPublisher } from './events/event-publisher.js';
import { prometheusListener, sfuRegistry } from './http/prometheus.js';
import { createHttpServer } from './http/server.js';
import { NodeRegistry } from './registry/node-registry.js';
import { RoomManager } from './rooms/room-manager.js';
import { WorkerPool } from './workers/worker-pool.js';

export interface SfuNode {
  nodeId: string;
  pool: WorkerPool;
  rooms: RoomManager;
  registry: NodeRegistry;
  controlUrl: string;
  /** The internal `/metrics` listener (METRICS_PORT), started; undefined when not configured. */
  metricsListener: FastifyInstance | undefined;
  log: Logger;
  /** Registry entry first (no new rooms placed here), then HTTP, rooms, workers and Redis; once. */
  close(): Promise<void>;
}

export async function startSfuNode(config: SfuConfig, version: string): Promise<SfuNode> {
  const log = pino({ level: config.LOG_LEVEL, base: { service: 'sfu-server', nodeId: config.SFU_NODE_ID } });
  // REDIS_URL, or the sentinels' current primary (REDIS_SENTINELS), followed across a failover.
  const redisAt = redisTarget(config);
  await checkSentinelTarget(redisAt);
  const redis = connectRedis(redisAt, { connectionName: 'sfu-server', maxRetriesPerRequest: null });
  logRedisErrors(redis, log, 'sfu-server');
  const pool = new WorkerPool({
    count: config.SFU_WORKERS,
    listenIp: config.SFU_LISTEN_IP,
    announcedAddress: config.SFU_ANNOUNCED_ADDRESS,
    basePort: config.SFU_RTC_PORT,
    logLevel: config.SFU_WORKER_LOG_LEVEL,
    log,
  });
  try {
    await pool.start();
  } catch (error) {
    pool.close();
    redis.disconnect();
    throw error;
  }
  const rooms = new RoomManager(pool, {
    nodeId: config.SFU_NODE_ID,
    room: {
      maxTransportsPerParticipant: config.SFU_MAX_TRANSPORTS,
      initialOutgoingBitrate: 1_000_000,
      iceTcp: config.SFU_ICE_TCP,
    },
    idleMs: config.SFU_ROOM_IDLE_MS,
    qualityIntervalMs: config.SFU_QUALITY_INTERVAL_MS,
    log,
  });
  const publisher = new EventPublisher(redis, config.REDIS_PREFIX, log);
  rooms.on('event', (event) => publisher.publish(event));
  rooms.start();

  const secret = await resolveControlSecret(config.SFU_CONTROL_SECRET, redis, config.REDIS_PREFIX);
  const metrics = sfuRegistry(pool, rooms);
  const http = await createHttpServer({
    pool,
    redis,
    expectedWorkers: config.SFU_WORKERS,
    logLevel: config.LOG_LEVEL,
    registry: metrics,
    metricsToken: config.METRICS_TOKEN,
    control: { verifier: new ControlVerifier({ secret, redis, prefix: config.REDIS_PREFIX }), rooms, pool },
  });
  // The internal listener first: a port already taken stops the start before the node is reachable.
  let metricsListener: FastifyInstance | undefined;
  try {
    if (config.METRICS_PORT !== undefined) {
      metricsListener = await prometheusListener({ registry: metrics, token: config.METRICS_TOKEN, log });
      await metricsListener.listen({ host: config.METRICS_HOST, port: config.METRICS_PORT });
    }
    await http.listen({ host: config.SFU_HTTP_HOST, port: config.SFU_HTTP_PORT });
  } catch (error) {
    await metricsListener?.close();
    await http.close();
    rooms.close();
    pool.close();
    redis.disconnect();
    throw error;
  }
  const address = http.server.address();
  const port = address && typeof address !== 'string' ? address.port : config.SFU_HTTP_PORT;
  const controlUrl = config.SFU_CONTROL_URL ?? `http://${config.SFU_HTTP_HOST}:${port}`;

  const registry = new NodeRegistry({
    redis,
    prefix: config.REDIS_PREFIX,
    nodeId: config.SFU_NODE_ID,
    version,
    heartbeatMs: config.SFU_HEARTBEAT_MS,
    pool,
    log,
    roomsOnWorker: (index) => rooms.roomsOnWorker(index),
    controlUrl,
  });
  await registry.start();

  // Once: a second call (a test closed the node, then stops everything) waits for the first rather
  // than quitting Redis again, which would leave ioredis's 2 s destroy timer on the closed socket.
  let closing: Promise<void> | undefined;
  const close = async () => {
    await registry.stop().catch(() => undefined);
    await http.close();
    await metricsListener?.close();
    rooms.close();
    pool.close();
    await redis.quit().catch(() => redis.disconnect());
  };
  return {
    nodeId: config.SFU_NODE_ID,
    pool,
    rooms,
    registry,
    controlUrl,
    metricsListener,
    log,
    close: () => {
      closing ??= close();
      return closing;
    },
  };
}
