/**
 * Pushes positions and estimates to waiting points.
 *
 * A change at the head of a queue moves every request behind it, so pushing through the Socket.IO
 * adapter (one Redis stream entry per waiting point, read by every process) would cost the cluster
 * O(waiting) Redis writes per match. Instead each process pushes only to the points connected to
 * it (`io.local`), and processes tell each other which queues changed with one small server-side
 * message per coalescing window. Changes are coalesced for `coalesceMs` (a burst of matches
 * becomes one round of updates) and a point is only sent a view that differs from the last one it
 * got, so a point hears about a change well within a second and never hears the same thing twice.
 *
 * The per-ticket facts a view needs (point, visit, enqueue time, topic, ...) do not change while
 * a request waits, so they are read once per ticket and kept until it leaves the queue.
 */
import type { Language } from '@etapiste/protocol';
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import { pointRoom } from '../realtime/rooms.js';
import type { AppServer } from '../realtime/types.js';
import { estimateWaitSeconds } from './estimate.js';
import type { QueueContext, QueueService } from './queue-service.js';
import { type TicketFacts, ticketFacts } from './ticket-record.js';

type WaitingFacts = TicketFacts & { pointId: string };

export class PositionPusher {
  readonly #dirty = new Set<string>();
  /** Queues other processes told us about, pushed without waiting for a full window. */
  readonly #remoteDirty = new Set<string>();
  readonly #facts = new Map<string, WaitingFacts>();
  readonly #lastPushed = new Map<string, string>();
  readonly #members = new Map<string, string[]>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #flushing: Promise<void> | undefined;
  #closed = false;

  constructor(
    private readonly io: AppServer,
    private readonly redis: Redis,
    private readonly service: QueueService,
    private readonly log: FastifyBaseLogger,
    private readonly coalesceMs = 100,
  ) {
    io.on('queue:dirty', (queues: string[]) => {
      for (const queue of queues) this.#remoteDirty.add(queue);
      this.#schedule(0);
    });
    io.on('queue:refresh', (ticketIds: string[]) => this.#drop(ticketIds));
  }

  /**
   * These waiting requests' views changed while they wait (a customer stepped away or back, a
   * request passed over): every process reads their facts again at its next push.
   */
  refresh(ticketIds: string[]): void {
    this.#drop(ticketIds);
    this.io.serverSideEmit('queue:refresh', ticketIds);
  }

  #drop(ticketIds: string[]): void {
    for (const id of ticketIds) {
      this.#facts.delete(id);
      this.#lastPushed.delete(id);
    }
  }

  /** Queues (`agency:language`) whose order or staffing changed here. */
  changed(queues: Iterable<string>): void {
    for (const queue of queues) this.#dirty.add(queue);
    this.#schedule(this.coalesceMs);
  }

  /** The point was told about this ticket another way (offered, resumed): push its next view again. */
  forget(ticketId: string): void {
    this.#lastPushed.delete(ticketId);
  }

  /** Waits for pushes in flight; tests and shutdown use it. */
  async settle(): Promise<void> {
    while (this.#timer || this.#flushing) {
      await this.#flushing;
      if (this.#timer) await new Promise((resolve) => setTimeout(resolve, this.coalesceMs));
    }
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #schedule(delayMs: number): void {
    if (this.#closed || this.#timer || this.#flushing) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#flushing = this.#flush().finally(() => {
        this.#flushing = undefined;
        // Changes that arrived during the flush get their own round.
        if (this.#dirty.size > 0) this.#schedule(this.coalesceMs);
        else if (this.#remoteDirty.size > 0) this.#schedule(0);
      });
    }, delayMs);
  }

