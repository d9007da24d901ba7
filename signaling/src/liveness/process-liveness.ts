/**
 * Liveness that does not depend on one process. Each signaling process registers every point and
 * specialist socket it holds in Redis and beats a heartbeat; when a process's heartbeat lapses
 * (it was killed, or lost Redis for longer than the TTL), any survivor reaps it: its sockets leave
 * the registry and every principal left with no live socket starts its grace period, exactly as a
 * clean disconnect would. The grace period is a deadline (see deadlines/), so whichever process
 * is alive fires it. Bound: a specialist of a killed process is offline at most TTL + grace later.
 *
 * A process that finds itself reaped while alive (a long pause, a Redis restart that lost its
 * entries) registers its sockets again; a reconnection within grace cancels the grace period.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import { LuaScript } from '../redis/lua-script.js';
import * as scripts from './liveness-scripts.js';

export interface LivenessOptions {
  redis: Redis;
  prefix: string;
  log: FastifyBaseLogger;
  heartbeatMs: number;
  /** A process whose last heartbeat is older than this is dead. */
  ttlMs: number;
  pointGraceMs: number;
  expertGraceMs: number;
  /** The principals and socket ids this process holds now, to register again after a loss. */
  localSockets: () => Iterable<{ principal: string; socketId: string }>;
  /** A principal's last live socket went (here, or on a process found dead): its grace period started. */
  onLost?(principal: string): void;
  /** A principal that had lost its connection has a live socket again. */
  onBack?(principal: string): void;
}

/**
 * A socket is in the registry a moment before it is among the server's sockets (registered in the
 * middleware, listed once connected): a sweep leaves an entry this young alone.
 */
const REGISTERING_MS = 30_000;
/** How often the registry's entries of this process are checked against its sockets. */
const SWEEP_EVERY_MS = 60_000;

const SCRIPTS = {
  connect: new LuaScript<number>(scripts.CONNECT),
  disconnect: new LuaScript<number>(scripts.DISCONNECT),
  beat: new LuaScript<[number, string[]]>(scripts.BEAT),
  reap: new LuaScript<number | string[]>(scripts.REAP),
  leave: new LuaScript<number>(scripts.LEAVE),
};

/**
 * Points and specialists hold state that waits for them (a grace period). A supervisor is
 * registered too, so that an invite into a call rings only at a supervisor at work (queue/lua.ts
 * `invite`), and a supervisor or an administrator gone from a call they joined leaves it after the
 * grace period (`sgrace`). Others need no registry.
 */
export function tracked(principal: { role: string }): boolean {
  return (
    principal.role === 'point' ||
    principal.role === 'expert' ||
    principal.role === 'interpreter' ||
    principal.role === 'supervisor' ||
    principal.role === 'admin'
  );
}

export class ProcessLiveness {
  /** New at every start: a restarted process is a new process, its old self is reaped. */
  readonly processId = `${process.pid}-${randomBytes(6).toString('base64url')}`;
  readonly #options: LivenessOptions;
  readonly #redis: Redis;
  #timer: NodeJS.Timeout | undefined;
  #beating = false;
  /** Entries (`<principal>|<socket id>`) registered lately, by when: see REGISTERING_MS. */
  readonly #registered = new Map<string, number>();
  #sweptAt = Date.now();

  constructor(options: LivenessOptions) {
    this.#options = options;
    this.#redis = options.redis;
  }

  async start(): Promise<void> {
    await this.beat();
    this.#timer = setInterval(() => void this.beat(), this.#options.heartbeatMs);
    this.#timer.unref?.();
  }

  async connected(principal: string, socketId: string): Promise<number> {
    this.#registered.set(`${principal}|${socketId}`, Date.now());
    const back = await SCRIPTS.connect.run(this.#redis, this.#options.prefix, this.processId, principal, socketId);
    if (back === 1) this.#options.onBack?.(principal);
    return back;
  }

  async disconnected(principal: string, socketId: string): Promise<number> {
    const { prefix, pointGraceMs, expertGraceMs } = this.#options;
    this.#registered.delete(`${principal}|${socketId}`);
    const last = await SCRIPTS.disconnect.run(
      this.#redis,
      prefix,
      this.processId,
      principal,
      socketId,
      pointGraceMs,
      expertGraceMs,
    );
    if (last === 1) this.#options.onLost?.(principal);
    return last;
  }

  /** One heartbeat, then reaps the processes whose heartbeat lapsed. */
  async beat(): Promise<void> {
    if (this.#beating) return;
    this.#beating = true;
    const { prefix, ttlMs, pointGraceMs, expertGraceMs, log } = this.#options;
    try {
      const [known, lapsed] = await SCRIPTS.beat.run(this.#redis, prefix, this.processId, ttlMs);
      if (!known) await this.#registerAll();
      else if (Date.now() - this.#sweptAt >= SWEEP_EVERY_MS) await this.#sweep();
      for (const dead of lapsed) {
        if (dead === this.processId) continue;
        const started = await SCRIPTS.reap.run(this.#redis, prefix, dead, ttlMs, pointGraceMs, expertGraceMs);
        if (Array.isArray(started)) {
          log.warn({ process: dead, graceStarted: started.length }, 'signaling process lapsed; its connections reaped');
          for (const principal of started) this.#options.onLost?.(principal);
        }
      }
    } catch (error) {
      log.warn({ err: error }, 'heartbeat failed');
    } finally {
      this.#beating = false;
    }
  }

  /** After Redis came back: the last second before its restart may have lost registrations. */
  resync(): Promise<void> {
    return this.#registerAll();
  }

  /**
   * Registers every local socket again (first beat, after being reaped, after a Redis restart),
   * then takes out what the registry holds for this process without a socket here.
   */
  async #registerAll(): Promise<void> {
    let count = 0;
    for (const { principal, socketId } of this.#options.localSockets()) {
      await this.connected(principal, socketId);
      count++;
    }
    if (count > 0) this.#options.log.info({ sockets: count }, 'connections registered again');
    await this.#sweep();
  }

  /**
   * The registry's entries of this process that name no socket here are disconnected (their grace
   * starts if they were a principal's last). They come from a disconnect that Redis lost with the
   * last second before a restart (the restarted Redis has the entry back, and no grace), or from a
   * client gone while its registration was in flight. Left there, the principal would count as
   * connected for as long as this process lives: never offline, its requests never abandoned.
   */
  async #sweep(): Promise<void> {
    const now = Date.now();
    this.#sweptAt = now;
    for (const [entry, at] of this.#registered) if (now - at > REGISTERING_MS) this.#registered.delete(entry);
    const local = new Set<string>();
    for (const { principal, socketId } of this.#options.localSockets()) local.add(`${principal}|${socketId}`);
    const entries = await this.#options.redis.smembers(`${this.#options.prefix}proc:${this.processId}:conns`);
    let swept = 0;
    for (const entry of entries) {
      if (local.has(entry) || this.#registered.has(entry)) continue;
      const cut = entry.lastIndexOf('|');
      if (cut <= 0) continue;
      await this.disconnected(entry.slice(0, cut), entry.slice(cut + 1));
      swept++;
    }
    if (swept > 0) this.#options.log.warn({ sockets: swept }, 'registry entries without a socket here taken out');
  }

  /** Clean stop: sockets have been disconnected (each started its grace period); the heartbeat goes. */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await SCRIPTS.leave.run(this.#redis, this.#options.prefix, this.processId).catch(() => undefined);
  }
}
