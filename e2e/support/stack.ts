/**
 * The stack for one browser test file (and the media benchmark), on free ports with throwaway data,
 * always with the media test page (call-client in a bare page, playing a point or a specialist):
 *  - `servers: 'processes'`: the built SFU node, signaling and both apps as child processes, as
 *    `pnpm start` runs them (scripts/stack.mjs), with their own redis-server. For the apps' tests.
 *  - `servers: 'in-process'`: Redis, the SFU node(s) and signaling in this process (the mediasoup
 *    workers are still their own processes), so a test can reach a node's rooms and workers or
 *    close a node. For the media tests.
 * Both run the demo seed with real sign-in, the real queue and the real control API.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { freeMediaPort } from '../../scripts/media-port.mjs';
import { freePort, startRedis } from '../../scripts/redis-server.mjs';
import { startStack } from '../../scripts/stack.mjs';
import { loadSfuConfig } from '../../sfu-server/src/config.js';
import { type SfuNode, startSfuNode } from '../../sfu-server/src/node.js';
import { createSignaling, type Signaling } from '../../signaling/src/app.js';
import { loadConfig } from '../../signaling/src/config.js';
import type { Seed } from '../../signaling/src/directory/seed.js';
import { repoRoot } from './browser.js';
import { startMediaPageServer } from './media-page-server.js';

export interface StackOptions {
  /** Extra environment for the SFU node(s) and signaling. */
  env?: Record<string, string>;
  /** mediasoup workers per SFU node (default 1). */
  workers?: number;
  /** Changes the demo seed (infra/seed/demo.yaml) for this stack only. */
  seed?: (seed: Seed) => void;
}

export interface ProcessStackOptions extends StackOptions {
  servers: 'processes';
}

export interface InProcessStackOptions extends StackOptions {
  servers: 'in-process';
  /** SFU nodes sharing the registry (default 1): `sfu-e2e`, then `sfu-e2e-2`, … */
  nodes?: number;
}

interface BaseStack {
  signalingUrl: string;
  /** The media test page. */
  pageUrl: string;
  stop(): Promise<void>;
}

export interface ProcessStack extends BaseStack {
  redisUrl: string;
  pointClientUrl: string;
  agentConsoleUrl: string;
}

export interface InProcessStack extends BaseStack {
  signaling: Signaling;
  nodes: SfuNode[];
}

/**
 * The stack the multi-party call tests and the apps' benchmark use: processes serving the built
 * apps, offers and wrap-ups that wait for slow pages, no ledger, and every agency open all day and
 * on holidays, so that they run at any hour of any day.
 */
