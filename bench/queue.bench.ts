/**
 * The queue under load, against a private Redis and a real signaling process (`signaling/dist`).
 *
 * Phase "drain": 10 000 requests wait over 36 agency × language queues; 1 000 specialists (one to
 * three skills each) go available and cycle offer → accept → end → wrap-up with no handle time, so
 * the queue itself is the bottleneck. Offer latency is measured on the specialist's side, from
 * sending the command that makes them available (presence:set or session:wrap-up) to the
 * `offer:incoming` on its socket. Also measured there: the signaling processes' CPU time per match
 * (`signaling_cpu_ms_per_match`, steadier than the rate on a shared machine), Redis's and this load
 * generator's (`redis_cpu_ms_per_match`, `load_generator_cpu_ms_per_match`: the three share the
 * machine's cores, so together they bound the rate) and the pushes the clients get per match
 * (`pushes_per_match`; the three answers not counted).
 *
 * Phase "half load": an open loop at half the drain's rate (see halfLoad). It prints the CPU each
 * of the three used per request, and with BENCH_TIMELINE=1 the offer latency of each second.
 *
 * Phase "estimate": a steady day in fast motion. Specialists hold each session for a random handle
 * time (per-agency mean, exponential-ish), requests arrive at ~90 % of each queue's capacity, and
 * every answered request's estimate at enqueue is compared with its real wait.
 *
 * Also runs redis-benchmark against the same Redis, for scale. Options: BENCH_REQUESTS (10000),
 * BENCH_SPECIALISTS (1000), BENCH_ESTIMATE_SECONDS (60), BENCH_HALF_LOAD_SECONDS (20),
 * BENCH_PROCESSES (1): signaling processes behind the adapter in the drain and the open loop, the
 * clients spread over them round-robin (only the first runs the ledger, as a deployment would run
 * it once), BENCH_LEDGER_DATABASE (postgres when installed, else embedded: see BenchDatabase),
 * BENCH_REDIS_ARGS (more redis-server arguments, space-separated: `--appendonly no` measures
 * without the AOF the default server writes, as a deployment does).
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Offer, RequestCreateResult, Session } from '@etapiste/protocol';
import { Redis } from 'ioredis';
import { startRedis } from '../scripts/redis-server.mjs';
import {
  AGENCIES,
  BenchDatabase,
  type BenchSocket,
  connectMany,
  expertToken,
  pointToken,
  progress as progressFor,
  QUEUES,
  quantile,
  rng,
  type Skill,
  send,
  specialistSkills,
  startSignaling,
  writeSeed,
} from './support/queue-world.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 10_000);
const SPECIALISTS = Number(process.env.BENCH_SPECIALISTS ?? 1_000);
const ESTIMATE_SECONDS = Number(process.env.BENCH_ESTIMATE_SECONDS ?? 60);
const POINTS = 200;
const HALF_LOAD_SECONDS = Number(process.env.BENCH_HALF_LOAD_SECONDS ?? 20);
const PROCESSES = Math.max(1, Number(process.env.BENCH_PROCESSES ?? 1));
/** Retention of ended records in the estimate phase (fast motion: seconds stand for a day). */
const RETENTION_SECONDS = 3;
const progress = progressFor('queue');

const redis = (await startRedis({ args: (process.env.BENCH_REDIS_ARGS ?? '').split(' ').filter(Boolean) })) as {
  url: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
};
const port = Number(new URL(redis.url).port);
const random = rng(2026);
const skills = specialistSkills(SPECIALISTS, random);
const seedFile = writeSeed(skills, POINTS);

// ── redis-benchmark on the same server, before the load, for scale ──────────────────────────
progress('redis-benchmark (GET/SET, 50 clients, pipeline 1)');
const csv = execFileSync('redis-benchmark', ['-p', String(port), '-t', 'set,get', '-n', '200000', '-q', '--csv'], {
  encoding: 'utf8',
});
const rps = [...csv.matchAll(/^"(SET|GET)","([\d.]+)"/gm)].map((m) => Number(m[2]));
const redisOpsPerSecond = Math.round(rps.reduce((a, b) => a + b, 0) / Math.max(1, rps.length));
const admin = new Redis(redis.url);
await admin.flushall();
const database = await BenchDatabase.start();
progress(`ledger database: ${database.kind}`);

