/** The node's registry entry in a real Redis: written with live worker figures, gone on stop or expiry. */
import { randomUUID } from 'node:crypto';
import { SfuNodeStatus, sfuRegistryKeys } from '@etapiste/sfu-control';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import pino from 'pino';
import { freeMediaPort } from '../../scripts/media-port.mjs';
import { NodeRegistry } from '../src/registry/node-registry.js';
import { WorkerPool } from '../src/workers/worker-pool.js';

describe('NodeRegistry', () => {
  const prefix = `test:${randomUUID().slice(0, 8)}:`;
  let redis: Redis;
  let pool: WorkerPool;

  beforeAll(async () => {
    const url = process.env.ETAPISTE_TEST_REDIS_URL;
    if (!url) throw new Error('run through jest');
    redis = new Redis(url);
    pool = new WorkerPool({
      count: 1,
      listenIp: '127.0.0.1',
      announcedAddress: undefined,
      basePort: await freeMediaPort(),
      logLevel: 'warn',
      log: pino({ level: 'silent' }),
    });
    await pool.start();
  });

  afterAll(async () => {
    pool.close();
    await redis.quit();
  });

  function registry(nodeId: string, heartbeatMs: number) {
    return new NodeRegistry({
      redis,
      prefix,
      nodeId,
      version: 'test',
      heartbeatMs,
      pool,
      log: pino({ level: 'silent' }),
      roomsOnWorker: () => 3,
    });
  }

  it('publishes a valid status with the worker pids and removes it on stop', async () => {
    const node = registry('node-a', 10_000);
    await node.start();
    const raw = await redis.get(sfuRegistryKeys.node(prefix, 'node-a'));
    const status = SfuNodeStatus.parse(JSON.parse(raw ?? 'null'));
    expect(status.workers).toEqual([{ index: 0, pid: pool.slots()[0]?.worker.pid, rooms: 3, cpu: expect.any(Number) }]);
    expect(await redis.smembers(sfuRegistryKeys.nodes(prefix))).toContain('node-a');
    await node.stop();
    expect(await redis.exists(sfuRegistryKeys.node(prefix, 'node-a'))).toBe(0);
    expect(await redis.smembers(sfuRegistryKeys.nodes(prefix))).not.toContain('node-a');
  });

  it('lets the entry of a node that stops beating expire', async () => {
    const node = registry('node-b', 200);
    await node.beat(); // one beat, no timer: the node "dies" right after
    expect(await redis.exists(sfuRegistryKeys.node(prefix, 'node-b'))).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(await redis.exists(sfuRegistryKeys.node(prefix, 'node-b'))).toBe(0);
  });
});
