/**
 * Redis, SFU node(s) and signaling for the media browser tests and the media benchmark, in this
 * process (the mediasoup workers are still their own processes), with the demo seed: real sign-in,
 * the real queue, the real control API. Plus the bundled test page.
 */
import { randomUUID } from 'node:crypto';
// @ts-expect-error plain ESM helper without declarations
import { freeMediaPort } from '../../scripts/media-port.mjs';
// @ts-expect-error plain ESM script without type declarations
import { startRedis } from '../../scripts/redis-server.mjs';
import { loadSfuConfig } from '../../sfu-server/src/config.js';
import { type SfuNode, startSfuNode } from '../../sfu-server/src/node.js';
import { createSignaling, type Signaling } from '../../signaling/src/app.js';
import { loadConfig } from '../../signaling/src/config.js';
import { startMediaPageServer } from './media-page-server.js';

export interface MediaStack {
  signaling: Signaling;
  signalingUrl: string;
  pageUrl: string;
  nodes: SfuNode[];
  stop(): Promise<void>;
}

const SECRET = 'e2e-control-secret-that-is-long-enough-012345';

export async function startMediaStack(options: { workers?: number; env?: Record<string, string> } = {}) {
  const redis = (await startRedis()) as { url: string; stop(): Promise<void> };
  const prefix = `e2e:${randomUUID().slice(0, 6)}:`;
  // The media ports are picked at random; another process may hold them, so try a few.
  let node: SfuNode | undefined;
  for (let attempt = 0; !node; attempt++) {
    try {
      node = await startSfuNode(
        loadSfuConfig({
          REDIS_URL: redis.url,
          REDIS_PREFIX: prefix,
          SFU_NODE_ID: 'sfu-e2e',
          SFU_WORKERS: String(options.workers ?? 2),
          SFU_HTTP_PORT: '0',
          SFU_RTC_PORT: String(await freeMediaPort()),
          SFU_CONTROL_SECRET: SECRET,
          SFU_QUALITY_INTERVAL_MS: '1000',
          LOG_LEVEL: 'warn',
          ...options.env,
        }),
        'e2e',
      );
    } catch (error) {
      if (attempt >= 4) throw error;
    }
  }
  const signaling = await createSignaling(
    loadConfig({
      NODE_ENV: 'test',
      REDIS_URL: redis.url,
      REDIS_PREFIX: prefix,
      LOG_LEVEL: 'warn',
      TOKEN_SECRET: 'e2e-token-secret-that-is-long-enough-0123456789',
      SFU_CONTROL_SECRET: SECRET,
      SOCKET_COMMANDS_PER_SECOND: '1000',
      ...options.env,
    }),
  );
  await signaling.app.listen({ host: '127.0.0.1', port: 0 });
  const address = signaling.app.server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  const page = await startMediaPageServer();
  return {
    signaling,
    signalingUrl: `http://127.0.0.1:${address.port}`,
    pageUrl: page.url,
    nodes: [node],
    async stop() {
      await page.close();
      await signaling.close();
      await node.close();
      await redis.stop();
    },
  } satisfies MediaStack;
}
