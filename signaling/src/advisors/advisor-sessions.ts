/**
 * Who is signed in personally at each point. One Redis hash per point (`point:<id>:advisor`)
 * holding the advisor's id and when they signed in, with a TTL of the idle timeout that every
 * sign of activity renews: a sign-in nobody uses lapses on its own, on every process at once,
 * without a timer anywhere. A device serves one customer at a time, so a point has one advisor at
 * a time; a second advisor signing in takes over.
 *
 * The record holds an id only. Whether that person may still advise at that point is checked
 * against the directory on every read, so an administrator who removes the role or the point, or
 * deactivates the person, ends their sign-in at once on every process.
 */
import type { AdvisorRef, AdvisorState } from '@etapiste/protocol';
import type { Redis } from 'ioredis';
import type { Directory } from '../directory/directory.js';
import { holds, type SeedUser } from '../directory/seed.js';
import type { Keys } from '../redis/keys.js';

export interface AdvisorSettings {
  required: boolean;
  idleSeconds: number;
}

export interface SignedInAdvisor extends AdvisorRef {
  signedInAt: string;
  expiresAt: string;
}

export class AdvisorSessions {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly directory: Directory,
    readonly settings: AdvisorSettings,
  ) {}

  /** Whether this person may sign in at this point: an advisor of it, in the directory now. */
  mayAdvise(user: SeedUser | undefined, pointId: string): user is SeedUser {
    return user !== undefined && holds(user, 'advisor') && user.points.includes(pointId);
  }

  async signIn(pointId: string, advisorId: string, now = new Date()): Promise<AdvisorState> {
    const key = this.keys.pointAdvisor(pointId);
    await this.redis
      .multi()
      .del(key)
      .hset(key, { advisorId, signedInAt: now.toISOString() })
      .expire(key, this.settings.idleSeconds)
      .exec();
    return this.state(pointId);
  }

  /** The advisor is active: the idle timeout starts again. Nothing happens when nobody is signed in. */
  async touch(pointId: string): Promise<AdvisorState> {
    await this.renew(pointId);
    return this.state(pointId);
  }

  /** The idle timeout starts again (as touch), without reading the state back. */
  async renew(pointId: string): Promise<void> {
    await this.redis.expire(this.keys.pointAdvisor(pointId), this.settings.idleSeconds, 'XX');
  }

  /** Returns who was signed in (for the audit), if anyone. */
  async signOut(pointId: string): Promise<string | undefined> {
    const key = this.keys.pointAdvisor(pointId);
    const [[, advisorId]] = (await this.redis.multi().hget(key, 'advisorId').del(key).exec()) as [
      [Error | null, string | null],
      [Error | null, number],
    ];
    return advisorId ?? undefined;
  }

  /** The advisor signed in at the point now, if any (and still allowed to be). */
  async current(pointId: string): Promise<SignedInAdvisor | undefined> {
    const key = this.keys.pointAdvisor(pointId);
    // Two reads sent in one write by auto-pipelining, not a MULTI: a record expiring between them
    // reads as signed out either way, and a MULTI (a pipeline object of its own, outside the
    // auto-pipeline) was a large share of a request's cost in the signaling process.
    const [fields, ttl] = await Promise.all([this.redis.hgetall(key), this.redis.ttl(key)]);
    if (!fields.advisorId || !fields.signedInAt || ttl <= 0) return undefined;
    const user = this.directory.user(fields.advisorId);
    if (!this.mayAdvise(user, pointId)) {
      await this.redis.del(key);
      return undefined;
    }
    return {
      id: user.id,
      displayName: user.displayName,
      signedInAt: fields.signedInAt,
      expiresAt: new Date(Date.now() + ttl * 1000).toISOString(),
    };
  }

  async state(pointId: string): Promise<AdvisorState> {
    const advisor = await this.current(pointId);
    return {
      ...(advisor
        ? {
            advisor: { id: advisor.id, displayName: advisor.displayName },
            signedInAt: advisor.signedInAt,
            expiresAt: advisor.expiresAt,
          }
        : {}),
      required: this.settings.required,
      idleTimeoutSeconds: this.settings.idleSeconds,
    };
  }
}
