/**
 * Random crashes under traffic (issue 11): two signaling processes on one Redis, 40 specialists
 * and 20 points working through them, and a SIGKILL of one process at a random moment every 2–5 s
 * (CHAOS_KILLS times, 5 by default), each restarted 0–3 s later. The failpoint tests
 * (signaling/test/queue-self-healing.test.ts) kill at each named point; this kills wherever the
 * process happens to be. Clients behave as the apps do: a dropped client comes back to a live
 * process, half of them within the grace period and half after it, reads its work in progress
 * (`work:current`) and carries on from there. Specialists accept nine offers in ten, decline one in
 * twenty and let one in twenty ring out; points keep up to two requests waiting.
 *
 * Then every client leaves, and after the grace periods and limits have run out the run checks
 * what issue 11 promises: no specialist left in any state but offline, no request left waiting,
 * ringing or in a session, every session with its outcome, no connection or deadline left behind,
 * and the ledger holding exactly one transaction for each session (waited for up to 120 s: a batch
 * taken by a worker that was killed is retried once BullMQ finds it stalled).
 *
 * Last line: JSON with `problems` (each invariant broken, named) and the counts; the process exits
 * 1 when there is any problem. Options: CHAOS_SEED (7), CHAOS_KILLS (5), CHAOS_REDIS_KILLS (0: how
 * many times redis-server itself is SIGKILLed, 3–8 s apart, and restarted on its data after
 * 0.5–2 s), CHAOS_SETTLE_MS (9000: how
 * long after the clients leave the checks start; 0 shows what they report while the grace periods
 * still run).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CurrentWork, Offer, Session } from '@etapiste/protocol';
import { Redis } from 'ioredis';
import { io } from 'socket.io-client';
import { postgresBinDir } from '../scripts/postgres-server.mjs';
import { startRedis } from '../scripts/redis-server.mjs';
import { Keys } from '../signaling/src/redis/keys.js';
import {
  BenchDatabase,
  type BenchSocket,
  expertToken,
  pointToken,
  progress as progressFor,
  QUEUES,
  rng,
  type SignalingProcess,
  send,
  startSignaling,
  writeSeed,
} from './support/queue-world.js';

const SEED = Number(process.env.CHAOS_SEED ?? 7);
const KILLS = Number(process.env.CHAOS_KILLS ?? 5);
const REDIS_KILLS = Number(process.env.CHAOS_REDIS_KILLS ?? 0);
const SPECIALISTS = 40;
const POINTS = 20;
const QUEUES_USED = QUEUES.slice(0, 4);
const progress = progressFor('chaos');
const random = rng(SEED);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const skills = Array.from({ length: SPECIALISTS }, (_, i) => [QUEUES_USED[i % QUEUES_USED.length] as Skill]);
type Skill = (typeof QUEUES)[number];
const seed = writeSeed(skills, POINTS);
let redisServer = await startRedis();
const redis = new Redis(redisServer.url);
// (Down while redis-server is killed; it reconnects by itself.)
redis.on('error', () => undefined);
// Each signaling process started adds an exit listener (the bench's children die with it).
process.setMaxListeners(KILLS + 10);
const database = await BenchDatabase.start();
const prefix = 'chaos:';
const keys = new Keys(prefix);
// Short heartbeats, graces and limits, so that the bounds are seconds.
const env: Record<string, string> = {
  ...database.fresh(),
  REDIS_PREFIX: prefix,
  HEARTBEAT_INTERVAL_MS: '200',
  HEARTBEAT_TTL_MS: '1000',
  POINT_GRACE_SECONDS: '2',
  EXPERT_GRACE_SECONDS: '1.5',
  OFFER_TIMEOUT_SECONDS: '2',
  WRAP_UP_LIMIT_SECONDS: '2',
  DEADLINE_LEASE_MS: '1000',
};
const processes: (SignalingProcess | undefined)[] = [
  await startSignaling(redisServer.url, seed, env),
  await startSignaling(redisServer.url, seed, env),
];
const live = () => processes.filter((p): p is SignalingProcess => p !== undefined);

/** What the clients were refused or lost (expected under crashes; printed, not a problem by itself). */
const clientErrors = new Map<string, number>();
const noteError = (what: string) => (error: Error) =>
  clientErrors.set(`${what}: ${error.message}`, (clientErrors.get(`${what}: ${error.message}`) ?? 0) + 1);
