/**
 * Where signaling and the SFU nodes find Redis: one `redis://` URL, or Redis Sentinel. Every
 * connection either process opens (commands, Socket.IO's adapter, BullMQ, the SFU registry) is
 * made from one target string, so a deployment switches to Sentinel with two variables and no
 * connection is left pointing at a fixed address:
 *
 * - `redis://[user:password@]host:port[/db]` (or `rediss://`): that server;
 * - `redis-sentinel://[user:password@]host:port,host:port,…/<master name>[/db]`: ask these
 *   sentinels for the current primary of `<master name>`, and ask again after every disconnect
 *   or READONLY refusal (not through ioredis's `+switch-master` detector: see `redisOptions`). The
 *   credentials are the primary's; the
 *   sentinels' own password, if any, is `?sentinelPassword=`.
 *
 * {@link sentinelTarget} builds the second form from REDIS_SENTINELS and REDIS_SENTINEL_NAME.
 */
import { Redis, type RedisOptions } from 'ioredis';
import { z } from 'zod';

const SENTINEL_SCHEME = 'redis-sentinel://';

export interface SentinelAddress {
  host: string;
  port: number;
}

/** `host:port,host:port` (port default 26379; IPv6 in brackets) → addresses; throws on a bad entry. */
export function parseSentinels(list: string): SentinelAddress[] {
  const entries = list
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new Error('no sentinel addresses');
  return entries.map((entry) => {
    const match = /^(\[[^\]]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(entry);
    const port = Number(match?.[2] ?? 26379);
    if (!match?.[1] || port < 1 || port > 65535) throw new Error(`"${entry}" is not host:port`);
    return { host: match[1].replace(/^\[|\]$/g, ''), port };
  });
}

/**
 * The target for Sentinel: the sentinels' addresses and the master's name, with the credentials and
 * database of `redisUrl` (REDIS_URL) for the primary.
 */
export function sentinelTarget(redisUrl: string, sentinels: string, name: string, sentinelPassword?: string): string {
  const url = new URL(redisUrl);
  const auth = url.username || url.password ? `${url.username}:${url.password}@` : '';
  const hosts = parseSentinels(sentinels)
    .map((s) => `${s.host.includes(':') ? `[${s.host}]` : s.host}:${s.port}`)
    .join(',');
  const db = url.pathname.replace(/^\//, '');
  const query = sentinelPassword ? `?sentinelPassword=${encodeURIComponent(sentinelPassword)}` : '';
  return `${SENTINEL_SCHEME}${auth}${hosts}/${encodeURIComponent(name)}${db ? `/${db}` : ''}${query}`;
}

export function isSentinelTarget(target: string): boolean {
  return target.startsWith(SENTINEL_SCHEME);
}

/** The target with its passwords replaced by `***`, for logs and error messages. */
export function describeTarget(target: string): string {
  return target.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@').replace(/sentinelPassword=[^&]*/, 'sentinelPassword=***');
}

/** ioredis options for `target`, merged with `extra` (connection name, retry policy, …). */
export function redisOptions(target: string, extra: RedisOptions = {}): RedisOptions {
  if (!isSentinelTarget(target)) {
    const url = new URL(target);
    const db = Number(url.pathname.replace(/^\//, '') || 0);
    return {
      host: url.hostname.replace(/^\[|\]$/g, ''),
      port: Number(url.port || 6379),
      ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
      ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
      ...(db ? { db } : {}),
      ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
      ...extra,
    };
  }
  const rest = target.slice(SENTINEL_SCHEME.length);
  const [path = '', query = ''] = rest.split('?');
  const at = path.lastIndexOf('@');
  const auth = at >= 0 ? path.slice(0, at) : '';
  const [hosts = '', name = '', db = ''] = (at >= 0 ? path.slice(at + 1) : path).split('/');
  if (!name) throw new Error(`${describeTarget(target)}: no master name`);
  const [username = '', password = ''] = auth.split(':');
  const sentinelPassword = new URLSearchParams(query).get('sentinelPassword') ?? undefined;
  return {
    sentinels: parseSentinels(hosts),
    name: decodeURIComponent(name),
    ...(username ? { username: decodeURIComponent(username) } : {}),
    ...(password ? { password: decodeURIComponent(password) } : {}),
    ...(sentinelPassword ? { sentinelPassword } : {}),
    ...(Number(db) ? { db: Number(db) } : {}),
    // No failover detector (ioredis's +switch-master subscription): when the switch arrives while
    // the client is already reconnecting (its primary was killed), ioredis's connector is closed
    // under the reconnect, which then fails with "Connection is closed" and ends the client for
    // good (status `end`, every later command refused). Seen under load in
    // integration/redis-sentinel.test.ts. Without it a client learns of a failover when its
    // connection to the old primary breaks (a dead primary) or when that primary, demoted to a
    // replica, refuses a write with READONLY (below): either way it asks the sentinels again.
    failoverDetector: false,
    // A primary that came back as a replica answers reads only; reconnect to the real primary.
    reconnectOnError: (error) => error.message.startsWith('READONLY'),
    ...extra,
  };
}

/** A connection to `target` (see the module's comment). */
export function connectRedis(target: string, extra: RedisOptions = {}): Redis {
  const client = new Redis(redisOptions(target, extra));
  if (isSentinelTarget(target)) {
    // Should the failover detector be turned on again: it keeps one subscriber connection per sentinel, and `quit()` leaves
    // them open (ioredis issue #1362: only `disconnect()` closes them). They would keep the process
    // alive after its close, reconnecting to the sentinels forever once those are gone. When the
    // connection has ended for good, `disconnect()` closes them; the QUIT itself is unaffected.
    client.once('end', () => client.disconnect());
  }
  return client;
}

export class SentinelMasterUnknownError extends Error {
  override name = 'SentinelMasterUnknownError';
}

/**
 * Start-up check for a Sentinel target: asks each sentinel for the master's address. When a
 * sentinel answers and none knows the name, the configuration is wrong (a typo, another
 * deployment's sentinels): throws {@link SentinelMasterUnknownError} naming it, rather than
 * retrying forever. Sentinels that do not answer prove nothing (they may be restarting); then the
 * connections retry as usual. A plain URL passes.
 */
export async function checkSentinelTarget(target: string, timeoutMs = 3000): Promise<void> {
  if (!isSentinelTarget(target)) return;
  const options = redisOptions(target);
  const name = options.name as string;
  const answers = await Promise.all(
    (options.sentinels ?? []).map(async (sentinel) => {
      const client = new Redis({
        host: sentinel.host,
        port: sentinel.port,
        ...(options.sentinelPassword ? { password: options.sentinelPassword } : {}),
        connectionName: 'etapiste-sentinel-check',
        lazyConnect: true,
        connectTimeout: timeoutMs,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
      });
      try {
        await client.connect();
        const address = (await client.call('SENTINEL', 'get-master-addr-by-name', name)) as string[] | null;
        return address ? 'known' : 'unknown';
      } catch {
        return 'unreachable';
      } finally {
        client.disconnect();
      }
    }),
  );
  if (answers.includes('unknown') && !answers.includes('known')) {
    const asked = (options.sentinels ?? []).map((s) => `${s.host}:${s.port}`).join(', ');
    throw new SentinelMasterUnknownError(
      `Redis Sentinel knows no master named "${name}" (asked ${asked}): check REDIS_SENTINEL_NAME against the sentinels' "sentinel monitor" line`,
    );
  }
}

function isSentinelList(list: string): boolean {
  try {
    parseSentinels(list);
    return true;
  } catch {
    return false;
  }
}

/** The Sentinel variables, the same in signaling's and the SFU node's configuration. */
export const RedisSentinelSettings = {
  /**
   * Redis Sentinel: comma-separated `host:port` of the sentinels (port default 26379). Set, every
   * Redis connection asks them for the current primary of REDIS_SENTINEL_NAME (REDIS_URL then gives
   * only the primary's password and database), and follows a failover.
   */
  REDIS_SENTINELS: z
    .string()
    .optional()
    .refine((list) => !list || isSentinelList(list), 'host:port,host:port (e.g. 10.0.0.1:26379,10.0.0.2:26379)'),
  /** The master's name in the sentinels' `sentinel monitor <name> …` line. */
  REDIS_SENTINEL_NAME: z.string().min(1).default('etapiste'),
  /** The sentinels' own password (`requirepass` in sentinel.conf), if they have one. */
  REDIS_SENTINEL_PASSWORD: z.string().min(1).optional(),
};

/** What every Redis connection is made from: REDIS_URL, or the Sentinel target. */
export function redisTarget(config: {
  REDIS_URL: string;
  REDIS_SENTINELS?: string | undefined;
  REDIS_SENTINEL_NAME: string;
  REDIS_SENTINEL_PASSWORD?: string | undefined;
}): string {
  return config.REDIS_SENTINELS
    ? sentinelTarget(
        config.REDIS_URL,
        config.REDIS_SENTINELS,
        config.REDIS_SENTINEL_NAME,
        config.REDIS_SENTINEL_PASSWORD,
      )
    : config.REDIS_URL;
}
