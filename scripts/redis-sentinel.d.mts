/** Types for redis-sentinel.mjs (plain ESM, like redis-server.mjs). */
import type { ChildProcess } from 'node:child_process';
import type { RunningRedis } from './redis-server.mjs';

export interface RunningSentinel {
  port: number;
  dir: string;
  child: ChildProcess;
  /** Everything the sentinel logged so far (`+switch-master`, `+odown`, …). */
  log(): string;
  stop(): Promise<void>;
}

export interface SentinelGroup {
  name: string;
  primary: RunningRedis;
  replica: RunningRedis;
  sentinels: RunningSentinel[];
  /** REDIS_SENTINELS for these sentinels: `127.0.0.1:p1,127.0.0.1:p2,…`. */
  addresses: string;
  stop(): Promise<void>;
}

/** Primary, replica and `count` (3) sentinels for master `name` (`etapiste`), on free ports. */
export function startSentinelGroup(options?: {
  name?: string;
  count?: number;
  downAfterMs?: number;
  failoverTimeoutMs?: number;
}): Promise<SentinelGroup>;