async function commandsProcessed(): Promise<number> {
  const info = await admin.info('stats');
  return Number(/total_commands_processed:(\d+)/.exec(info)?.[1] ?? 0);
}

/** Redis commands by name (calls and time), to say where the queue's Redis commands and time go. */
async function commandStats(): Promise<Map<string, { calls: number; usec: number }>> {
  const info = await admin.info('commandstats');
  return new Map(
    [...info.matchAll(/^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/gm)].map((m) => [
      m[1] as string,
      { calls: Number(m[2]), usec: Number(m[3]) },
    ]),
  );
}

/**
 * CPU time (user + system, ms) the processes have used so far, from /proc (Linux's clock ticks are
 * 1/100 s): per match it is steadier than the rate, which moves with whatever else the machine runs.
 */
function cpuMs(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    // Fields after the command's parenthesis: state is the 3rd field, utime the 14th, stime the 15th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks * 10;
}

/** CPU (ms) used by the signaling processes, Redis and this load generator since the meter started. */
function cpuMeter(signalingPids: number[]): () => { signaling: number; redis: number; client: number } {
  const signaling = cpuMs(signalingPids);
  const redisAt = cpuMs([redis.pid]);
  const client = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(client);
    return {
      signaling: cpuMs(signalingPids) - signaling,
      redis: cpuMs([redis.pid]) - redisAt,
      client: (used.user + used.system) / 1000,
    };
  };
}

/** BENCH_PROCESSES signaling processes on one Redis prefix; only the first runs the ledger. */
async function startCluster(
  env: Record<string, string>,
): Promise<{ urls: string[]; pids: number[]; prefix: string; stop(): Promise<void> }> {
  const shared = { ...env, ...database.fresh(), REDIS_PREFIX: `bench:${randomUUID().slice(0, 8)}:` };
  const first = await startSignaling(redis.url, seedFile, shared);
  const rest = await Promise.all(
    Array.from({ length: PROCESSES - 1 }, () =>
      startSignaling(redis.url, seedFile, { ...shared, LEDGER_ENABLED: 'false' }),
    ),
  );
  const all = [first, ...rest];
  return {
    urls: all.map((p) => p.url),
    pids: all.map((p) => p.pid),
    prefix: shared.REDIS_PREFIX,
    stop: async () => {
      await Promise.all(all.map((p) => p.stop()));
    },
  };
}

/** Connects each token to the processes in turn; the sockets come back in the tokens' order. */
async function connectSpread(urls: string[], tokens: string[]): Promise<BenchSocket[]> {
  const groups = await Promise.all(
    urls.map((url, u) =>
      connectMany(
        url,
        tokens.filter((_, i) => i % urls.length === u),
      ),
    ),
  );
  return tokens.map((_, i) => groups[i % urls.length]?.[Math.floor(i / urls.length)] as BenchSocket);
}

function reportFailures(failures: string[]): void {
  const byMessage = new Map<string, number>();
  for (const message of failures) byMessage.set(message, (byMessage.get(message) ?? 0) + 1);
  for (const [message, count] of byMessage) progress(`${count} × ${message}`);
}

