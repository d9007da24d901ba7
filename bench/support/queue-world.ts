/**
 * A world for the queue benchmarks: a seed with 12 agencies × 3 languages open around the clock,
 * many points and specialists, a private Redis and real signaling processes (`signaling/dist`,
 * built first) on it, and Socket.IO clients with tokens signed by the same secret.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type Ack,
  type ClientToServerEvents,
  LANGUAGES,
  type Language,
  type Principal,
  type ServerToClientEvents,
} from '@etapiste/protocol';
import { io, type Socket } from 'socket.io-client';
import { stringify } from 'yaml';
import { postgresBinDir, type RunningPostgres, startPostgres } from '../../scripts/postgres-server.mjs';
import { freePort } from '../../scripts/redis-server.mjs';
import { TokenService } from '../../signaling/src/auth/tokens.js';

export type BenchSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface Skill {
  agency: string;
  language: Language;
}

const SECRET = 'bench-secret-that-is-long-enough-0123456789';
const L = (text: string) => ({ fi: text, sv: text, en: text });
const ALWAYS = Object.fromEntries(
  ['1', '2', '3', '4', '5', '6', '7'].map((d) => [d, { opens: '00:00', closes: '24:00' }]),
);

export const AGENCIES = Array.from({ length: 12 }, (_, i) => `agency${i + 1}`);
export const QUEUES: Skill[] = AGENCIES.flatMap((agency) => LANGUAGES.map((language) => ({ agency, language })));

/** Deterministic pseudo-random numbers, so two runs see the same world (the tests' generator). */
export { seededRandom as rng } from '../../signaling/test/support/seeded-random.js';

/** Each specialist serves one to three queues, as multi-skilled staff do. */
export function specialistSkills(count: number, random: () => number): Skill[][] {
  return Array.from({ length: count }, (_, i) => {
    const skills = new Map<string, Skill>();
    const first = QUEUES[i % QUEUES.length] as Skill;
    skills.set(`${first.agency}:${first.language}`, first);
    const extra = Math.floor(random() * 3);
    for (let k = 0; k < extra; k++) {
      const q = QUEUES[Math.floor(random() * QUEUES.length)] as Skill;
      skills.set(`${q.agency}:${q.language}`, q);
    }
    return [...skills.values()];
  });
}

export function writeSeed(experts: Skill[][], points: number): string {
  const outcomes = [{ id: 'resolved', name: L('Resolved') }];
  const seed = {
    agencies: AGENCIES.map((id) => ({
      id,
      name: L(id),
      languages: [...LANGUAGES],
      topics: [],
      outcomes,
      serviceLevelTargetSeconds: 120,
      openingHours: ALWAYS,
      publicHolidays: 'open',
    })),
    points: Array.from({ length: points }, (_, i) => ({
      id: `p${i}`,
      name: L(`p${i}`),
      municipality: L(`m${i % 20}`),
      keyHash: '$argon2id$unused',
    })),
    users: experts.map((skills, i) => ({
      id: `e${i}`,
      username: `e${i}`,
      displayName: `e${i}`,
      role: 'expert',
      passwordHash: '$argon2id$unused',
      skills,
    })),
  };
  const file = join(mkdtempSync(join(tmpdir(), 'etapiste-bench-seed-')), 'seed.yaml');
  writeFileSync(file, stringify(seed));
  return file;
}

const main = fileURLToPath(new URL('../../signaling/dist/main.js', import.meta.url));

