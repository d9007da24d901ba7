/**
 * Keeps every signaling process's directory in step with the database, without a restart. The
 * process that wrote a change publishes the new revision on a Redis channel; every process (the
 * writer too) reloads the directory when it sees a revision above its own. Pub/sub is at most once
 * (a process reconnecting to Redis misses what was said meanwhile), so each process also polls the
 * revision every `pollMs`: a missed message delays a change by at most that long, never loses it.
 */
import type { FastifyBaseLogger } from 'fastify';
import { connectRedis, type Redis } from '../redis/connection.js';
import type { Keys } from '../redis/keys.js';
import type { Directory } from './directory.js';
import type { DirectoryStore } from './directory-store.js';

export interface DirectorySyncOptions {
  store: DirectoryStore;
  directory: Directory;
  /** The connection commands go through (PUBLISH); the subscriber is a connection of its own. */
  redis: Redis;
  redisTarget: string;
  keys: Keys;
  log: FastifyBaseLogger;
  /** The revision the directory in force was read at. */
  revision: number;
  pollMs?: number;
}

export class DirectorySync {
  #revision: number;
  #subscriber: Redis | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #reloading: Promise<void> | undefined;
  #again = false;

  constructor(private readonly options: DirectorySyncOptions) {
    this.#revision = options.revision;
  }

  get revision(): number {
    return this.#revision;
  }

  async start(): Promise<void> {
    const { keys, log } = this.options;
    const subscriber = connectRedis(this.options.redisTarget, { connectionName: 'signaling-directory' });
    this.#subscriber = subscriber;
    subscriber.on('message', (_channel: string, message: string) => {
      if (Number(message) > this.#revision) void this.reload();
    });
    subscriber.on('error', (error: Error) => log.warn({ err: error }, 'directory subscriber'));
    await subscriber.subscribe(keys.directoryChanged());
    this.#timer = setInterval(() => void this.reload(), this.options.pollMs ?? 5000);
    this.#timer.unref();
  }

  /** Tells every process (this one included) that the directory is at `revision`. */
  async announce(revision: number): Promise<void> {
    await this.options.redis.publish(this.options.keys.directoryChanged(), String(revision));
    if (revision > this.#revision) await this.reload();
  }

  /** Reads the directory again if the database is ahead; one reload at a time, none lost. */
  reload(): Promise<void> {
    if (this.#reloading) {
      this.#again = true;
      return this.#reloading;
    }
    this.#reloading = this.#reload().finally(() => {
      this.#reloading = undefined;
      if (this.#again) {
        this.#again = false;
        void this.reload();
      }
    });
    return this.#reloading;
  }

  async #reload(): Promise<void> {
    const { store, directory, log } = this.options;
    try {
      if ((await store.revision()) <= this.#revision) return;
      const { revision, seed } = await store.snapshot();
      if (revision <= this.#revision) return;
      this.#revision = revision;
      const changes = directory.replace(seed);
      log.info({ revision, ...counts(changes) }, 'directory reloaded');
    } catch (error) {
      log.warn({ err: error }, 'directory not reloaded; will try again');
    }
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    await this.#reloading;
    this.#subscriber?.disconnect();
  }
}

function counts(changes: {
  pointsSignedOff: string[];
  usersSignedOff: string[];
  skillsChanged: string[];
}): Record<string, number> {
  return {
    pointsSignedOff: changes.pointsSignedOff.length,
    usersSignedOff: changes.usersSignedOff.length,
    skillsChanged: changes.skillsChanged.length,
  };
}
