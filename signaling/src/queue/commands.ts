/**
 * Runs the queue's Lua scripts and parses their reports. ioredis caches each script by SHA
 * (EVALSHA), so a script's text crosses the network once per connection.
 */
import type { Redis } from 'ioredis';
import * as lua from './lua.js';

export interface OfferMade {
  offerId: string;
  expertId: string;
  ticketId: string;
}

export interface OfferWithdrawnReport extends OfferMade {
  reason: 'declined' | 'timeout' | 'cancelled' | 'abandoned' | 'offline';
}

export interface ScriptReport {
  status: string;
  state?: string;
  offers: OfferMade[];
  withdrawn: OfferWithdrawnReport[];
  /** `agency:language` of every queue whose waiting list or specialists changed. */
  queues: string[];
  sessionId?: string;
  ticketId?: string;
  expertId?: string;
  endedAt?: number;
  wrapUpDeadline?: number;
  retryInMs?: number;
  /** Set when the script left a demand event for the outbox (cancel, abandon). */
  demandEventId?: string;
}

const SCRIPTS = {
  enqueue: lua.ENQUEUE,
  goAvailable: lua.GO_AVAILABLE,
  goAway: lua.GO_AWAY,
  goOffline: lua.GO_OFFLINE,
  decline: lua.DECLINE,
  expireOffer: lua.EXPIRE_OFFER,
  accept: lua.ACCEPT,
  endSession: lua.END_SESSION,
  transfer: lua.TRANSFER,
  wrapUp: lua.WRAP_UP,
  cancel: lua.CANCEL,
} as const;

export type ScriptName = keyof typeof SCRIPTS;

type ScriptRedis = Redis & Record<`etp_${ScriptName}`, (...args: (string | number)[]) => Promise<string>>;

export class QueueCommands {
  readonly #redis: ScriptRedis;

  constructor(
    redis: Redis,
    private readonly prefix: string,
  ) {
    for (const [name, source] of Object.entries(SCRIPTS)) {
      if (!(`etp_${name}` in redis)) redis.defineCommand(`etp_${name}`, { numberOfKeys: 0, lua: source });
    }
    this.#redis = redis as ScriptRedis;
  }

  async run(name: ScriptName, ...args: (string | number)[]): Promise<ScriptReport> {
    const raw = await this.#redis[`etp_${name}`](this.prefix, ...args.map(String));
    const report = JSON.parse(raw) as Partial<ScriptReport>;
    // Lua's cjson writes an empty table as {}, not [].
    return {
      ...report,
      status: report.status ?? 'ok',
      offers: Array.isArray(report.offers) ? report.offers : [],
      withdrawn: Array.isArray(report.withdrawn) ? report.withdrawn : [],
      queues: Array.isArray(report.queues) ? report.queues : [],
    };
  }
}
