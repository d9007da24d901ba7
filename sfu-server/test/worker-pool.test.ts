/**
 * Real mediasoup workers (MEDIASOUP_WORKER_BIN where set): the pool starts one WebRtcServer per
 * worker on its own port, and a worker killed with SIGKILL is reported and replaced in its slot.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pino from 'pino';
import { freeMediaPort } from '../../scripts/media-port.mjs';
import { WorkerPool } from '../src/workers/worker-pool.js';

const log = pino({ level: 'silent' });

describe('WorkerPool', () => {
  let pool: WorkerPool;
  let basePort: number;

  beforeAll(async () => {
    basePort = await freeMediaPort();
    pool = new WorkerPool({
      count: 2,
      listenIp: '127.0.0.1',
      announcedAddress: undefined,
      basePort,
      logLevel: 'warn',
      log,
    });
    await pool.start();
  });

  afterAll(() => pool.close());

  it('runs each worker with a WebRtcServer on one UDP and one TCP port', async () => {
    const slots = pool.slots();
    expect(slots.map((slot) => slot.port)).toEqual([basePort, basePort + 1]);
    for (const slot of slots) {
      const dump = await slot.webRtcServer.dump();
      const endpoints = [...dump.udpSockets, ...dump.tcpServers].map((s) => s.port);
      expect(endpoints).toEqual([slot.port, slot.port]);
    }
  });

  it('reports a worker killed with SIGKILL and replaces it on the same port', async () => {
    const victim = pool.slots()[0];
    if (!victim) throw new Error('no worker');
    const died = new Promise<number>((resolve) => pool.once('worker-died', (index) => resolve(index)));
    const replaced = new Promise<number>((resolve) => pool.once('worker-replaced', (index) => resolve(index)));
    process.kill(victim.worker.pid, 'SIGKILL');
    await expect(died).resolves.toBe(0);
    await expect(replaced).resolves.toBe(0);
    const fresh = pool.slots().find((slot) => slot.index === 0);
    expect(fresh?.worker.pid).not.toBe(victim.worker.pid);
    expect(fresh?.port).toBe(basePort);
    expect(fresh?.worker.closed).toBe(false);
  });
});
