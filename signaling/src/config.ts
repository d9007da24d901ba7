/**
 * Configuration from the environment, validated once at start. Every variable has an embedded
 * default that works on a developer machine; `docs/operations.md` lists them for production.
 */
import { isIP } from 'node:net';
import { fileURLToPath } from 'node:url';
import { RedisSentinelSettings, redisTarget } from '@etapiste/sfu-control';

export { redisTarget };

import { z } from 'zod';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

const seconds = (fallback: number) => z.coerce.number().int().positive().default(fallback);

export const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** Interface to listen on. Put a reverse proxy (infra/) in front in production. */
  SIGNALING_HOST: z.string().default('127.0.0.1'),
  SIGNALING_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  /** Prefix of every Redis key this deployment writes; lets several deployments or tests share one Redis. */
  REDIS_PREFIX: z.string().min(1).max(40).default('etp:'),
  ...RedisSentinelSettings,
  SEED_FILE: z.string().default(`${repoRoot}infra/seed/demo.yaml`),
  /**
   * HMAC secret for tokens (≥ 32 characters). Required in production. In development, when unset,
   * one is created in Redis on first start so that every local signaling process shares it.
   */
  TOKEN_SECRET: z.string().min(32).optional(),
  ACCESS_TOKEN_TTL_SECONDS: seconds(15 * 60),
  /** Specialists and supervisors: one working day. */
  REFRESH_TOKEN_TTL_SECONDS: seconds(12 * 60 * 60),
  /** Point devices sign in once and stay ready. */
  POINT_REFRESH_TOKEN_TTL_SECONDS: seconds(30 * 24 * 60 * 60),
  LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(5),
  LOGIN_FAILURE_WINDOW_SECONDS: seconds(15 * 60),
  /** Socket commands per connection per second (bursts up to twice this). */
  SOCKET_COMMANDS_PER_SECOND: z.coerce.number().int().positive().default(20),
  /** Comma-separated browser origins allowed to call the API; empty allows same-origin and localhost. */
  CORS_ORIGINS: z.string().default(''),
  /**
   * The reverse proxies whose `X-Forwarded-For` is believed: comma-separated addresses or CIDR
   * ranges (`10.0.0.5,10.1.0.0/16`; also `loopback`, `linklocal`, `uniquelocal`). Empty: none, the
   * peer's own address is the client's. Sign-in throttling counts per client address, so believing
   * anyone else's header would let a client pick a new address for every guess.
   */
  TRUST_PROXY: z
    .string()
    .default('')
    .transform((list) =>
      list
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean),
    )
    .refine((entries) => entries.every(isProxyEntry), 'addresses or CIDR ranges, e.g. 10.0.0.5,10.1.0.0/16'),
  /**
   * Prometheus `/metrics` on an internal listener of its own at METRICS_HOST:METRICS_PORT (`0`: any
   * free port). Unset: no internal listener.
   */
  METRICS_HOST: z.string().default('127.0.0.1'),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /**
   * Bearer token for `/metrics` (≥ 32 characters). When set, `/metrics` is also served on the main
   * port, and every `/metrics` answer requires `Authorization: Bearer <token>`. With neither this
   * nor METRICS_PORT, metrics are not served.
   */
  METRICS_TOKEN: z.string().min(32).optional(),
  /** How long an offer rings before it returns to the queue (the specialist is set away). */
  OFFER_TIMEOUT_SECONDS: z.coerce.number().positive().default(20),
  /**
   * A specialist who declined a request (or let it ring out) is not offered it again for this long;
   * after it, they are, when nobody who has not declined it is free (so a decline never strands a
   * customer).
   */
  DECLINE_COOLDOWN_SECONDS: z.coerce.number().nonnegative().default(60),
  /**
   * After this long in the queue the waiting screen says the wait is long and offers the choices
   * (keep waiting, another language served now, come back in opening hours).
   */
  LONG_WAIT_SECONDS: z.coerce.number().positive().default(600),
  /** A booked customer is offered only to the booked specialist this long after the booked time, then to anyone. */
  BOOKING_EXCLUSIVE_MINUTES: z.coerce.number().nonnegative().default(5),
  /**
   * A stepped-away customer's request passed over at the head is abandoned when it would be offered
   * again this long after the pass-over, the customer still away.
   */
  STEP_AWAY_PASS_OVER_SECONDS: z.coerce.number().nonnegative().default(120),
  /**
   * `required` (the default): a visit starts only with an advisor signed in personally at the
   * point, so every visit records who served the customer. `optional`: the point may also work
   * without (a deployment without advisor accounts yet); visits then record no advisor.
   */
  ADVISOR_SIGN_IN: z.enum(['required', 'optional']).default('required'),
  /** An advisor's sign-in at a point lapses after this long without activity; the point stays open. */
  ADVISOR_IDLE_SECONDS: z.coerce.number().int().positive().default(900),
  /** Documents shared in a session are deleted this long after the session ended. */
  DOCUMENT_RETENTION_HOURS: z.coerce.number().positive().default(24),
  /** The largest document one side may share in a session. */
  DOCUMENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(10 * 1024 * 1024),
  /**
   * The key documents are encrypted with at rest: 32 bytes, base64. Unset, it is derived from
   * TOKEN_SECRET (HKDF), so every process of a deployment has the same one; rotating TOKEN_SECRET
   * then makes documents still kept unreadable (they live a day).
   */
  DOCUMENT_KEY: z
    .string()
    .refine((value) => Buffer.from(value, 'base64').length === 32, '32 bytes, base64')
    .optional(),
  /** Time a specialist has to record the outcome after a session; then `not-recorded`. */
  WRAP_UP_LIMIT_SECONDS: z.coerce.number().positive().default(120),
  /** A point whose connection is lost this long abandons its waiting requests. */
  POINT_GRACE_SECONDS: z.coerce.number().positive().default(60),
  /**
   * A specialist with no live connection this long goes offline; a ringing offer returns to its
   * place and a session in progress ends as interrupted.
   */
  EXPERT_GRACE_SECONDS: z.coerce.number().positive().default(30),
  /** A session running this long is ended as interrupted (a forgotten call). */
  SESSION_MAX_MINUTES: z.coerce.number().positive().default(120),
  /**
   * After an agency's closing time, requests already waiting are still served this long while
   * specialists of the queue work; then they are told the service closed (denied demand).
   */
  SERVE_AFTER_CLOSE_MINUTES: z.coerce.number().nonnegative().default(30),
  /** Ended requests, offers and sessions stay in Redis this long (the ledger keeps the record). */
  QUEUE_RETENTION_HOURS: z.coerce.number().positive().default(24),
  /** A booking not checked in this long after its start becomes a no-show (counted in the day's figures). */
  BOOKING_NO_SHOW_MINUTES: z.coerce.number().positive().default(10),
  /** How early before its start a booked customer may be checked in at the point. */
  BOOKING_CHECK_IN_EARLY_MINUTES: z.coerce.number().nonnegative().default(30),
  /** How often each process runs the no-show sweep (idempotent; any process may). */
  BOOKING_SWEEP_SECONDS: z.coerce.number().positive().default(60),
  /** Each signaling process beats a heartbeat this often… */
  HEARTBEAT_INTERVAL_MS: z.coerce.number().int().positive().default(1000),
  /** …and is taken for dead when it has not for this long: its connections start their grace periods. */
  HEARTBEAT_TTL_MS: z.coerce.number().int().positive().default(5000),
  /** How often each process looks for due deadlines. */
  DEADLINE_INTERVAL_MS: z.coerce.number().int().positive().default(100),
  /** A deadline claimed by a process that died before firing it is fired by another after this. */
  DEADLINE_LEASE_MS: z.coerce.number().int().positive().default(5000),
  /** Handle time the wait estimate assumes before a queue has history of its own. */
  DEFAULT_HANDLE_SECONDS: z.coerce.number().positive().default(300),
  /** How often the wallboard's history samples every queue (waiting, longest wait, answered). */
  SUPERVISION_SAMPLE_SECONDS: z.coerce.number().positive().default(60),
  /** How often subscribed supervisors' specialist and point lists are checked for changes. */
  SUPERVISION_PUSH_SECONDS: z.coerce.number().positive().default(2),
  /**
   * The transaction ledger's PostgreSQL (`postgres://user:pass@host:5432/db`). When unset, the
   * embedded PGlite under LEDGER_DATA_DIR: the same SQL, for one signaling process only.
   */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'a postgres:// connection string')
    .optional(),
  /** PGlite's data folder when DATABASE_URL is unset; `memory://` keeps it in memory (tests). */
  LEDGER_DATA_DIR: z.string().min(1).default(`${repoRoot}.data/ledger`),
  /**
   * Run the ledger (its database, the workers that fill it, the reports). Default: on, except
   * under NODE_ENV=test, where only the tests of the ledger start it (it takes seconds to start).
   */
  LEDGER_ENABLED: z.stringbool().optional(),
  /**
   * Specialists' wrap-up notes are kept in the ledger this many days after the session ended, then
   * deleted (the transaction itself is kept); see docs/security.md.
   */
  WRAP_UP_NOTE_RETENTION_DAYS: z.coerce.number().int().positive().default(90),
  /** Customers' feedback comments are removed (rating kept) this long after the session ended. */
  FEEDBACK_COMMENT_RETENTION_DAYS: z.coerce.number().int().positive().default(365),
  /** Audit rows are deleted this long after they were recorded, behind an anchor (docs/ledger.md). */
  AUDIT_RETENTION_DAYS: z.coerce.number().int().positive().default(730),
  /** When the daily retention run starts: a cron pattern in TIME_ZONE (default 03:30). */
  RETENTION_SCHEDULE: z
    .string()
    .regex(/^\S+( \S+){4,5}$/, 'a cron pattern: minute hour day month weekday')
    .default('30 3 * * *'),
  /** Time zone of opening hours and of "today" in the figures. */
  TIME_ZONE: z.string().default('Europe/Helsinki'),
  /**
   * Demos and tests only: every agency counts as open around the clock (the seed's hours are still
   * shown). `./etapiste start` says when to use it: outside the demo seed's realistic hours.
   */
  DEMO_ALWAYS_OPEN: z.stringbool().default(false),
  /**
   * Secret shared with the SFU nodes' control API (≥ 32 characters). Required in production; in
   * development, when unset, one is created in Redis and shared by the local processes.
   */
  SFU_CONTROL_SECRET: z.string().min(32).optional(),
  /** Comma-separated TURN URLs handed to browsers (`turn:turn.example.fi:3478?transport=udp,…`). */
  TURN_URLS: z.string().default(''),
  /** coturn's `static-auth-secret`; TURN is offered only when this and TURN_URLS are set. */
  TURN_SECRET: z.string().min(16).optional(),
  /** Lifetime of the TURN credentials given at each media join. */
  TURN_CREDENTIAL_TTL_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(4 * 60 * 60),
  /** A media member whose connection is gone this long leaves the room (a reconnect within it resumes). */
  MEDIA_DISCONNECT_GRACE_SECONDS: z.coerce.number().positive().default(30),
  /**
   * Link a specialist's standby room to the visit's room pending while an offer rings, so that
   * both pages have made their consumers before the accept (docs/media.md "Standby"); off: linked
   * at the accept only.
   */
  MEDIA_LINK_AT_OFFER: z.stringbool().default(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().nonnegative().default(10_000),
});

export type Config = z.infer<typeof ConfigSchema>;

const PROXY_KEYWORDS = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** What Fastify's `trustProxy` (proxy-addr) accepts in a list: an address, a CIDR range or a keyword. */
function isProxyEntry(entry: string): boolean {
  if (PROXY_KEYWORDS.has(entry)) return true;
  const [address = '', bits, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  const prefix = Number(bits);
  return /^\d+$/.test(bits) && prefix <= (version === 4 ? 32 : 128);
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  if (parsed.data.NODE_ENV === 'production' && !parsed.data.TOKEN_SECRET) {
    throw new ConfigError('invalid configuration:\n  TOKEN_SECRET: required in production');
  }
  if (parsed.data.NODE_ENV === 'production' && !parsed.data.SFU_CONTROL_SECRET) {
    throw new ConfigError('invalid configuration:\n  SFU_CONTROL_SECRET: required in production');
  }
  return parsed.data;
}