export function startOpenCallStack(): Promise<ProcessStack> {
  const allDay = Object.fromEntries(
    ['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, { opens: '00:00', closes: '23:59' }]),
  );
  return startTestStack({
    servers: 'processes',
    env: { OFFER_TIMEOUT_SECONDS: '300', WRAP_UP_LIMIT_SECONDS: '600', LEDGER_ENABLED: 'false' },
    seed: (seed) => {
      for (const agency of seed.agencies) {
        (agency as { openingHours: unknown }).openingHours = allDay;
        (agency as { publicHolidays?: unknown }).publicHolidays = 'open';
      }
    },
  });
}

export function startTestStack(options: ProcessStackOptions): Promise<ProcessStack>;
export function startTestStack(options: InProcessStackOptions): Promise<InProcessStack>;
export async function startTestStack(
  options: ProcessStackOptions | InProcessStackOptions,
): Promise<ProcessStack | InProcessStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'etapiste-e2e-'));
  const stops: (() => Promise<void>)[] = [async () => rmSync(dataDir, { recursive: true, force: true })];
  const stop = async () => {
    for (const step of stops.splice(0).reverse()) await step();
  };
  try {
    const env = {
      // The demo agencies keep office hours and a closed service queues nobody: tests that run at
      // any hour open them around the clock, unless they set this themselves.
      DEMO_ALWAYS_OPEN: 'true',
      // Points work without an advisor's personal sign-in unless a test asks for it (e2e/admin.test.ts
      // runs the production default, `required`); the flows here are about other things.
      ADVISOR_SIGN_IN: 'optional',
      ...(options.seed ? { SEED_FILE: writeSeed(dataDir, options.seed) } : {}),
      ...options.env,
    };
    const servers =
      options.servers === 'processes'
        ? await startProcesses(dataDir, options.workers ?? 1, env)
        : await startInProcess(options.nodes ?? 1, options.workers ?? 1, env);
    stops.push(servers.stop);
    const page = await startMediaPageServer();
    stops.push(page.close);
    return { ...servers, pageUrl: page.url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The demo seed, changed by `change`, written into the stack's data folder. */
function writeSeed(dataDir: string, change: (seed: Seed) => void): string {
  const seed = parse(readFileSync(join(repoRoot, 'infra', 'seed', 'demo.yaml'), 'utf8')) as Seed;
  change(seed);
  const file = join(dataDir, 'seed.yaml');
  writeFileSync(file, stringify(seed));
  return file;
}

async function startProcesses(dataDir: string, workers: number, env: Record<string, string>) {
  const ports = {
    redis: await freePort(),
    signaling: await freePort(),
    sfuHttp: await freePort(),
    sfuRtc: await freeMediaPort({ count: Math.max(2, workers) }),
    pointClient: await freePort(),
    agentConsole: await freePort(),
  };
  const stack = await startStack({
    ports,
    dataDir,
    quiet: true,
    env: { LOG_LEVEL: 'warn', SFU_WORKERS: String(workers), ...env },
  });
  return {
    redisUrl: stack.redisUrl,
    signalingUrl: stack.signalingUrl,
    pointClientUrl: stack.pointClientUrl,
    agentConsoleUrl: stack.agentConsoleUrl,
    stop: stack.stop,
  };
}

const CONTROL_SECRET = 'e2e-control-secret-that-is-long-enough-012345';

async function startInProcess(count: number, workers: number, env: Record<string, string>) {
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const step of stops.splice(0).reverse()) await step();
  };
  try {
    const redis = await startRedis();
    stops.push(() => redis.stop());
    const prefix = `e2e:${randomUUID().slice(0, 6)}:`;
    const nodes: SfuNode[] = [];
    for (let index = 1; index <= count; index++) {
      const nodeId = index === 1 ? 'sfu-e2e' : `sfu-e2e-${index}`;
      const node = await startNode(nodeId, workers, { REDIS_URL: redis.url, REDIS_PREFIX: prefix, ...env });
      // A test may have closed a node already (a lost node); closing it again must not fail the stop.
      stops.push(() => node.close().catch(() => undefined));
      nodes.push(node);
    }
    const signaling = await createSignaling(
      loadConfig({
        NODE_ENV: 'test',
        REDIS_URL: redis.url,
        REDIS_PREFIX: prefix,
        LOG_LEVEL: 'warn',
        TOKEN_SECRET: 'e2e-token-secret-that-is-long-enough-0123456789',
        SFU_CONTROL_SECRET: CONTROL_SECRET,
        SOCKET_COMMANDS_PER_SECOND: '1000',
        ...env,
      }),
    );
    stops.push(() => signaling.close());
    await signaling.app.listen({ host: '127.0.0.1', port: 0 });
    const address = signaling.app.server.address();
    if (!address || typeof address === 'string') throw new Error('no address');
    return { signaling, signalingUrl: `http://127.0.0.1:${address.port}`, nodes, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** An SFU node; its media ports are picked at random and another process may hold them, so try a few. */
async function startNode(nodeId: string, workers: number, env: Record<string, string>): Promise<SfuNode> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await startSfuNode(
        loadSfuConfig({
          SFU_NODE_ID: nodeId,
          SFU_HTTP_PORT: '0',
          SFU_WORKERS: String(workers),
          SFU_RTC_PORT: String(await freeMediaPort({ count: Math.max(2, workers) })),
          SFU_CONTROL_SECRET: CONTROL_SECRET,
          SFU_QUALITY_INTERVAL_MS: '1000',
          LOG_LEVEL: 'warn',
          ...env,
        }),
        'e2e',
      );
    } catch (error) {
      if (attempt >= 4) throw error;
    }
  }
}
