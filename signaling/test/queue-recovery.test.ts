/**
 * A signaling process killed with SIGKILL loses nothing: with 200 requests waiting and a session in
 * progress, another process on the same Redis has every request in the same order, the points
 * re-attach, the session is still a session (not re-queued), and matching goes on.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Offer, Principal, TicketView } from '@etapiste/protocol';
import { afterAll, describe, expect, it, jest } from '@jest/globals';
import { Redis } from 'ioredis';
import { freePort } from '../../scripts/redis-server.mjs';
import { TokenService } from '../src/auth/tokens.js';
import { dataOf } from './support/acks.js';
import { connect, request, type TestSocket, testRedisUrl } from './support/harness.js';
import { writeQueueSeed } from './support/queue-seed.js';

jest.setTimeout(90_000);

const SECRET = 'recovery-secret-that-is-long-enough-0123456789';
const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const tokens = new TokenService(SECRET, { accessSeconds: 600, refreshSeconds: 600, pointRefreshSeconds: 600 });
const seed = writeQueueSeed(
  [
    { id: 'k1', skills: [{ agency: 'kela', language: 'fi' }] },
    { id: 'k2', skills: [{ agency: 'kela', language: 'fi' }] },
  ],
  ['p1', 'p2', 'p3', 'p4'],
);
const prefix = `test:${randomUUID().slice(0, 8)}:`;

async function startProcess(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [main], {
    env: {
      ...process.env,
      REDIS_URL: testRedisUrl(),
      REDIS_PREFIX: prefix,
      SEED_FILE: seed,
      TOKEN_SECRET: SECRET,
      SIGNALING_PORT: String(port),
      LOG_LEVEL: 'warn',
      SOCKET_COMMANDS_PER_SECOND: '10000',
      POINT_GRACE_SECONDS: '60',
      ADVISOR_SIGN_IN: 'optional',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`signaling exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) return child;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('signaling did not start');
}

const expert = (id: string): Principal => ({
  id,
  role: 'expert',
  displayName: id,
  capabilities: ['serve'],
  skills: [{ agency: 'kela', language: 'fi' }],
});
const point = (id: string): Principal => ({ id, role: 'point', displayName: id, capabilities: ['visit'], pointId: id });

describe('SIGKILL of a signaling process', () => {
  const children: ChildProcess[] = [];
  const sockets: TestSocket[] = [];
  const redis = new Redis(testRedisUrl());
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    for (const child of children) child.kill('SIGKILL');
    await redis.quit();
  });

  it('keeps 200 waiting requests in order and a session in progress', async () => {
    const portA = await freePort();
    children.push(await startProcess(portA));
    const urlA = `http://127.0.0.1:${portA}`;

    // One session in progress before the kill.
    const k1 = await connect(urlA, (await tokens.issueAccess(expert('k1'))).token);
    sockets.push(k1);
    const firstPoint = await connect(urlA, (await tokens.issueAccess(point('p1'))).token);
    sockets.push(firstPoint);
    const offer = new Promise<Offer>((resolve) => k1.once('offer:incoming', resolve));
    await request(k1, 'presence:set', { state: 'available' });
    await request(firstPoint, 'request:create', { agency: 'kela', language: 'fi' });
    const accepted = await request(k1, 'offer:accept', { offerId: (await offer).offerId });
    expect(accepted.ok).toBe(true);
    const sessionId = dataOf<{ sessionId: string }>(accepted).sessionId;

    // 200 waiting requests from four points.
    const points = await Promise.all(
      ['p1', 'p2', 'p3', 'p4'].map(async (id) => connect(urlA, (await tokens.issueAccess(point(id))).token)),
    );
    sockets.push(...points);
    const created: string[] = [];
    for (let i = 0; i < 200; i++) {
      const response = await request(points[i % 4] as TestSocket, 'request:create', {
        agency: 'kela',
        language: 'fi',
        whenUnavailable: 'wait',
      });
      created.push(dataOf<{ ticket: TicketView }>(response).ticket.ticketId);
    }
    expect(await redis.zrange(`${prefix}queue:kela:fi`, 0, -1)).toEqual(created);

    children[0]?.kill('SIGKILL');
    await new Promise((resolve) => children[0]?.once('exit', resolve));

    const portB = await freePort();
    children.push(await startProcess(portB));
    const urlB = `http://127.0.0.1:${portB}`;
    expect(await redis.zrange(`${prefix}queue:kela:fi`, 0, -1)).toEqual(created);

    // Points re-attach on the other process and find their requests, positions in order.
    const again = await Promise.all(
      ['p1', 'p2', 'p3', 'p4'].map(async (id) => connect(urlB, (await tokens.issueAccess(point(id))).token)),
    );
    sockets.push(...again);
    const lists = await Promise.all(again.map((socket) => request(socket, 'request:list', {})));
    const waiting = lists
      .flatMap((list) => dataOf<TicketView[]>(list))
      .filter((t) => t.state === 'waiting')
      .sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
    expect(waiting.map((t) => t.ticketId)).toEqual(created);
    expect(waiting.map((t) => t.position)).toEqual(created.map((_, i) => i + 1));

    // The session was not re-queued, and its specialist can still end it on the new process.
    expect(await redis.hget(`${prefix}session:${sessionId}`, 'endedAt')).toBeNull();
    const k1Again = await connect(urlB, (await tokens.issueAccess(expert('k1'))).token);
    sockets.push(k1Again);
    expect(await request(k1Again, 'session:end', { sessionId })).toMatchObject({ ok: true });

    // Matching goes on: the first request in the queue is offered next.
    const k2 = await connect(urlB, (await tokens.issueAccess(expert('k2'))).token);
    sockets.push(k2);
    const next = new Promise<Offer>((resolve) => k2.once('offer:incoming', resolve));
    await request(k2, 'presence:set', { state: 'available' });
    expect((await next).ticketId).toBe(created[0]);
  });
});
