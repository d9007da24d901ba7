/** The real stack (Redis, SFU node, signaling, both apps) on free ports for one test file. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error plain ESM helper without declarations
import { freeMediaPort } from '../../scripts/media-port.mjs';
// @ts-expect-error plain ESM script without type declarations
import { freePort } from '../../scripts/redis-server.mjs';
// @ts-expect-error plain ESM script without type declarations
import { startStack } from '../../scripts/stack.mjs';

export interface RunningStack {
  redisUrl: string;
  signalingUrl: string;
  pointClientUrl: string;
  agentConsoleUrl: string;
  stop(): Promise<void>;
}

export async function startTestStack(): Promise<RunningStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'etapiste-e2e-'));
  const ports = {
    redis: await freePort(),
    signaling: await freePort(),
    sfuHttp: await freePort(),
    sfuRtc: await freeMediaPort(),
    pointClient: await freePort(),
    agentConsole: await freePort(),
  };
  const stack = (await startStack({
    ports,
    dataDir,
    quiet: true,
    env: { LOG_LEVEL: 'warn', SFU_WORKERS: '1' },
  })) as RunningStack;
  return {
    ...stack,
    async stop() {
      await stack.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