// ── phase 1: drain ─────────────────────────────────────────────────────────────────────────────
async function drain() {
  const signaling = await startCluster({
    OFFER_TIMEOUT_SECONDS: '60',
    POINT_GRACE_SECONDS: '600',
  });
  progress(`connecting ${POINTS} points and ${SPECIALISTS} specialists to ${PROCESSES} signaling process(es)`);
  const points = await connectSpread(
    signaling.urls,
    await Promise.all(Array.from({ length: POINTS }, (_, i) => pointToken(i))),
  );
  const experts = await connectSpread(signaling.urls, await Promise.all(skills.map((s, i) => expertToken(i, s))));

  progress(`queueing ${REQUESTS} requests over ${QUEUES.length} queues`);
  for (let i = 0; i < REQUESTS; i += 500) {
    await Promise.all(
      Array.from({ length: Math.min(500, REQUESTS - i) }, (_, k) => {
        const n = i + k;
        const queue = QUEUES[n % QUEUES.length] as Skill;
        return send(points[n % POINTS] as BenchSocket, 'request:create', { ...queue, whenUnavailable: 'wait' });
      }),
    );
  }

  const latencies: number[] = [];
  const availableSince = new Map<number, number>();
  let served = 0;
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    resolveDone = resolve;
  });
  const failures: string[] = [];
  experts.forEach((socket, index) => {
    socket.on('offer:incoming', (offer: Offer) => {
      const since = availableSince.get(index);
      if (since !== undefined) latencies.push(performance.now() - since);
      availableSince.delete(index);
      void (async () => {
        const session = await send<Session>(socket, 'offer:accept', { offerId: offer.offerId });
        await send(socket, 'session:end', { sessionId: session.sessionId });
        availableSince.set(index, performance.now());
        await send(socket, 'session:wrap-up', { sessionId: session.sessionId, outcome: 'resolved' });
        if (++served === REQUESTS) resolveDone();
      })().catch((error: Error) => failures.push(error.message));
    });
  });

  // Every push the clients get during the drain (answers not counted: three commands per match).
  let pushes = 0;
  for (const socket of [...points, ...experts]) socket.onAny(() => pushes++);
  progress('specialists go available');
  const cpuUsed = cpuMeter(signaling.pids);
  const commandsBefore = await commandsProcessed();
  const statsBefore = await commandStats();
  const started = performance.now();
  await Promise.all(
    experts.map((socket, index) => {
      availableSince.set(index, performance.now());
      return send(socket, 'presence:set', { state: 'available' });
    }),
  );
  const ticker = setInterval(() => progress(`served ${served}/${REQUESTS}`), 2000);
  await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 600_000))]);
  clearInterval(ticker);
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuUsed();
  const pushesDuringDrain = pushes;
  const commands = (await commandsProcessed()) - commandsBefore;
  // The ledger's share: each transaction's hand-over (outbox → BullMQ) and its consumption (the
  // ledger's worker) run beside the queue and may end after the last match; counted until the
  // ledger has every transaction.
  const ledgerSince = performance.now();
  await ledgerCaughtUp(signaling.prefix);
  const ledgerCatchUpSeconds = (performance.now() - ledgerSince) / 1000;
  const commandsWithLedger = (await commandsProcessed()) - commandsBefore;
  const statsAfter = await commandStats();
  const top = [...statsAfter.entries()]
    .map(([name, s]) => ({
      name,
      calls: s.calls - (statsBefore.get(name)?.calls ?? 0),
      usec: s.usec - (statsBefore.get(name)?.usec ?? 0),
    }))
    .filter((c) => c.calls > 0)
    .sort((a, b) => b.calls - a.calls);
  progress(
    `Redis commands by name: ${top.map((c) => `${c.name} ${(c.calls / Math.max(1, served)).toFixed(1)}/match ${(c.usec / 1000).toFixed(0)} ms`).join(', ')}`,
  );
  reportFailures(failures);

  for (const socket of [...points, ...experts]) socket.close();
  await signaling.stop();
  latencies.sort((a, b) => a - b);
  return {
    served,
    seconds,
    matchesPerSecond: served / seconds,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    redisCommandsPerMatch: commands / Math.max(1, served),
    redisCommandsPerMatchWithLedger: commandsWithLedger / Math.max(1, served),
    signalingCpuMsPerMatch: cpu.signaling / Math.max(1, served),
    redisCpuMsPerMatch: cpu.redis / Math.max(1, served),
    clientCpuMsPerMatch: cpu.client / Math.max(1, served),
    pushesPerMatch: pushesDuringDrain / Math.max(1, served),
    ledgerCatchUpSeconds,
    failures: failures.length,
  };
}

