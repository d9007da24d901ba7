/** Types for stack.mjs (plain ESM so `pnpm start` runs without a build of the script itself). */
import type { ChildProcess } from 'node:child_process';

export interface StackPorts {
  redis: number;
  signaling: number;
  sfuHttp: number;
  /** The first of the SFU node's media ports (one per worker). */
  sfuRtc: number;
  pointClient: number;
  agentConsole: number;
  /** Signaling's internal Prometheus listener (`METRICS_PORT`); any free port when other ports are given. */
  signalingMetrics: number;
  /** The SFU node's internal Prometheus listener (its `METRICS_PORT`); any free port when other ports are given. */
  sfuMetrics: number;
}

export interface StackOptions {
  /** Defaults: 6390, 8080, 8090, 40000, 4173, 4174, 9464, 9465. */
  ports?: Partial<StackPorts>;
  /** Redis's AOF and the ledger's PGlite go under it (default `.data`). */
  dataDir?: string;
  /** An existing Redis instead of a private redis-server (also taken from REDIS_URL). */
  redisUrl?: string;
  /** Keep the children's output to themselves (it still shows in a failure to start). */
  quiet?: boolean;
  /** Extra environment for the SFU node and signaling. */
  env?: Record<string, string>;
}

/** A child process of the stack, named, with the tail of its output for error messages. */
export type StackChild = ChildProcess & { name: string; recentOutput(): string };

export interface RunningStack {
  redisUrl: string;
  signalingUrl: string;
  pointClientUrl: string;
  agentConsoleUrl: string;
  sfuUrl: string;
  children: StackChild[];
  /** Stops the children in reverse order of start (SIGTERM, SIGKILL after 8 s). */
  stop(): Promise<void>;
}

/** Starts Redis, the SFU node, signaling and both apps' previews; resolves once each answers. */
export function startStack(options?: StackOptions): Promise<RunningStack>;
