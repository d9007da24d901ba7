/**
 * How many waiting points one signaling process holds while pushing their positions.
 *
 * N points (default 20 000) connect to one signaling process (`signaling/dist`, a child process on
 * a private Redis) and each queues one request, spread over the 36 agency × language queues. Then,
 * round after round, the request at the head of every queue is cancelled at once: every other
 * waiting point's position changes, and we time from the cancellation to each point's
 * `ticket:update` carrying its new position. Memory per connection is the growth of the
 * signaling process's resident memory from before the first connection to all points waiting,
 * divided by N (it includes the socket, the Socket.IO session, and the queue's per-ticket state).
 *
 * The clients run in this process, on the same two cores, so the delays include the time this
 * process takes to read 20 000 sockets. Each connection holds a file descriptor in both processes,
 * so the count is capped at the open-files limit (`ulimit -n`) less a margin; raise the limit to go
 * further. Options: BENCH_POINTS (20000), BENCH_ROUNDS (5).
 */
import { execFileSync } from 'node:child_process';
import type { RequestCreateResult, TicketView } from '@etapiste/protocol';
import { startRedis } from '../scripts/redis-server.mjs';
import {
  type BenchSocket,
  connectMany,
  pointToken,
  progress as progressFor,
  QUEUES,
  quantile,
  residentBytes,
  type Skill,
  send,
  startSignaling,
  writeSeed,
} from './support/queue-world.js';

// One connection is one file descriptor on each side: stay under this machine's open-files limit.
const fdLimit =
  Number(execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim()) || Number.POSITIVE_INFINITY;
const WANTED = Number(process.env.BENCH_POINTS ?? 20_000);
const POINTS = Math.min(WANTED, fdLimit - 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const progress = progressFor('sockets');
if (POINTS < WANTED) progress(`open-files limit ${fdLimit}: measuring ${POINTS} connections instead of ${WANTED}`);

const redis = (await startRedis()) as { url: string; stop(): Promise<void> };
const signaling = await startSignaling(redis.url, writeSeed([], POINTS), {
  POINT_GRACE_SECONDS: '600',
  LOG_LEVEL: 'error',
});
await new Promise((resolve) => setTimeout(resolve, 1000));
const rssBefore = residentBytes(signaling.pid);

progress(`connecting ${POINTS} points`);
const tokens = await Promise.all(Array.from({ length: POINTS }, (_, i) => pointToken(i)));
const points = await connectMany(signaling.url, tokens, 250, (n) => {
  if (n % 5000 === 0) progress(`${n} connected`);
});

progress('each point queues one request');
interface Waiting {
  socket: BenchSocket;
  ticketId: string;
  queue: number;
  position: number;
}
const waiting: Waiting[] = [];
for (let i = 0; i < POINTS; i += 500) {
  const batch = await Promise.all(
    points.slice(i, i + 500).map(async (socket, k) => {
      const queue = (i + k) % QUEUES.length;
      const result = await send<RequestCreateResult>(socket, 'request:create', {
        ...(QUEUES[queue] as Skill),
        whenUnavailable: 'wait',
      });
      if (result.status !== 'queued') throw new Error('request was not queued');
      return { socket, ticketId: result.ticket.ticketId, queue, position: result.ticket.position ?? 0 };
    }),
  );
  waiting.push(...batch);
}
// Let the first round of position pushes settle, then measure memory with everyone waiting.
await new Promise((resolve) => setTimeout(resolve, 3000));
if (typeof global.gc === 'function') global.gc();
const rssAfter = residentBytes(signaling.pid);
const perConnection = (rssAfter - rssBefore) / POINTS;
progress(
  `signaling RSS ${(rssBefore / 2 ** 20).toFixed(0)} → ${(rssAfter / 2 ** 20).toFixed(0)} MiB: ${(perConnection / 1024).toFixed(1)} KiB per waiting point`,
);

// Each point expects its position to drop by one per round; record when the update arrives.
const expected = new Map<string, { position: number; resolve: (at: number) => void }>();
for (const w of waiting) {
  w.socket.on('ticket:update', (view: TicketView) => {
    const wanted = expected.get(view.ticketId);
    if (wanted && view.position === wanted.position) {
      expected.delete(view.ticketId);
      wanted.resolve(performance.now());
    }
  });
}

const delays: number[] = [];
let missed = 0;
let alive = waiting.sort((a, b) => a.position - b.position);
for (let round = 1; round <= ROUNDS; round++) {
  const heads = new Set<Waiting>();
  for (let q = 0; q < QUEUES.length; q++) {
    const head = alive.find((w) => w.queue === q);
    if (head) heads.add(head);
  }
  alive = alive.filter((w) => !heads.has(w));
  const arrivals = alive.map(
    (w) =>
      new Promise<number | undefined>((resolve) => {
        w.position -= 1;
        const timer = setTimeout(() => {
          expected.delete(w.ticketId);
          resolve(undefined);
        }, 10_000);
        expected.set(w.ticketId, {
          position: w.position,
          resolve: (at) => {
            clearTimeout(timer);
            resolve(at);
          },
        });
      }),
  );
  const started = performance.now();
  await Promise.all([...heads].map((h) => send(h.socket, 'request:cancel', { ticketId: h.ticketId })));
  for (const at of await Promise.all(arrivals)) {
    if (at === undefined) missed++;
    else delays.push(at - started);
  }
  progress(`round ${round}: ${alive.length} points updated, ${missed} missed so far`);
}

delays.sort((a, b) => a - b);
const withinOneSecond = delays.filter((d) => d <= 1000).length / Math.max(1, delays.length + missed);
for (const socket of points) socket.close();
await signaling.stop();
await redis.stop();

const figures = {
  benchmark: 'sockets',
  connections: POINTS,
  open_files_limit: fdLimit,
  rounds: ROUNDS,
  updates: delays.length,
  missed,
  push_delay_ms_p50: Number(quantile(delays, 0.5).toFixed(1)),
  push_delay_ms_p99: Number(quantile(delays, 0.99).toFixed(1)),
  push_delay_ms_max: Number((delays.at(-1) ?? Number.NaN).toFixed(1)),
  within_1s_pct: Number((withinOneSecond * 100).toFixed(2)),
  rss_mib: Number((rssAfter / 2 ** 20).toFixed(1)),
  kib_per_connection: Number((perConnection / 1024).toFixed(1)),
};
progress(
  `done: p50 ${figures.push_delay_ms_p50} ms, p99 ${figures.push_delay_ms_p99} ms, ${figures.within_1s_pct} % within 1 s`,
);
console.log(JSON.stringify(figures));
