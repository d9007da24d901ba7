/** Types for redis-server.mjs (plain ESM so the stack script runs without a build). */
import type { ChildProcess } from 'node:child_process';

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number>;

export interface RunningRedis {
  url: string;
  port: number;
  /** Where the AOF lives; removed by `stop()` unless `keepData`. */
  dir: string;
  pid: number | undefined;
  child: ChildProcess;
  stop(options?: { keepData?: boolean; signal?: NodeJS.Signals }): Promise<void>;
}

/**
 * A private redis-server with AOF and `noeviction`, on `port` (default: a free one) and `dir`
 * (default: a temporary folder); `args` are further command-line settings (`--replicaof`, …).
 */
export function startRedis(options?: { port?: number; dir?: string; args?: string[] }): Promise<RunningRedis>;
