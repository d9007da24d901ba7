/**
 * Visits in Redis. A visit is one customer at one point; it will hold the service requests of
 * several agencies in turn (the queue issue). A point device serves one customer at a time, so
 * opening while a visit is open returns that visit: a reload or a second tab does not fork it.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Keys } from '../redis/keys.js';
import { LuaScript } from '../redis/lua-script.js';

export interface StoredVisit {
  id: string;
  pointId: string;
  openedAt: string;
  closedAt?: string;
  /** The advisor who started the visit's first request (signed in personally at the point). */
  advisorId?: string;
}

/** Closed visits are kept this long for reports to join against, then expire. */
const CLOSED_VISIT_TTL_SECONDS = 7 * 24 * 60 * 60;

/** Told of each visit closed here (media: the point leaves the visit's room); handles its own errors. */
export type VisitClosedListener = (visit: StoredVisit & { closedAt: string }) => Promise<void>;
export type VisitClosingListener = (visit: StoredVisit) => Promise<void>;

/**
 * Opens a visit for a point, or returns the one open: one round trip, atomic across signaling
 * processes. KEYS[1]: the point's open-visit pointer; ARGV: the visits' key prefix, a new visit's
 * id, the point, the time, the advisor ('' for none). Returns the visit's id and its hash. A pointer
 * whose visit is gone or closed (Redis lost the last second of its writes) is claimed again with a
 * new visit, so a point can always start one.
 */
const OPEN_VISIT = `
local id = redis.call('GET', KEYS[1])
if id then
  local vk = ARGV[1] .. id
  local point, closed = unpack(redis.call('HMGET', vk, 'pointId', 'closedAt'))
  if point == ARGV[3] and not closed then
    if ARGV[5] ~= '' then redis.call('HSETNX', vk, 'advisorId', ARGV[5]) end
    local out = { id }
    for _, v in ipairs(redis.call('HGETALL', vk)) do table.insert(out, v) end
    return out
  end
end
redis.call('SET', KEYS[1], ARGV[2])
local fields = { 'pointId', ARGV[3], 'openedAt', ARGV[4] }
if ARGV[5] ~= '' then table.insert(fields, 'advisorId'); table.insert(fields, ARGV[5]) end
redis.call('HSET', ARGV[1] .. ARGV[2], unpack(fields))
local out = { ARGV[2] }
for _, v in ipairs(fields) do table.insert(out, v) end
return out
`;

const OPEN_VISIT_SCRIPT = new LuaScript<[string, ...string[]]>(OPEN_VISIT, 1);

export class VisitStore {
  readonly #closedListeners: VisitClosedListener[] = [];
  readonly #closingListeners: VisitClosingListener[] = [];

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  /**
   * @param advisorId the advisor starting a request in it: recorded once, the first one (the
   *   visit's advisor is who started it, even when a colleague takes over the desk later).
   */
  async openFor(pointId: string, now = new Date(), advisorId?: string): Promise<StoredVisit> {
    const candidate = randomBytes(12).toString('base64url');
    const [id, ...flat] = await OPEN_VISIT_SCRIPT.run(
      this.redis,
      this.keys.pointOpenVisit(pointId),
      this.keys.visit(''),
      candidate,
      pointId,
      now.toISOString(),
      advisorId ?? '',
    );
    const fields: Record<string, string> = {};
    for (let i = 0; i + 1 < flat.length; i += 2) fields[flat[i] as string] = flat[i + 1] as string;
    return {
      id,
      pointId,
      openedAt: fields.openedAt ?? now.toISOString(),
      ...(fields.advisorId ? { advisorId: fields.advisorId } : {}),
    };
  }

  async get(visitId: string): Promise<StoredVisit | undefined> {
    const fields = await this.redis.hgetall(this.keys.visit(visitId));
    if (!fields.pointId || !fields.openedAt) return undefined;
    return {
      id: visitId,
      pointId: fields.pointId,
      openedAt: fields.openedAt,
      ...(fields.closedAt ? { closedAt: fields.closedAt } : {}),
      ...(fields.advisorId ? { advisorId: fields.advisorId } : {}),
    };
  }

  /** Other modules hear of closed visits without the visits module knowing them (app.ts wires it). */
  onClosed(listener: VisitClosedListener): void {
    this.#closedListeners.push(listener);
  }

  /**
   * Runs before a visit closes, and a failure fails the close (the point retries; each listener
   * must be idempotent): the queue cancels the visit's requests still waiting, so that a closed
   * visit never leaves a customer queued.
   */
  onClosing(listener: VisitClosingListener): void {
    this.#closingListeners.push(listener);
  }

  /** Closes a visit of this point; undefined when there is no such open visit of theirs. */
  async close(pointId: string, visitId: string, now = new Date()): Promise<StoredVisit | undefined> {
    const visit = await this.get(visitId);
    if (!visit || visit.pointId !== pointId || visit.closedAt) return undefined;
    for (const listener of this.#closingListeners) await listener(visit);
    const closedAt = now.toISOString();
    await this.redis
      .multi()
      .hset(this.keys.visit(visitId), { closedAt })
      .expire(this.keys.visit(visitId), CLOSED_VISIT_TTL_SECONDS)
      .eval(
        // Release the point's slot only if it still names this visit.
        "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0",
        1,
        this.keys.pointOpenVisit(pointId),
        visitId,
      )
      .exec();
    // Once more now that the visit reads closed: a request queued into it between the first pass and
    // the close (a transfer or a requeue at that moment; after it, they refuse a closed visit) is
    // cancelled too. The listeners are idempotent; the visit is closed whatever this does.
    for (const listener of this.#closingListeners) await listener(visit).catch(() => undefined);
    const closed = { ...visit, closedAt };
    // The visit is closed whatever a listener does: a failure there must not undo or fail it.
    await Promise.all(this.#closedListeners.map((listener) => listener(closed).catch(() => undefined)));
    return closed;
  }
}
