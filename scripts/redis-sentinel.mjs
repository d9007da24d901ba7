/**
 * A private Redis Sentinel group for tests, from Debian's redis-server: a primary and a replica
 * (both as scripts/redis-server.mjs starts Redis: AOF, `noeviction`) and three sentinels
 * (`redis-server <file> --sentinel`) watching them under one master name, all on free ports of
 * 127.0.0.1 in temporary folders. A sentinel rewrites its configuration file, so each has its own.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startRedis } from './redis-server.mjs';

async function startSentinel({ name, primaryPort, quorum, downAfterMs, failoverTimeoutMs }) {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'etapiste-sentinel-'));
  const file = join(dir, 'sentinel.conf');
  writeFileSync(
    file,
    [
      `port ${port}`,
      'bind 127.0.0.1',
      `dir ${dir}`,
      `sentinel monitor ${name} 127.0.0.1 ${primaryPort} ${quorum}`,
      `sentinel down-after-milliseconds ${name} ${downAfterMs}`,
      `sentinel failover-timeout ${name} ${failoverTimeoutMs}`,
      `sentinel parallel-syncs ${name} 1`,
      '',
    ].join('\n'),
  );
  const child = spawn('redis-server', [file, '--sentinel'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise((resolve, reject) => {
    const onData = (chunk) => {
      output += chunk;
      if (output.includes('+monitor master')) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (error) => reject(new Error(`redis-server --sentinel could not start (${error.message})`)));
    child.on('exit', (code) => reject(new Error(`sentinel exited with ${code}: ${output}`)));
  });
  return {
    port,
    dir,
    child,
    /** Everything the sentinel logged so far (`+switch-master`, `+odown`, …). */
    log: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Primary, replica and `count` sentinels (quorum: a majority) for master `name`. A primary that
 * stops answering for `downAfterMs` is failed over to the replica.
 */
export async function startSentinelGroup({
  name = 'etapiste',
  count = 3,
  downAfterMs = 1000,
  failoverTimeoutMs = 5000,
} = {}) {
  const primary = await startRedis();
  const replica = await startRedis({ args: ['--replicaof', '127.0.0.1', String(primary.port)] });
  const sentinels = [];
  try {
    for (let i = 0; i < count; i++) {
      sentinels.push(
        await startSentinel({
          name,
          primaryPort: primary.port,
          quorum: Math.floor(count / 2) + 1,
          downAfterMs,
          failoverTimeoutMs,
        }),
      );
    }
    // A failover needs every sentinel to know the replica and a quorum of the others (they find
    // each other through the primary's hello channel, every 2 s).
    const deadline = Date.now() + 15_000;
    const known = (s) =>
      s.log().includes('+slave slave') && s.log().split('+sentinel sentinel').length - 1 >= count - 1;
    while (!sentinels.every(known)) {
      if (Date.now() > deadline) throw new Error('the sentinels did not find the replica and each other');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } catch (error) {
    await Promise.all([...sentinels.map((s) => s.stop()), primary.stop(), replica.stop()]);
    throw error;
  }
  return {
    name,
    primary,
    replica,
    sentinels,
    /** REDIS_SENTINELS for these sentinels: `127.0.0.1:p1,127.0.0.1:p2,…`. */
    addresses: sentinels.map((s) => `127.0.0.1:${s.port}`).join(','),
    async stop() {
      await Promise.all([...sentinels.map((s) => s.stop()), primary.stop(), replica.stop()]);
    },
  };
}
