/** Types for coturn-server.mjs (plain ESM, like redis-server.mjs). */

/** infra/turn/turnserver.conf. */
export const COTURN_CONFIG: string;

export interface RunningCoturn {
  /** TURN over UDP and TCP on 127.0.0.1. */
  port: number;
  /** TURN over TLS on 127.0.0.1. */
  tlsPort: number;
  dir: string;
  /** What coturn logged so far. */
  log(): string;
  stop(): Promise<void>;
}

/** coturn with the production configuration, on free ports, with `secret`, relaying only to `allowedPeers`. */
export function startCoturn(options: {
  secret: string;
  cert: string;
  key: string;
  allowedPeers: string[];
}): Promise<RunningCoturn>;