export interface SignalingProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export async function startSignaling(
  redisUrl: string,
  seedFile: string,
  env: Record<string, string> = {},
): Promise<SignalingProcess> {
  const port = (await freePort()) as number;
  const nodeArgs = (process.env.BENCH_SIGNALING_NODE_ARGS ?? '').split(' ').filter(Boolean);
  // A database of its own (the embedded one holds the directory, seeded when empty): one shared
  // with an earlier run kept that run's specialists and refused the others.
  const dataDir = mkdtempSync(join(tmpdir(), 'etapiste-bench-db-'));
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, main], {
    env: {
      ...process.env,
      LEDGER_DATA_DIR: dataDir,
      REDIS_URL: redisUrl,
      REDIS_PREFIX: `bench:${randomUUID().slice(0, 8)}:`,
      SEED_FILE: seedFile,
      TOKEN_SECRET: SECRET,
      // The bench measures the queue: its points start requests without an advisor's sign-in.
      ADVISOR_SIGN_IN: 'optional',
      SIGNALING_PORT: String(port),
      LOG_LEVEL: 'warn',
      SOCKET_COMMANDS_PER_SECOND: '100000',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  // A benchmark that dies must not leave its server behind.
  process.once('exit', () => child.kill('SIGKILL'));
  const url = `http://127.0.0.1:${port}`;
  // A fresh database is seeded at the start: 19 000 points (bench sockets) take a while.
  const deadline = Date.now() + 300_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`signaling exited with ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error('signaling did not start');
    try {
      if ((await fetch(`${url}/readyz`)).ok) break;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    pid: child.pid as number,
    stop: async () => {
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Where the benchmarked processes keep the ledger (and the directory). `postgres` (the default when
 * PostgreSQL's programs are installed): a private PostgreSQL server, as a deployment runs it
 * (DATABASE_URL), each group of processes on a database of its own. `embedded`: each process's own
 * PGlite (the local default with no configuration), whose WASM runs on the signaling process's
 * event loop, so that its writes delay the queue's replies behind them (a fifth of that process's
 * time at half load while the ledger wrote one row per statement). BENCH_LEDGER_DATABASE chooses.
 */
export class BenchDatabase {
  #count = 0;
  private constructor(private readonly server: RunningPostgres | undefined) {}

  static async start(): Promise<BenchDatabase> {
    const wanted = process.env.BENCH_LEDGER_DATABASE ?? (hasPostgres() ? 'postgres' : 'embedded');
    if (wanted !== 'postgres' && wanted !== 'embedded')
      throw new Error(`BENCH_LEDGER_DATABASE is postgres or embedded, not ${wanted}`);
    const server = wanted === 'postgres' ? await startPostgres() : undefined;
    // A benchmark that dies must not leave its database server behind.
    if (server) process.once('exit', () => server.child.kill('SIGKILL'));
    return new BenchDatabase(server);
  }

  get kind(): 'postgres' | 'embedded' {
    return this.server ? 'postgres' : 'embedded';
  }

  /** The environment of a new group of processes: a new, empty database (none for embedded). */
  fresh(): Record<string, string> {
    if (!this.server) return {};
    const name = `bench_${++this.#count}`;
    const beside = join(postgresBinDir(), 'psql');
    execFileSync(
      existsSync(beside) ? beside : 'psql',
      ['-h', '127.0.0.1', '-p', String(this.server.port), '-U', 'postgres', '-qc', `CREATE DATABASE ${name}`],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    return { DATABASE_URL: `postgres://postgres@127.0.0.1:${this.server.port}/${name}` };
  }

  async stop(): Promise<void> {
    await this.server?.stop();
  }
}

function hasPostgres(): boolean {
  try {
    postgresBinDir();
    return true;
  } catch {
    return false;
  }
}

const tokens = new TokenService(SECRET, { accessSeconds: 3600, refreshSeconds: 3600, pointRefreshSeconds: 3600 });

export async function expertToken(index: number, skills: Skill[]): Promise<string> {
  const principal: Principal = {
    id: `e${index}`,
    role: 'expert',
    displayName: `e${index}`,
    capabilities: ['serve'],
    skills,
  };
  return (await tokens.issueAccess(principal)).token;
}

export async function pointToken(index: number): Promise<string> {
  const id = `p${index}`;
  const principal: Principal = { id, role: 'point', displayName: id, capabilities: ['visit'], pointId: id };
  return (await tokens.issueAccess(principal)).token;
}

export function connect(url: string, token: string): Promise<BenchSocket> {
  const socket: BenchSocket = io(url, {
    transports: ['websocket'],
    auth: { token },
    forceNew: true,
    reconnection: false,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** Connects in batches so the server's accept queue is not the thing being measured. */
export async function connectMany(
  url: string,
  tokensFor: string[],
  batch = 100,
  onProgress?: (connected: number) => void,
): Promise<BenchSocket[]> {
  const sockets: BenchSocket[] = [];
  for (let i = 0; i < tokensFor.length; i += batch) {
    sockets.push(...(await Promise.all(tokensFor.slice(i, i + batch).map((token) => connect(url, token)))));
    onProgress?.(sockets.length);
  }
  return sockets;
}

/** Resident memory of a process in bytes (Linux). */
export function residentBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

export async function send<T>(socket: BenchSocket, event: string, payload: unknown): Promise<T> {
  const ack = (await (socket as unknown as Socket).emitWithAck(event, payload)) as Ack<T>;
  if (!ack.ok) throw new Error(`${event} refused: ${ack.error.code}`);
  return ack.data;
}

export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

export const progress = (name: string) => (message: string) => process.stderr.write(`[${name}] ${message}\n`);