/** Waits until no transaction waits for the ledger: none pending in the outbox, no job left to run. */
async function ledgerCaughtUp(prefix: string): Promise<void> {
  const bull = `${prefix}bull:transactions:`;
  const deadline = performance.now() + 300_000;
  while (performance.now() < deadline) {
    const [pending, waiting, active, delayed] = await Promise.all([
      admin.hlen(`${prefix}tx:outbox`),
      admin.llen(`${bull}wait`),
      admin.llen(`${bull}active`),
      admin.zcard(`${bull}delayed`),
    ]);
    if (pending + waiting + active + delayed === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the ledger did not catch up within 5 minutes');
}

/** Redis's used memory (bytes) and key count, after retention has had a moment to act. */
async function redisMemory(): Promise<{ bytes: number; keys: number; kinds: Record<string, number> }> {
  const info = await admin.info('memory');
  // Keys by kind (ids replaced), to say what grows if anything does.
  const kinds: Record<string, number> = {};
  let cursor = '0';
  do {
    const [next, keys] = await admin.scan(cursor, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) {
      const kind = key
        .split(':')
        .slice(2, 4)
        .join(':')
        .replace(/[A-Za-z0-9_-]{12,}/g, '*')
        .replace(/\d+/g, '#');
      kinds[kind] = (kinds[kind] ?? 0) + 1;
    }
  } while (cursor !== '0');
  return { bytes: Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0), keys: await admin.dbsize(), kinds };
}

// ── phase 1b: open loop at half the saturation rate ─────────────────────────────────────────
/**
 * Requests arrive at a fixed rate, and specialists' wrap-ups come back at the same fixed rate (an
 * open loop: nothing waits for the system to keep up), at half the rate the drain reached. With
 * specialists free, a request is offered at once; its offer latency is from sending
 * `request:create` to `offer:incoming` at the specialist (each request's note names it), counted
 * for requests sent while a specialist with the skill was free (the others wait in line).
 */
async function halfLoad(rate: number) {
  await admin.flushall();
  const signaling = await startCluster({
    OFFER_TIMEOUT_SECONDS: '60',
    POINT_GRACE_SECONDS: '600',
  });
  const count = Math.min(SPECIALISTS, 400);
  const team = skills.slice(0, count);
  const points = await connectSpread(
    signaling.urls,
    await Promise.all(Array.from({ length: POINTS }, (_, i) => pointToken(i))),
  );
  const experts = await connectSpread(signaling.urls, await Promise.all(team.map((s, i) => expertToken(i, s))));
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const timeline: [number, number][] = [];
  const toWrapUp: { index: number; socket: BenchSocket; sessionId: string }[] = [];
  const failures: string[] = [];
  // Who is free, as the clients see it: a request sent while a free specialist has its skill is
  // offered at once by the queue, so its latency is the system's, not a wait in line. Each such
  // request holds one free specialist of its skill until its offer arrives (two requests sent
  // together for one free specialist: the second waits in line, and is not counted); a specialist
  // whose wrap-up brought the next offer straight away is not free when its answer comes.
  const free = new Set(experts.map((_, i) => i));
  const busy = new Set<number>();
  const offersTo = new Map<number, number>();
  const heldFor = new Map<string, number>();
  const holding = new Map<number, string>();
  const offerable = new Set<string>();
  const skilled = (i: number, queue: Skill) =>
    team[i]?.some((k) => k.agency === queue.agency && k.language === queue.language) ?? false;
  const queueOf = new Map<string, Skill>();
  /** Holds a free specialist of the request's skill for it; false when none is free. */
  const hold = (note: string): boolean => {
    const queue = queueOf.get(note) as Skill;
    const i = [...free].find((candidate) => skilled(candidate, queue));
    if (i === undefined) return false;
    free.delete(i);
    heldFor.set(note, i);
    holding.set(i, note);
    return true;
  };
  const release = (i: number) => {
    holding.delete(i);
    if (!busy.has(i)) free.add(i);
  };
  experts.forEach((socket, index) => {
    socket.on('offer:incoming', (offer: Offer) => {
      busy.add(index);
      free.delete(index);
      offersTo.set(index, (offersTo.get(index) ?? 0) + 1);
      const note = offer.note;
      const at = note && offerable.has(note) ? sentAt.get(note) : undefined;
      if (at !== undefined) {
        latencies.push(performance.now() - at);
        timeline.push([at - started, performance.now() - at]);
      }
      if (note) {
        offerable.delete(note);
        const held = heldFor.get(note);
        heldFor.delete(note);
        if (held !== undefined && held !== index) release(held);
        if (held === index) holding.delete(index);
      }
      // This specialist was held for another request: that one needs another free specialist, or
      // it waits in line and is not counted.
      const other = holding.get(index);
      if (other !== undefined && other !== note) {
        holding.delete(index);
        heldFor.delete(other);
        if (!hold(other)) offerable.delete(other);
      }
      void (async () => {
        const session = await send<Session>(socket, 'offer:accept', { offerId: offer.offerId });
        await send(socket, 'session:end', { sessionId: session.sessionId });
        toWrapUp.push({ index, socket, sessionId: session.sessionId });
      })().catch((error: Error) => failures.push(error.message));
    });
  });
  await Promise.all(experts.map((socket) => send(socket, 'presence:set', { state: 'available' })));
  // Only queues some specialist serves, so that every request can be offered.
  const served = QUEUES.filter((q) =>
    team.some((s) => s.some((k) => k.agency === q.agency && k.language === q.language)),
  );
  const interval = 1000 / Math.max(1, rate);
  const cpuUsed = cpuMeter(signaling.pids);
  progress(`half load: ${rate.toFixed(0)} requests/s`);
  const started = performance.now();
  let n = 0;
  const pending: Promise<unknown>[] = [];
  while (performance.now() - started < HALF_LOAD_SECONDS * 1000) {
    const due = Math.floor((performance.now() - started) / interval);
    while (n <= due) {
      const queue = served[n % served.length] as Skill;
      const note = `bench-${n}`;
      sentAt.set(note, performance.now());
      queueOf.set(note, queue);
      if (hold(note)) offerable.add(note);
      pending.push(
        send(points[n % POINTS] as BenchSocket, 'request:create', { ...queue, note, whenUnavailable: 'wait' }).catch(
          (error: Error) => failures.push(error.message),
        ),
      );
      // Wrap-ups at the same fixed rate, oldest first.
      const next = toWrapUp.shift();
      if (next) {
        const offersBefore = offersTo.get(next.index) ?? 0;
        pending.push(
          send(next.socket, 'session:wrap-up', { sessionId: next.sessionId, outcome: 'resolved' })
            .then(() => {
              // Free unless the wrap-up went straight to the next offer.
              if ((offersTo.get(next.index) ?? 0) !== offersBefore) return;
              busy.delete(next.index);
              if (!holding.has(next.index)) free.add(next.index);
            })
            .catch((error: Error) => failures.push(error.message)),
        );
      }
      n++;
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(1, interval / 2)));
  }
  await Promise.all(pending);
  const cpu = cpuUsed();
  const perRequest = (ms: number) => (ms / Math.max(1, n)).toFixed(3);
  progress(
    `half load CPU per request: signaling ${perRequest(cpu.signaling)} ms, Redis ${perRequest(cpu.redis)} ms, load generator ${perRequest(cpu.client)} ms`,
  );
  reportFailures(failures);
  for (const socket of [...points, ...experts]) socket.close();
  await signaling.stop();
  if (process.env.BENCH_TIMELINE) {
    for (let s = 0; s < HALF_LOAD_SECONDS; s++) {
      const w = timeline
        .filter(([t]) => t >= s * 1000 && t < (s + 1) * 1000)
        .map(([, l]) => l)
        .sort((a, b) => a - b);
      progress(
        `  second ${s}: ${w.length} p50 ${quantile(w, 0.5).toFixed(1)} p99 ${quantile(w, 0.99).toFixed(1)} max ${(w.at(-1) ?? 0).toFixed(1)}`,
      );
    }
  }
  latencies.sort((a, b) => a - b);
  return { rate, samples: latencies.length, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99) };
}

