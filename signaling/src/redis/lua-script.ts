/**
 * A Lua script run by its SHA1 (`EVALSHA`) as an ordinary command, on the connection's
 * auto-pipeline.
 *
 * Why not ioredis's `defineCommand`: ioredis copies every defined command onto each pipeline it
 * makes (two properties per script, `Pipeline`'s constructor), and auto-pipelining makes one
 * pipeline per event-loop turn. With the ~37 scripts of the queue, liveness, visits and deadlines
 * defined on the shared connection, building those pipelines (and reading the megamorphic objects
 * they became) was about 5 % of the signaling process's CPU under load (`perf` of `pnpm bench queue`,
 * docs/queue.md "Measured"). Plain `EVALSHA` commands need nothing copied.
 *
 * Redis forgets its scripts when it restarts (and on `SCRIPT FLUSH`): a `NOSCRIPT` reply means the
 * script did not run, so it is loaded (`SCRIPT LOAD`, once however many calls met the reply at the
 * same time) and the call is sent again. Nothing else is retried.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export class LuaScript<Result = unknown> {
  readonly sha: string;
  /**
   * The load under way after a `NOSCRIPT`, per connection (one script may serve several Redis
   * servers in one process), shared by the calls that met it.
   */
  readonly #loading = new WeakMap<Redis, Promise<unknown>>();

  constructor(
    readonly source: string,
    /** How many of the arguments are keys (Redis's `numkeys`). */
    readonly numberOfKeys = 0,
  ) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(redis: Redis, ...args: (string | number)[]): Promise<Result> {
    try {
      return (await redis.evalsha(this.sha, this.numberOfKeys, ...args)) as Result;
    } catch (error) {
      if (!isNoScript(error)) throw error;
      await this.#load(redis);
      return (await redis.evalsha(this.sha, this.numberOfKeys, ...args)) as Result;
    }
  }

  #load(redis: Redis): Promise<unknown> {
    let loading = this.#loading.get(redis);
    if (!loading) {
      loading = redis.script('LOAD', this.source).finally(() => this.#loading.delete(redis));
      this.#loading.set(redis, loading);
    }
    return loading;
  }
}

function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOSCRIPT');
}
