/**
 * Assembles the wallboard's server side: the live figures and their pushes (metrics-pusher.ts,
 * hooked into the queue's events by app.ts), the lists reader, the history store and its sampler,
 * the push of the lists to subscribed supervisors, and a specialist's work in progress. All of it
 * only reads the queue's Redis state.
 *
 * The lists are polled rather than hooked into the queue: every `pushIntervalMs` each process looks
 * at the supervision rooms that have a socket on it, reads the lists for that room's scope and
 * pushes them when they differ from the last push (a new subscriber of a room may get its first
 * lists twice). Time in state is counted by the browser from `since`, so an unchanged list is never
 * pushed again. The live figures are also pushed once a minute to the agencies watched from this
 * process (`refresh`), since the last hour's service level moves with the clock.
 */
import type { Principal, SessionParticipants, SupervisionSnapshot } from '@etapiste/protocol';
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import type { Directory } from '../directory/directory.js';
import type { PresenceStore } from '../presence/presence-store.js';
import { ServiceClock } from '../queue/service-clock.js';
import { TicketReader } from '../queue/ticket-reader.js';
import { metricsRoom, supervisionScope } from '../realtime/rooms.js';
import type { AppServer } from '../realtime/types.js';
import { WatchMarks } from '../realtime/watch-marks.js';
import type { Keys } from '../redis/keys.js';
import { InviteStore } from '../sessions/invite-store.js';
import type { OfferStore } from '../sessions/offer-store.js';
import type { SessionStore } from '../sessions/session-store.js';
import { CurrentWorkReader } from './current-work.js';
import { HistoryStore } from './history.js';
import { MetricsPusher } from './metrics-pusher.js';
import { QueueMetricsReader } from './queue-metrics.js';
import { RecentAnswersReader } from './recent-answers.js';
import { type ExpertProfile, SupervisionReader } from './supervision-reader.js';

export interface SupervisionOptions {
  io: AppServer;
  redis: Redis;
  keys: Keys;
  presence: PresenceStore;
  sessions: SessionStore;
  offers: OfferStore;
  directory: Directory;
  experts: () => readonly ExpertProfile[];
  timeZone: string;
  log: FastifyBaseLogger;
  sampleIntervalMs: number;
  pushIntervalMs: number;
  /** Who is in a session's call, for a member of it: the call an invited guest resumes (`work:current`). */
  participants?(principal: Principal, sessionId: string): Promise<SessionParticipants>;
}

/** How often the live figures are pushed to their watchers even when no queue changed. */
const METRICS_REFRESH_MS = 60_000;

export class SupervisionRuntime {
  readonly metrics: MetricsPusher;
  readonly reader: SupervisionReader;
  readonly history: HistoryStore;
  readonly currentWork: CurrentWorkReader;
  readonly #options: SupervisionOptions;
  readonly #lastPushed = new Map<string, string>();
  #sampleTimer: ReturnType<typeof setInterval> | undefined;
  #pushTimer: ReturnType<typeof setInterval> | undefined;
  #refreshTimer: ReturnType<typeof setInterval> | undefined;
  #pushing = false;

  constructor(options: SupervisionOptions) {
    this.#options = options;
    const { io, redis, keys, presence, sessions, offers, directory, experts, timeZone } = options;
    const clock = new ServiceClock(timeZone);
    const tickets = new TicketReader(redis, keys, offers, (id) => directory.user(id)?.displayName ?? id);
    this.reader = new SupervisionReader(presence, tickets, directory, experts, io, sessions);
    const recent = new RecentAnswersReader(redis, keys, clock, options.sampleIntervalMs);
    const figures = new QueueMetricsReader(redis, keys, presence, directory, clock, recent);
    this.metrics = new MetricsPusher(io, figures, options.log, new WatchMarks(redis, keys));
    this.history = new HistoryStore(redis, keys, figures, clock, options.sampleIntervalMs);
    this.currentWork = new CurrentWorkReader({
      presence,
      sessions,
      tickets,
      invites: new InviteStore(redis, keys),
      nameOf: (id) => directory.user(id)?.displayName ?? id,
      ...(options.participants ? { participants: options.participants } : {}),
    });
  }

  start(): void {
    const { log } = this.#options;
    this.#sampleTimer = setInterval(() => {
      this.history.sample().catch((error: unknown) => log.warn({ err: error }, 'history sample failed'));
    }, this.#options.sampleIntervalMs);
    this.#pushTimer = setInterval(() => void this.pushChanges(), this.#options.pushIntervalMs);
    this.#refreshTimer = setInterval(() => void this.refreshMetrics(), METRICS_REFRESH_MS);

    this.#sampleTimer.unref();
    this.#pushTimer.unref();
    this.#refreshTimer.unref();
    // A first sample at start, so a fresh process has a point on the chart at once.
    this.history.sample().catch((error: unknown) => log.warn({ err: error }, 'history sample failed'));
  }

  /** Pushes the lists to each local supervision room whose lists changed since its last push. */
  async pushChanges(): Promise<void> {
    if (this.#pushing) return;
    this.#pushing = true;
    try {
      const rooms = [...this.#options.io.of('/').adapter.rooms.keys()].flatMap((room) => {
        const scope = supervisionScope(room);
        return scope === null ? [] : [{ room, scope }];
      });
      for (const room of this.#lastPushed.keys())
        if (!rooms.some((r) => r.room === room)) this.#lastPushed.delete(room);
      for (const { room, scope } of rooms) {
        const snapshot = await this.reader.snapshot(scope);
        const print = fingerprint(snapshot);
        if (this.#lastPushed.get(room) === print) continue;
        this.#lastPushed.set(room, print);
        this.#options.io.local.to(room).emit('supervision:update', snapshot);
      }
    } catch (error) {
      this.#options.log.warn({ err: error }, 'supervision push failed');
    } finally {
      this.#pushing = false;
    }
  }

  /** The live figures again to every agency watched from this process (see the header). */
  async refreshMetrics(): Promise<void> {
    await this.metrics.refresh(this.#watchedHere());
  }

  #watchedHere(): string[] {
    const rooms = this.#options.io.of('/').adapter.rooms;
    return this.#options.directory
      .agencies()
      .map((a) => a.id)
      .filter((agency) => rooms.has(metricsRoom(agency)));
  }

  close(): void {
    this.metrics.close();
    clearInterval(this.#refreshTimer);
    clearInterval(this.#sampleTimer);
    clearInterval(this.#pushTimer);
  }
}

function fingerprint(snapshot: SupervisionSnapshot): string {
  return JSON.stringify({ experts: snapshot.experts, points: snapshot.points });
}