// ── phase 2: the estimate against real waits ──────────────────────────────────────────────────
async function estimate() {
  await admin.flushall();
  const signaling = await startSignaling(redis.url, seedFile, {
    ...database.fresh(),
    OFFER_TIMEOUT_SECONDS: '60',
    POINT_GRACE_SECONDS: '600',
    DEFAULT_HANDLE_SECONDS: '3',
    // Time in fast motion: a day's retention becomes a few seconds, so the phase's minute of
    // traffic stands for many days of it, and Redis memory must not grow with them.
    QUEUE_RETENTION_HOURS: String(RETENTION_SECONDS / 3600),
  });
  const count = Math.min(SPECIALISTS, 300);
  const team = skills.slice(0, count);
  const meanHandleMs = new Map(AGENCIES.map((agency, i) => [agency, 1500 + (i % 4) * 500]));
  // Capacity of each queue: a specialist's time is split evenly over their skills.
  const capacity = new Map<string, number>();
  for (const s of team)
    for (const q of s) {
      const key = `${q.agency}:${q.language}`;
      capacity.set(key, (capacity.get(key) ?? 0) + 1000 / (meanHandleMs.get(q.agency) ?? 2000) / s.length);
    }
  const points = await connectMany(
    signaling.url,
    await Promise.all(Array.from({ length: POINTS }, (_, i) => pointToken(i))),
  );
  const experts = await connectMany(signaling.url, await Promise.all(team.map((s, i) => expertToken(i, s))));
  const handle = (agency: string) => {
    const mean = meanHandleMs.get(agency) ?? 2000;
    return mean * (0.4 + 1.2 * random());
  };
  const predicted = new Map<string, { eta: number; at: number }>();
  const errors: { predicted: number; actual: number }[] = [];
  const failures: string[] = [];
  let stopping = false;
  for (const socket of experts) {
    socket.on('offer:incoming', (offer: Offer) => {
      void (async () => {
        const session = await send<Session>(socket, 'offer:accept', { offerId: offer.offerId });
        const p = predicted.get(offer.ticketId);
        if (p) errors.push({ predicted: p.eta, actual: (performance.now() - p.at) / 1000 });
        await new Promise((resolve) => setTimeout(resolve, handle(offer.agency)));
        await send(socket, 'session:end', { sessionId: session.sessionId });
        if (!stopping) await send(socket, 'session:wrap-up', { sessionId: session.sessionId, outcome: 'resolved' });
      })().catch((error: Error) => failures.push(error.message));
    });
  }
  await Promise.all(experts.map((socket) => send(socket, 'presence:set', { state: 'available' })));

  const arrivals: Promise<void>[] = [];
  const arrive = (agency: string, language: string, point: BenchSocket) => {
    const at = performance.now();
    arrivals.push(
      send<RequestCreateResult>(point, 'request:create', { agency, language })
        .then((result) => {
          if (result.status === 'queued' && result.ticket.etaSeconds !== undefined)
            predicted.set(result.ticket.ticketId, { eta: result.ticket.etaSeconds, at });
        })
        .catch((error: Error) => {
          failures.push(error.message);
        }),
    );
  };
  // A morning backlog of about 15 s of work per queue, then arrivals at 90 % of capacity: waits
  // of several seconds that drain slowly, as when a point opens its doors.
  progress(`backlog of ~15 s per queue, then arrivals at ~90 % of capacity for ${ESTIMATE_SECONDS} s`);
  let n = 0;
  for (const [queue, rate] of capacity) {
    const [agency, language] = queue.split(':') as [string, string];
    for (let k = 0; k < Math.round(rate * 15); k++) arrive(agency, language, points[n++ % POINTS] as BenchSocket);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  // Memory a quarter into the steady traffic (retention has acted several times by then), then
  // again at its end: flat means ended records leave as fast as new ones come.
  const until = performance.now() + ESTIMATE_SECONDS * 1000;
  const sampleAt = performance.now() + (ESTIMATE_SECONDS * 1000) / 4;
  let memoryStart: Awaited<ReturnType<typeof redisMemory>> | undefined;
  const queues = [...capacity.entries()];
  const totalRate = queues.reduce((sum, [, c]) => sum + c, 0) * 0.9;
  while (performance.now() < until) {
    if (!memoryStart && performance.now() >= sampleAt) memoryStart = await redisMemory();
    await new Promise((resolve) => setTimeout(resolve, -Math.log(1 - random()) * (1000 / totalRate)));
    // Pick a queue in proportion to its capacity.
    let pick = random() * totalRate;
    let chosen = queues[0] as [string, number];
    for (const entry of queues) {
      pick -= entry[1] * 0.9;
      if (pick <= 0) {
        chosen = entry;
        break;
      }
    }
    const [agency, language] = chosen[0].split(':') as [string, string];
    arrive(agency, language, points[n++ % POINTS] as BenchSocket);
  }
  await Promise.all(arrivals);
  const memoryEnd = await redisMemory();
  const grown = Object.entries(memoryEnd.kinds)
    .map(([kind, n]) => [kind, n - (memoryStart?.kinds[kind] ?? 0)] as const)
    .filter(([, d]) => d !== 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8);
  progress(`keys that changed in number: ${grown.map(([k, d]) => `${k} ${d > 0 ? '+' : ''}${d}`).join(', ')}`);
  stopping = true;
  reportFailures(failures);
  for (const socket of [...points, ...experts]) socket.close();
  await signaling.stop();

  // Percentage error only means something for real waits; short waits are judged in seconds.
  const waited = errors.filter((e) => e.actual >= 5);
  const pct = waited.map((e) => (Math.abs(e.predicted - e.actual) / e.actual) * 100).sort((a, b) => a - b);
  const abs = errors.map((e) => Math.abs(e.predicted - e.actual)).sort((a, b) => a - b);
  const bias = waited.map((e) => e.predicted - e.actual).sort((a, b) => a - b);
  return {
    answered: errors.length,
    waitedAtLeast5s: waited.length,
    medianPct: quantile(pct, 0.5),
    medianAbsSeconds: quantile(abs, 0.5),
    medianBiasSeconds: quantile(bias, 0.5),
    memoryStart: memoryStart ?? memoryEnd,
    memoryEnd,
    medianWait: quantile(
      errors.map((e) => e.actual).sort((a, b) => a - b),
      0.5,
    ),
  };
}

const d = await drain();
progress(
  `drain: ${d.served} served in ${d.seconds.toFixed(1)} s = ${d.matchesPerSecond.toFixed(0)} matches/s; ` +
    `offer latency p50 ${d.p50.toFixed(1)} ms, p99 ${d.p99.toFixed(1)} ms; ${d.redisCommandsPerMatch.toFixed(1)} Redis commands per match ` +
    `(${d.redisCommandsPerMatchWithLedger.toFixed(1)} with the ledger's hand-over and consumption, ` +
    `which had every transaction ${d.ledgerCatchUpSeconds.toFixed(1)} s after the last match)`,
);
const h = await halfLoad(d.matchesPerSecond / 2);
progress(
  `half load: ${h.rate.toFixed(0)} requests/s for ${HALF_LOAD_SECONDS} s, ${h.samples} offers; ` +
    `offer latency p50 ${h.p50.toFixed(1)} ms, p99 ${h.p99.toFixed(1)} ms`,
);
const e = await estimate();
progress(
  `estimate: ${e.answered} answered (median wait ${e.medianWait.toFixed(1)} s); median error ${e.medianPct.toFixed(1)} % ` +
    `(Redis ${(e.memoryStart.bytes / 1048576).toFixed(1)} → ${(e.memoryEnd.bytes / 1048576).toFixed(1)} MiB, ${e.memoryStart.keys} → ${e.memoryEnd.keys} keys) ` +
    `for waits ≥ 5 s (${e.waitedAtLeast5s}), median |error| ${e.medianAbsSeconds.toFixed(1)} s, median bias ${e.medianBiasSeconds.toFixed(1)} s`,
);
await admin.quit();
await redis.stop();
await database.stop();

const round = (x: number, digits = 1) => Number(x.toFixed(digits));
console.log(
  JSON.stringify({
    benchmark: 'queue',
    signaling_processes: PROCESSES,
    ledger_database: database.kind,
    requests: REQUESTS,
    specialists: SPECIALISTS,
    queues: QUEUES.length,
    served: d.served,
    drain_seconds: round(d.seconds, 2),
    offer_latency_ms_p50: round(d.p50, 2),
    offer_latency_ms_p99: round(d.p99, 2),
    half_load_requests_per_s: Math.round(h.rate),
    offer_latency_ms_p50_half_load: round(h.p50, 2),
    offer_latency_ms_p99_half_load: round(h.p99, 2),
    matches_per_s: Math.round(d.matchesPerSecond),
    redis_commands_per_match: round(d.redisCommandsPerMatch),
    redis_commands_per_match_with_ledger: round(d.redisCommandsPerMatchWithLedger),
    signaling_cpu_ms_per_match: round(d.signalingCpuMsPerMatch, 3),
    redis_cpu_ms_per_match: round(d.redisCpuMsPerMatch, 3),
    load_generator_cpu_ms_per_match: round(d.clientCpuMsPerMatch, 3),
    pushes_per_match: round(d.pushesPerMatch, 2),
    ledger_catch_up_s: round(d.ledgerCatchUpSeconds),
    eta_error_median_pct: round(e.medianPct),
    eta_abs_error_median_s: round(e.medianAbsSeconds),
    eta_bias_median_s: round(e.medianBiasSeconds),
    eta_samples: e.waitedAtLeast5s,
    redis_memory_mb_start: round(e.memoryStart.bytes / 1048576, 2),
    redis_memory_mb_end: round(e.memoryEnd.bytes / 1048576, 2),
    redis_keys_start: e.memoryStart.keys,
    redis_keys_end: e.memoryEnd.keys,
    redis_ops_per_s: redisOpsPerSecond,
    failures: d.failures,
  }),
);
