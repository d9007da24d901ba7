/**
 * Runs the real signaling server against the test Redis, each instance under its own key prefix,
 * and connects real Socket.IO clients to it.
 */
import { randomUUID } from 'node:crypto';
import type { Ack, ClientToServerEvents, ServerToClientEvents, TokenPair } from '@etapiste/protocol';
import { Redis } from 'ioredis';
import { io, type Socket } from 'socket.io-client';
import { createSignaling, type Signaling } from '../../src/app.js';
import { type Config, loadConfig } from '../../src/config.js';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface Harness {
  signaling: Signaling;
  baseUrl: string;
  prefix: string;
  config: Config;
  redis: Redis;
  close(): Promise<void>;
}

export function testRedisUrl(): string {
  const url = process.env.ETAPISTE_TEST_REDIS_URL;
  if (!url) throw new Error('ETAPISTE_TEST_REDIS_URL is not set: run through jest (test-support/global-setup.mjs)');
  return url;
}

export async function startHarness(
  env: Record<string, string> = {},
  options: { port?: number; prefix?: string } = {},
): Promise<Harness> {
  const prefix = options.prefix ?? `test:${randomUUID().slice(0, 8)}:`;
  const config = loadConfig({
    NODE_ENV: 'test',
    REDIS_URL: testRedisUrl(),
    REDIS_PREFIX: prefix,
    SIGNALING_PORT: '0',
    LOG_LEVEL: 'silent',
    TOKEN_SECRET: 'test-secret-that-is-long-enough-0123456789',
    // Requests from a point without an advisor signed in, unless a test asks for the production
    // default (advisors.test.ts).
    ADVISOR_SIGN_IN: 'optional',
    ...env,
  });
  const signaling = await createSignaling(config);
  await signaling.app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
  const address = signaling.app.server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  const redis = new Redis(testRedisUrl());
  return {
    signaling,
    baseUrl: `http://127.0.0.1:${address.port}`,
    prefix,
    config,
    redis,
    async close() {
      await signaling.close();
      await redis.quit();
    },
  };
}

export async function post(baseUrl: string, path: string, body: unknown) {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

export const DEMO_PASSWORD = 'etapiste-demo';

export async function login(baseUrl: string, username: string, password = DEMO_PASSWORD): Promise<TokenPair> {
  const response = await post(baseUrl, '/api/auth/login', { username, password });
  if (response.status !== 200) throw new Error(`login ${username} failed: ${JSON.stringify(response.body)}`);
  return response.body as unknown as TokenPair;
}

export async function loginPoint(baseUrl: string, pointId: string): Promise<TokenPair> {
  const response = await post(baseUrl, '/api/auth/point', { pointId, pointKey: `demo-point-key-${pointId}` });
  if (response.status !== 200) throw new Error(`point ${pointId} failed: ${JSON.stringify(response.body)}`);
  return response.body as unknown as TokenPair;
}

/** Connects and resolves once connected; rejects with the server's coded refusal. */
export function connect(baseUrl: string, token: string | undefined): Promise<TestSocket> {
  const socket: TestSocket = io(baseUrl, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    ...(token !== undefined ? { auth: { token } } : {}),
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error: Error & { data?: unknown }) => {
      socket.close();
      reject(Object.assign(new Error(error.message), { data: error.data }));
    });
  });
}

/** Emits with an acknowledgement, untyped on purpose: tests send malformed payloads too. */
export function request(socket: TestSocket, event: string, payload: unknown): Promise<Ack<unknown>> {
  return new Promise((resolve, reject) => {
    (socket.timeout(5000) as unknown as { emit: (...args: unknown[]) => void }).emit(
      event,
      payload,
      (error: Error | null, response: Ack<unknown>) => (error ? reject(error) : resolve(response)),
    );
  });
}

/** Every key under the prefix with its value, to prove a refused command changed nothing. */
export async function snapshot(redis: Redis, prefix: string): Promise<Record<string, unknown>> {
  // Heartbeats move every second on their own, the adapter's stream carries pushes between
  // processes (created by the first one that crosses), and the wallboard's history is sampled on
  // its own clock: none is state a command changes. Nor are BullMQ's keys and the outbox's relay
  // lease: the relay hands records over, and the ledger's worker takes them, on their own time
  // (an earlier test's transaction may move while this one compares); what a command leaves for
  // them is its mark in `tx:outbox` or `demand:pending`, which is compared.
  const keys = (await redis.keys(`${prefix}*`))
    .filter(
      (key) =>
        key !== `${prefix}procs` &&
        key !== `${prefix}socket.io` &&
        !key.startsWith(`${prefix}supervision:history:`) &&
        !key.startsWith(`${prefix}bull:`) &&
        !key.startsWith(`${prefix}outbox:relay:`),
    )
    .sort();
  const entries: [string, unknown][] = [];
  for (const key of keys) {
    const type = await redis.type(key);
    if (type === 'hash') entries.push([key, await redis.hgetall(key)]);
    else if (type === 'string') entries.push([key, await redis.get(key)]);
    else if (type === 'set') entries.push([key, (await redis.smembers(key)).sort()]);
    else if (type === 'zset') entries.push([key, await redis.zrange(key, 0, -1, 'WITHSCORES')]);
    else if (type === 'list') entries.push([key, await redis.lrange(key, 0, -1)]);
    else entries.push([key, type]);
  }
  return Object.fromEntries(entries);
}
