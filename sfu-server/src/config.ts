/** SFU node configuration from the environment, validated at start, with local defaults. */
import { availableParallelism, hostname } from 'node:os';
import { RedisSentinelSettings, redisTarget } from '@etapiste/sfu-control';

export { redisTarget };

import { z } from 'zod';

export const SfuConfigSchema = z.object({
  /** Stable id of this node in the Redis registry. */
  SFU_NODE_ID: z.string().min(1).max(60).default(`sfu-${hostname()}`),
  /** mediasoup workers to run; one per core is the rule (each worker is single-threaded). */
  SFU_WORKERS: z.coerce.number().int().positive().default(availableParallelism()),
  /** Address the WebRtcServers bind to. */
  SFU_LISTEN_IP: z.string().default('127.0.0.1'),
  /** Address given to browsers in ICE candidates (public IP or DNS name behind NAT); empty = listen IP. */
  SFU_ANNOUNCED_ADDRESS: z.string().optional(),
  /** Worker i takes port SFU_RTC_PORT + i, for UDP and TCP alike: one pair per worker for the firewall. */
  SFU_RTC_PORT: z.coerce.number().int().min(1024).max(65000).default(40000),
  /**
   * ICE over TCP (on the same port number as UDP) as the fallback for networks that block UDP.
   * `false` offers UDP only: where the firewall opens only UDP, or to keep media off TCP paths.
   */
  SFU_ICE_TCP: z.stringbool().default(true),
  SFU_HTTP_HOST: z.string().default('127.0.0.1'),
  SFU_HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(8090),
  /**
   * Prometheus `/metrics` on an internal listener of its own at METRICS_HOST:METRICS_PORT (`0`: any
   * free port). Unset: no internal listener. Same names and meaning as on signaling.
   */
  METRICS_HOST: z.string().default('127.0.0.1'),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /**
   * Bearer token for `/metrics` (≥ 32 characters). When set, `/metrics` is also served on the main
   * port (SFU_HTTP_PORT), and every `/metrics` answer requires `Authorization: Bearer <token>`.
   * With neither this nor METRICS_PORT, metrics are not served.
   */
  METRICS_TOKEN: z.string().min(32).optional(),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  REDIS_PREFIX: z.string().min(1).max(40).default('etp:'),
  ...RedisSentinelSettings,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SFU_WORKER_LOG_LEVEL: z.enum(['debug', 'warn', 'error', 'none']).default('warn'),
  /**
   * Secret shared with signaling for the control API (≥ 32 characters). Required in production; in
   * development, when unset, one is created in Redis and shared by the local processes.
   */
  SFU_CONTROL_SECRET: z.string().min(32).optional(),
  /** How signaling reaches this node's control API; default http://SFU_HTTP_HOST:<http port>. */
  SFU_CONTROL_URL: z.string().url().optional(),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** WebRTC transports one participant may hold at once (send + recv, plus ICE-failure spares). */
  SFU_MAX_TRANSPORTS: z.coerce.number().int().min(2).max(20).default(4),
  /** A room nobody has been in for this long is closed. */
  SFU_ROOM_IDLE_MS: z.coerce.number().int().min(100).default(60_000),
  /** How often per-participant quality (bitrate, loss, RTT) is sampled and pushed. */
  SFU_QUALITY_INTERVAL_MS: z.coerce.number().int().min(200).default(5000),
  /** How often the node refreshes its registry entry; the entry lives three periods. */
  SFU_HEARTBEAT_MS: z.coerce.number().int().min(100).default(2000),
});

export type SfuConfig = z.infer<typeof SfuConfigSchema>;

export function loadSfuConfig(env: NodeJS.ProcessEnv = process.env): SfuConfig {
  const parsed = SfuConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  if (parsed.data.NODE_ENV === 'production' && !parsed.data.SFU_CONTROL_SECRET) {
    throw new Error('invalid configuration:\n  SFU_CONTROL_SECRET: required in production');
  }
  return parsed.data;
}