  async #flush(): Promise<void> {
    const own = [...this.#dirty];
    // A change in one language of an agency changes the languages the others can offer.
    const queues = new Set(
      [...own, ...this.#remoteDirty].flatMap((queue) => {
        const all = this.service.agencyQueues(queue.split(':')[0] ?? '');
        return all.length > 0 ? all : [queue];
      }),
    );
    this.#dirty.clear();
    this.#remoteDirty.clear();
    if (this.#closed || queues.size === 0) return;
    if (own.length > 0) this.io.serverSideEmit('queue:dirty', own);
    // Each queue's staffing is read once per round: a queue's choices name its agency's other
    // languages, which are in the same round.
    const contexts = new Map<string, Promise<QueueContext>>();
    const contextOf = (agency: string, language: string): Promise<QueueContext> => {
      const key = `${agency}:${language}`;
      if (!contexts.has(key)) {
        // All the agency's languages in one read; one not read (not in the directory) on its own.
        const all = this.service.agencyContexts(agency);
        for (const other of this.service.agencyQueues(agency)) {
          const otherLanguage = other.slice(agency.length + 1);
          contexts.set(
            other,
            all.then((found) => found.get(otherLanguage) ?? this.service.queueContext(agency, otherLanguage)),
          );
        }
        if (!contexts.has(key)) contexts.set(key, this.service.queueContext(agency, language));
        // A read that fails fails the queues that use it (each is caught there), not the process:
        // the languages read ahead may never be awaited this round.
        for (const other of this.service.agencyQueues(agency)) contexts.get(other)?.catch(() => undefined);
        contexts.get(key)?.catch(() => undefined);
      }
      return contexts.get(key) as Promise<QueueContext>;
    };
    for (const queue of queues) {
      try {
        await this.#pushQueue(queue, contextOf);
      } catch (error) {
        this.log.warn({ err: error, queue }, 'position push failed');
      }
    }
  }

  async #pushQueue(
    queue: string,
    contextOf: (agency: string, language: string) => Promise<QueueContext>,
  ): Promise<void> {
    const [agency, language] = queue.split(':') as [string, Language];
    const ids = await this.redis.zrange(this.service.keys.queue(agency, language), 0, -1);
    this.#forgetLeavers(queue, ids);
    if (ids.length === 0) return;
    await this.#loadFacts(ids);

    const rooms = this.io.of('/').adapter.rooms;
    const local = ids.flatMap((id, index) => {
      const facts = this.#facts.get(id);
      return facts && rooms.has(pointRoom(facts.pointId)) ? [{ id, index, facts }] : [];
    });
    if (local.length === 0) return;

    const context = await contextOf(agency, language);
    const choices = await this.service.waitingChoices(agency, language, context, contextOf);
    const said = `${choices.nobodyWorking}:${choices.languagesServed.join(',')}:${choices.opensAt ?? ''}`;
    for (const { id, index, facts } of local) {
      const position = index + 1;
      const etaSeconds = estimateWaitSeconds(position, context.working, context.ahtMs, context.bookedStarts);
      const signature = `${position}:${etaSeconds ?? ''}:${said}`;
      if (this.#lastPushed.get(id) === signature) continue;
      this.#lastPushed.set(id, signature);
      const { pointId, ...view } = facts;
      this.io.local.to(pointRoom(pointId)).emit('ticket:update', {
        ...view,
        position,
        ...(etaSeconds !== undefined ? { etaSeconds } : {}),
        ...choices,
        longWaitAt: this.service.longWaitAt(view.enqueuedAt),
      });
    }
  }

  #forgetLeavers(queue: string, ids: string[]): void {
    const still = new Set(ids);
    for (const id of this.#members.get(queue) ?? []) {
      if (!still.has(id)) {
        this.#facts.delete(id);
        this.#lastPushed.delete(id);
      }
    }
    this.#members.set(queue, ids);
  }

  /**
   * A waiting request's hash, read whole for its view (its creation, a resume): its facts are kept
   * now, so the next round need not read it again.
   */
  know(ticketId: string, fields: Record<string, string>): void {
    if (this.#facts.has(ticketId) || fields.state !== 'waiting' || !fields.pointId) return;
    const facts = ticketFacts(ticketId, fields);
    if (!facts) return;
    this.#facts.set(ticketId, { ...facts, state: 'waiting', pointId: fields.pointId });
    // Counted among its queue's members, so that its facts are dropped with the others' when it
    // has left by the queue's next round.
    const queue = `${facts.agency}:${facts.language}`;
    // A new list: the one kept is the last round's own, which a round in flight still reads.
    const members = this.#members.get(queue) ?? [];
    if (!members.includes(ticketId)) this.#members.set(queue, [...members, ticketId]);
  }

  async #loadFacts(ids: string[]): Promise<void> {
    const missing = ids.filter((id) => !this.#facts.has(id));
    if (missing.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const id of missing) pipeline.hgetall(this.service.keys.ticket(id));
    const results = (await pipeline.exec()) ?? [];
    for (const [index, id] of missing.entries()) {
      const f = (results[index]?.[1] ?? {}) as Record<string, string>;
      const facts = ticketFacts(id, f);
      if (facts && f.pointId) this.#facts.set(id, { ...facts, state: 'waiting', pointId: f.pointId });
    }
  }
}
