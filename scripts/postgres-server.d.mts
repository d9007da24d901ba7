/** Types for postgres-server.mjs (plain ESM, like redis-server.mjs). */
import type { ChildProcess } from 'node:child_process';

export interface RunningPostgres {
  /** `postgres://postgres@127.0.0.1:<port>/postgres`: the superuser, trust authentication. */
  url: string;
  port: number;
  /** The temporary folder (data directory and Unix socket); removed by `stop()`. */
  dir: string;
  pid: number | undefined;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** The folder holding initdb and postgres: PG_BIN, PATH, or Debian's newest /usr/lib/postgresql/<version>/bin. */
export function postgresBinDir(): string;

/** A private PostgreSQL cluster (initdb + postgres) on `port` (default: a free one) in a new temporary folder. */
export function startPostgres(options?: { port?: number }): Promise<RunningPostgres>;