const open = new Set<BenchSocket>();
let running = true;

async function connect(url: string, token: string): Promise<BenchSocket> {
  const socket = io(url, { transports: ['websocket'], auth: { token }, forceNew: true, reconnection: false });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket as unknown as BenchSocket));
    socket.once('connect_error', reject);
  });
}

/** A client that comes back to a live process whenever its connection drops, until the traffic stops. */
async function client(token: string, onConnected: (socket: BenchSocket) => Promise<void>): Promise<void> {
  while (running) {
    const targets = live();
    const target = targets[Math.floor(random() * targets.length)];
    let socket: BenchSocket;
    try {
      if (!target) throw new Error('no process up');
      socket = await connect(target.url, token);
    } catch {
      await sleep(200);
      continue;
    }
    open.add(socket);
    const dropped = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
    onConnected(socket).catch(noteError('on connect'));
    await dropped;
    open.delete(socket);
    if (!running) return;
    // Half come back within the grace period, half after it.
    await sleep(random() < 0.5 ? 300 + random() * 800 : 2500 + random() * 2000);
  }
}

async function serve(socket: BenchSocket, sessionId: string): Promise<void> {
  await sleep(random() * 300);
  await send(socket, 'session:end', { sessionId }).catch(noteError('session:end'));
  await sleep(random() * 200);
  await send(socket, 'session:wrap-up', { sessionId, outcome: 'resolved' }).catch(noteError('session:wrap-up'));
}

for (let i = 0; i < SPECIALISTS; i++) {
  const token = await expertToken(i, skills[i] ?? []);
  void client(token, async (socket) => {
    socket.on('offer:incoming', (offer: Offer) => {
      const choice = random();
      if (choice < 0.05) return; // rings out
      if (choice < 0.1) {
        send(socket, 'offer:decline', { offerId: offer.offerId }).catch(noteError('offer:decline'));
        return;
      }
      send<Session>(socket, 'offer:accept', { offerId: offer.offerId })
        .then((session) => serve(socket, session.sessionId))
        .catch(noteError('offer:accept'));
    });
    // Back from a drop: carry on with whatever is in progress, as the console does.
    const work = await send<CurrentWork>(socket, 'work:current', {});
    if (work.session && work.wrapUpDeadline) {
      await send(socket, 'session:wrap-up', { sessionId: work.session.sessionId, outcome: 'resolved' }).catch(
        noteError('session:wrap-up'),
      );
    } else if (work.session) await serve(socket, work.session.sessionId);
    else if (work.offer) await send(socket, 'offer:accept', { offerId: work.offer.offerId }).catch(noteError('accept'));
    await send(socket, 'presence:set', { state: 'available' }).catch(noteError('presence:set'));
  });
}
for (let i = 0; i < POINTS; i++) {
  const token = await pointToken(i);
  void client(token, async (socket) => {
    while (running && socket.connected) {
      const waiting = await send<unknown[]>(socket, 'request:list', {}).catch(() => []);
      if (waiting.length < 2) {
        const queue = QUEUES_USED[Math.floor(random() * QUEUES_USED.length)] as Skill;
        await send(socket, 'request:create', { ...queue, whenUnavailable: 'wait' }).catch(noteError('request:create'));
      }
      await sleep(100 + random() * 400);
    }
  });
}

