/**
 * SFU node entry: start the workers, publish the node in Redis, serve health and metrics, and
 * stop cleanly on SIGTERM (registry entry removed first, so signaling stops choosing this node).
 */
import { readFileSync } from 'node:fs';
import closeWithGrace from 'close-with-grace';
import { Redis } from 'ioredis';
import pino from 'pino';
import { loadSfuConfig } from './config.js';
import { createHttpServer } from './http/server.js';
import { NodeRegistry } from './registry/node-registry.js';
import { WorkerPool } from './workers/worker-pool.js';

const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
  .version;

async function main(): Promise<void> {
  const config = loadSfuConfig();
  const log = pino({ level: config.LOG_LEVEL, base: { service: 'sfu-server', nodeId: config.SFU_NODE_ID } });
  const redis = new Redis(config.REDIS_URL, { connectionName: 'sfu-server', maxRetriesPerRequest: null });
  const pool = new WorkerPool({
    count: config.SFU_WORKERS,
    listenIp: config.SFU_LISTEN_IP,
    announcedAddress: config.SFU_ANNOUNCED_ADDRESS,
    basePort: config.SFU_RTC_PORT,
    logLevel: config.SFU_WORKER_LOG_LEVEL,
    log,
  });
  await pool.start();
  const registry = new NodeRegistry({
    redis,
    prefix: config.REDIS_PREFIX,
    nodeId: config.SFU_NODE_ID,
    version,
    heartbeatMs: config.SFU_HEARTBEAT_MS,
    pool,
    log,
    roomsOnWorker: () => 0,
  });
  await registry.start();
  const http = createHttpServer({ pool, redis, expectedWorkers: config.SFU_WORKERS, logLevel: config.LOG_LEVEL });
  await http.listen({ host: config.SFU_HTTP_HOST, port: config.SFU_HTTP_PORT });

  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) log.error({ err }, 'stopping after an error');
    else log.info({ signal }, 'stopping');
    await registry.stop().catch(() => undefined);
    await http.close();
    pool.close();
    await redis.quit().catch(() => redis.disconnect());
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