// Redis killed too (CHAOS_REDIS_KILLS): restarted on its own data (AOF, fsync every second) and
// port, so what can be lost is the documented second (queue.md, Redis restarts).
const redisKills = (async () => {
  for (let r = 0; r < REDIS_KILLS; r++) {
    await sleep(3000 + random() * 5000);
    progress(`kill -9 of redis-server (${r + 1}/${REDIS_KILLS})`);
    await redisServer.stop({ keepData: true, signal: 'SIGKILL' });
    await sleep(500 + random() * 1500);
    redisServer = await startRedis({ port: redisServer.port, dir: redisServer.dir });
  }
})();
for (let k = 0; k < KILLS; k++) {
  await sleep(2000 + random() * 3000);
  const index = Math.floor(random() * processes.length);
  const victim = processes[index];
  if (!victim) continue;
  progress(`kill -9 of process ${index} (${k + 1}/${KILLS})`);
  process.kill(victim.pid, 'SIGKILL');
  processes[index] = undefined;
  await sleep(random() * 3000);
  processes[index] = await startSignaling(redisServer.url, seed, env);
}
await redisKills;
await sleep(3000);
running = false;
progress('traffic stopped; every client leaves');
for (const socket of open) socket.close();
// Grace (2 s) + heartbeat TTL (1 s) + offer and wrap-up limits (2 s each), with room.
await sleep(Number(process.env.CHAOS_SETTLE_MS ?? 9000));

const problems: string[] = [];
async function scan(pattern: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    found.push(...batch);
  } while (cursor !== '0');
  return found;
}
for (let i = 0; i < SPECIALISTS; i++) {
  const state = await redis.hget(keys.presence(`e${i}`), 'state');
  if (state !== null && state !== 'offline') problems.push(`specialist e${i} is ${state} with nobody connected`);
}
const tickets: Record<string, number> = {};
for (const key of await scan(keys.ticket('*'))) {
  if ((await redis.type(key)) !== 'hash') continue;
  const state = (await redis.hget(key, 'state')) ?? '(none)';
  tickets[state] = (tickets[state] ?? 0) + 1;
  if (state === 'waiting' || state === 'offered' || state === 'in-session') problems.push(`${key} is ${state}`);
}
let sessions = 0;
for (const key of await scan(keys.session('*'))) {
  if ((await redis.type(key)) !== 'hash' || (await redis.hexists(key, 'ticketId')) === 0) continue;
  sessions++;
  if (!(await redis.hget(key, 'completedAt'))) problems.push(`${key} has no outcome`);
}
const connections = await scan(`${prefix}conn:*`);
if (connections.length > 0) problems.push(`${connections.length} connection records left`);
const deadlines = await redis.zrange(keys.deadlines(), 0, -1);
if (deadlines.length > 0) problems.push(`deadlines left: ${deadlines.join(', ')}`);

const psqlBeside = join(postgresBinDir(), 'psql');
const inLedger = (): number =>
  env.DATABASE_URL
    ? Number(
        execFileSync(
          existsSync(psqlBeside) ? psqlBeside : 'psql',
          [env.DATABASE_URL, '-tAc', 'SELECT count(*) FROM transactions'],
          {
            encoding: 'utf8',
          },
        ).trim(),
      )
    : Number.NaN;
const ledgerBy = Date.now() + 120_000;
let transactions = inLedger();
while (env.DATABASE_URL && transactions !== sessions && Date.now() < ledgerBy) {
  await sleep(1000);
  transactions = inLedger();
}
if (env.DATABASE_URL && transactions !== sessions) {
  problems.push(`the ledger has ${transactions} transactions for ${sessions} sessions`);
}

for (const problem of problems) progress(`PROBLEM: ${problem}`);
console.log(
  JSON.stringify({
    benchmark: 'chaos',
    seed: SEED,
    kills: KILLS,
    sessions,
    transactions_in_ledger: env.DATABASE_URL ? transactions : null,
    tickets,
    client_errors: Object.fromEntries(clientErrors),
    problems,
  }),
);
for (const p of live()) await p.stop();
await database.stop();
await redis.quit();
await redisServer.stop();
process.exitCode = problems.length > 0 ? 1 : 0;
