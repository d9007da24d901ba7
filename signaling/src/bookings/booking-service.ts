/**
 * Appointments: who may publish a shift, which slots are free, booking one, cancelling it,
 * checking the customer in (the booked request enters the queue through the queue's hook), and the
 * no-show sweep. Every refusal is a coded error the apps translate; nothing is half-done: a check-in
 * whose request could not be queued is put back to `booked`.
 */
import {
  type AdvisorRef,
  type Agency,
  type AgendaDay,
  type Booking,
  type BookingCheckInResult,
  type BookingCreate,
  type BookingFigures,
  type BookingOverview,
  finnishHolidayOn,
  type IdentityCheck,
  type Language,
  type Principal,
  ProtocolError,
  type RequestCreateResult,
  type Shift,
  type ShiftPublish,
  type Slot,
} from '@etapiste/protocol';
import type { Redis } from 'ioredis';
import type { Directory } from '../directory/directory.js';
import { holds } from '../directory/seed.js';
import { hoursOn } from '../queue/service-clock.js';
import type { Keys } from '../redis/keys.js';
import type { BookingRow, BookingStore, ShiftRow } from './booking-store.js';
import type { LocalTime } from './local-time.js';

/**
 * The queue's hook for a booked request (queue/queue-service.ts `createRequest`): queued ahead of
 * walk-ins, offered only to `booking.expertId` until its start plus the agency's exclusive wait.
 */
export interface BookedRequestQueue {
  createRequest(
    pointId: string,
    request: {
      agency: string;
      language: Language;
      topic?: string;
      identityCheck?: IdentityCheck;
      whenUnavailable: 'ask' | 'wait';
      advisor?: AdvisorRef;
      booking?: { id: string; expertId: string; startsAt: number };
    },
  ): Promise<RequestCreateResult>;
}

export interface BookingSettings {
  /** A booking not checked in this long after its start is a no-show. */
  noShowMs: number;
  /** How early before its start a booking may be checked in. */
  checkInEarlyMs: number;
  /** Every agency open around the clock (DEMO_ALWAYS_OPEN): opening hours do not limit bookings. */
  alwaysOpen: boolean;
}

const DAY_MS = 86_400_000;
/** No-shows are recounted this far back, so a count lost in a crash is made good by the next sweep. */
const RECOUNT_MS = 2 * DAY_MS;
/** The day's figures live as long as the queue's (queue-service.ts). */
const STATS_TTL_SECONDS = 40 * 86400;

/** Counts a no-show once per booking in the day's figures of its queue (KEYS: counted set, stats hash). */
const COUNT_NO_SHOW = `
if redis.call('SADD', KEYS[1], ARGV[1]) == 1 then
  redis.call('HINCRBY', KEYS[2], 'noShow', 1)
end
redis.call('EXPIRE', KEYS[1], ARGV[2])
redis.call('EXPIRE', KEYS[2], ARGV[2])
return 1`;

export class BookingService {
  constructor(
    private readonly store: BookingStore,
    private readonly directory: Directory,
    private readonly local: LocalTime,
    private readonly queue: BookedRequestQueue,
    private readonly redis: Redis,
    private readonly keys: Keys,
    readonly settings: BookingSettings,
  ) {}

  // ── shifts ────────────────────────────────────────────────────────────────────────────────

  async publishShift(principal: Principal, input: ShiftPublish, now = Date.now()): Promise<Shift> {
    const agency = this.#agency(input.agency, input.language);
    const expertId = input.expertId ?? principal.id;
    if (expertId !== principal.id) this.#mustManage(principal, agency.id);
    const expert = this.directory.user(expertId);
    if (!expert || !holds(expert, 'expert')) throw new ProtocolError('NOT_FOUND');
    if (!expert.skills.some((s) => s.agency === agency.id && s.language === input.language))
      throw new ProtocolError('SKILL_MISSING');
    const startsAt = this.local.instant(input.date, input.starts);
    const endsAt = this.local.instant(input.date, input.ends);
    if (endsAt - startsAt < input.slotMinutes * 60_000)
      throw new ProtocolError('VALIDATION_FAILED', { fields: ['slotMinutes'] });
    if (endsAt <= now) throw new ProtocolError('SLOT_IN_PAST');
    this.#mustBeOpen(agency, input.date, input.starts, input.ends);
    const added = await this.store.addShift({
      expertId,
      agency: agency.id,
      language: input.language,
      day: input.date,
      startsAt,
      endsAt,
      slotMinutes: input.slotMinutes,
      publishedBy: principal.id,
    });
    if (added === 'overlaps') throw new ProtocolError('SHIFT_OVERLAPS');
    return this.#shiftView(added);
  }

  async removeShift(principal: Principal, shiftId: string): Promise<void> {
    const shift = await this.store.shift(shiftId);
    if (!shift) throw new ProtocolError('NOT_FOUND');
    if (shift.expertId !== principal.id) this.#mustManage(principal, shift.agency);
    const result = await this.store.removeShift(shiftId);
    if (result === 'in-use') throw new ProtocolError('IN_USE', { reason: 'bookings' });
    if (result === 'not-found') throw new ProtocolError('NOT_FOUND');
  }

  /** The caller's own shifts, and those of the agencies they supervise (all for an admin). */
  async listShifts(principal: Principal, from: string, to: string): Promise<Shift[]> {
    const scope = this.#supervisedAgencies(principal);
    const person = this.directory.user(principal.id);
    const own = person && holds(person, 'expert') ? await this.store.shifts({ from, to, expertId: principal.id }) : [];
    const supervised = scope === undefined ? [] : await this.store.shifts({ from, to, agencies: scope });
    const byId = new Map([...own, ...supervised].map((s) => [s.shiftId, s]));
    return [...byId.values()].sort((a, b) => a.startsAt - b.startsAt).map((s) => this.#shiftView(s));
  }

  // ── slots and bookings ────────────────────────────────────────────────────────────────────

  /** The free slots of an agency × language on a day: published, in opening hours, not past, not taken. */
  async freeSlots(agencyId: string, language: Language, day: string, now = Date.now()): Promise<Slot[]> {
    const agency = this.#agency(agencyId, language);
    const shifts = await this.store.shifts({ from: day, to: day, agency: agency.id, language });
    const taken = await this.store.taken(
      [...new Set(shifts.map((s) => s.expertId))],
      this.local.instant(day, '00:00'),
      this.local.instant(day, '24:00'),
    );
    const free = new Map<number, { endsAt: number; free: number }>();
    for (const shift of shifts) {
      for (const slot of slotsOf(shift)) {
        if (slot.startsAt <= now || taken.has(`${shift.expertId}|${slot.startsAt}`)) continue;
        if (this.#closedReason(agency, slot.startsAt, slot.endsAt)) continue;
        const entry = free.get(slot.startsAt) ?? { endsAt: slot.endsAt, free: 0 };
        entry.free += 1;
        free.set(slot.startsAt, entry);
      }
    }
    return [...free.entries()]
      .sort(([a], [b]) => a - b)
      .map(([startsAt, s]) => ({
        startsAt: new Date(startsAt).toISOString(),
        endsAt: new Date(s.endsAt).toISOString(),
        free: s.free,
      }));
  }

  async book(
    principal: Principal,
    input: BookingCreate,
    advisor: AdvisorRef | undefined,
    now = Date.now(),
  ): Promise<Booking> {
    const agency = this.#agency(input.agency, input.language);
    if (input.topic && !agency.topics.some((t) => t.id === input.topic)) throw new ProtocolError('UNKNOWN_TOPIC');
    // An interpreter language nobody of the pool interprets with the booking's language is refused
    // now, as the queue would refuse it at the check-in (queue-service.ts createRequest).
    const interpreter = input.interpreterLanguage;
    if (interpreter && !this.directory.interprets(interpreter, input.language))
      throw new ProtocolError('NO_INTERPRETER_LANGUAGE');
    const pointId = this.#bookingPoint(principal, input.pointId, advisor);
    const startsAt = Date.parse(input.startsAt);
    if (startsAt <= now) throw new ProtocolError('SLOT_IN_PAST');
    const day = this.local.day(startsAt);
    const shifts = (await this.store.shifts({ from: day, to: day, agency: agency.id, language: input.language }))
      .filter((s) => slotsOf(s).some((slot) => slot.startsAt === startsAt))
      .sort((a, b) => a.booked - b.booked || a.expertId.localeCompare(b.expertId));
    // Closed is said before "nobody serves": the advisor then knows no shift could ever be there.
    const slotMinutes = shifts[0]?.slotMinutes ?? 1;
    const closed = this.#closedReason(agency, startsAt, startsAt + slotMinutes * 60_000);
    if (closed) throw new ProtocolError('SLOT_CLOSED', { reason: closed });
    if (shifts.length === 0) throw new ProtocolError('NO_BOOKABLE_TIME');
    // The specialist with the fewest bookings that day first; a taken slot moves on to the next.
    for (const shift of shifts) {
      const booked = await this.store.book({
        shiftId: shift.shiftId,
        expertId: shift.expertId,
        agency: agency.id,
        language: input.language,
        topic: input.topic,
        pointId,
        interpreterLanguage: input.interpreterLanguage,
        startsAt,
        endsAt: startsAt + shift.slotMinutes * 60_000,
        createdBy: advisor?.id ?? principal.id,
      });
      if (booked) {
        await this.#due(booked, true);
        return this.#bookingView(booked);
      }
    }
    throw new ProtocolError('SLOT_TAKEN');
  }

  async cancel(principal: Principal, bookingId: string, now = Date.now()): Promise<Booking> {
    const booking = await this.#ownBooking(principal, bookingId);
    if (booking.state !== 'booked') throw new ProtocolError('CONFLICT', { reason: booking.state });
    const cancelled = await this.store.transition(bookingId, 'booked', 'cancelled', now);
    if (!cancelled) throw new ProtocolError('CONFLICT');
    await this.#due(cancelled, false);
    return this.#bookingView(cancelled);
  }

  /** The point's bookings of the local day of `now`. */
  async today(pointId: string, now = Date.now()): Promise<{ date: string; bookings: Booking[] }> {
    const date = this.local.day(now);
    const rows = await this.store.bookings({ ...this.#dayRange(date), pointId });
    return { date, bookings: rows.map((b) => this.#bookingView(b)) };
  }

  /**
   * The customer arrived. From `checkInEarlyMs` before the start until the no-show limit the
   * booking becomes `arrived` (a compare-and-set: a double tap checks in once) and its request is
   * queued through the queue's booking hook; if the queue refuses, the booking is `booked` again.
   */
  async checkIn(
    principal: Principal,
    bookingId: string,
    options: { advisor?: AdvisorRef; identityCheck?: IdentityCheck },
    now = Date.now(),
  ): Promise<BookingCheckInResult> {
    const booking = await this.#ownBooking(principal, bookingId);
    if (booking.state !== 'booked') throw new ProtocolError('CHECK_IN_NOT_OPEN', { reason: booking.state });
    if (now < booking.startsAt - this.settings.checkInEarlyMs)
      throw new ProtocolError('CHECK_IN_NOT_OPEN', { reason: 'too-early' });
    if (now > booking.startsAt + this.settings.noShowMs)
      throw new ProtocolError('CHECK_IN_NOT_OPEN', { reason: 'too-late' });
    const arrived = await this.store.transition(bookingId, 'booked', 'arrived', now);
    if (!arrived) throw new ProtocolError('CHECK_IN_NOT_OPEN', { reason: 'state' });
    // Checked in, it is in the queue itself: no longer booked time still to come.
    await this.#due(arrived, false);
    let request: RequestCreateResult;
    try {
      request = await this.queue.createRequest(booking.pointId, {
        agency: booking.agency,
        language: booking.language,
        ...(booking.topic ? { topic: booking.topic } : {}),
        ...(options.identityCheck ? { identityCheck: options.identityCheck } : {}),
        // A booked customer always queues while the agency is open (the hook ignores this for bookings).
        whenUnavailable: 'wait',
        ...(options.advisor ? { advisor: options.advisor } : {}),
        ...(booking.interpreterLanguage ? { interpreterLanguage: booking.interpreterLanguage } : {}),
        booking: { id: booking.bookingId, expertId: booking.expertId, startsAt: booking.startsAt },
      });
    } catch (error) {
      await this.store.transition(bookingId, 'arrived', 'booked', now);
      await this.#due(arrived, true);
      throw error;
    }
    if (request.status !== 'queued') {
      await this.store.transition(bookingId, 'arrived', 'booked', now);
      await this.#due(arrived, true);
      throw new ProtocolError('SLOT_CLOSED', { reason: request.reason });
    }
    const withTicket = await this.store.setTicket(bookingId, request.ticket.ticketId);
    return { booking: this.#bookingView(withTicket ?? arrived), request };
  }

  // ── agendas ───────────────────────────────────────────────────────────────────────────────

  async agendaDay(expertId: string, date: string): Promise<AgendaDay> {
    const [shifts, bookings] = await Promise.all([
      this.store.shifts({ from: date, to: date, expertId }),
      this.store.bookings({ ...this.#dayRange(date), expertId }),
    ]);
    return {
      date,
      shifts: shifts.map((s) => this.#shiftView(s)),
      bookings: bookings.filter((b) => b.state !== 'cancelled').map((b) => this.#bookingView(b)),
    };
  }

  /** A specialist's bookings from a day back to a few weeks ahead, for the calendar feed. */
  async agendaFeed(expertId: string, now = Date.now()): Promise<Booking[]> {
    const rows = await this.store.bookings({ from: now - DAY_MS, to: now + 60 * DAY_MS, expertId });
    return rows.filter((b) => b.state !== 'cancelled').map((b) => this.#bookingView(b));
  }

  /** May `principal` read `expertId`'s agenda: themselves, a supervisor of one of their agencies, an admin. */
  mayReadAgenda(principal: Principal, expertId: string): boolean {
    if (principal.id === expertId) return true;
    const scope = this.#supervisedAgencies(principal);
    if (scope === undefined) return false;
    const expert = this.directory.user(expertId);
    return expert?.skills.some((s) => scope.includes(s.agency)) ?? false;
  }

  async overview(principal: Principal, date: string): Promise<BookingOverview> {
    const scope = this.#supervisedAgencies(principal) ?? [];
    const rows = await this.store.bookings({ ...this.#dayRange(date), agencies: scope });
    const figures = new Map<string, BookingFigures>();
    for (const b of rows) {
      const key = `${b.agency}:${b.language}`;
      const f = figures.get(key) ?? {
        agency: b.agency,
        language: b.language,
        booked: 0,
        arrived: 0,
        served: 0,
        noShow: 0,
        cancelled: 0,
      };
      if (b.state === 'no-show') f.noShow += 1;
      else f[b.state] += 1;
      figures.set(key, f);
    }
    return {
      date,
      bookings: rows.filter((b) => b.state !== 'cancelled').map((b) => this.#bookingView(b)),
      figures: [...figures.values()].sort((a, b) =>
        `${a.agency}${a.language}`.localeCompare(`${b.agency}${b.language}`),
      ),
    };
  }

  // ── sweeps and queue events ───────────────────────────────────────────────────────────────

  /**
   * Bookings not checked in `noShowMs` after their start become no-shows, each counted once in
   * the day's figures of its queue (`noShow` in the queue's daily stats). Any process may run it
   * at any time: the state change is a compare-and-set, the count a set-guarded increment, and
   * recent no-shows are recounted so a count lost between the two is made good. Answers how many
   * bookings became no-shows now.
   */
  async sweepNoShows(now = Date.now()): Promise<number> {
    const changed = await this.store.markNoShows(now - this.settings.noShowMs, now);
    for (const booking of changed) await this.#due(booking, false);
    for (const booking of await this.store.noShowsSince(now - RECOUNT_MS)) {
      const day = this.local.day(booking.startsAt);
      await this.redis.eval(
        COUNT_NO_SHOW,
        2,
        this.keys.bookingNoShowsCounted(day),
        this.keys.stats(day, booking.agency, booking.language),
        booking.bookingId,
        STATS_TTL_SECONDS,
      );
    }
    return changed.length;
  }

  /** A checked-in booking's session ended: it was served. */
  async sessionEnded(ticketId: string, endedAt: number): Promise<void> {
    await this.store.servedByTicket(ticketId, endedAt);
  }

  /** Keeps the queue's bookings still to come (`Keys.bookingsDue`) for the walk-in estimate. */
  async #due(booking: BookingRow, due: boolean): Promise<void> {
    const key = this.keys.bookingsDue(booking.agency, booking.language);
    if (due) {
      await this.redis
        .multi()
        .zadd(key, booking.startsAt, booking.bookingId)
        // Starts long past are dropped as the set is written (a lost removal does not linger).
        .zremrangebyscore(key, '-inf', Date.now() - DAY_MS)
        .exec();
    } else {
      await this.redis.zrem(key, booking.bookingId);
    }
  }

  // ── rules ─────────────────────────────────────────────────────────────────────────────────

  #agency(id: string, language: Language): Agency {
    const agency = this.directory.agency(id);
    if (!agency) throw new ProtocolError('UNKNOWN_AGENCY');
    if (!agency.languages.includes(language)) throw new ProtocolError('UNKNOWN_LANGUAGE');
    return agency;
  }

  /** The agencies the caller supervises (every one for an admin); undefined when they supervise none. */
  #supervisedAgencies(principal: Principal): string[] | undefined {
    if (principal.role === 'point') return undefined;
    const person = this.directory.user(principal.id);
    if (!person) return undefined;
    if (holds(person, 'admin')) return this.directory.agencies().map((a) => a.id);
    if (holds(person, 'supervisor')) return [...person.agencies];
    return undefined;
  }

  #mustManage(principal: Principal, agencyId: string): void {
    if (!this.#supervisedAgencies(principal)?.includes(agencyId)) throw new ProtocolError('BOOKING_NOT_YOURS');
  }

  /** The point a booking is for: the caller's own, or another of the signed-in advisor's points. */
  #bookingPoint(principal: Principal, requested: string | undefined, advisor: AdvisorRef | undefined): string {
    if (!principal.pointId) throw new ProtocolError('FORBIDDEN');
    if (!requested || requested === principal.pointId) return principal.pointId;
    const person = advisor ? this.directory.user(advisor.id) : undefined;
    if (!person?.points.includes(requested) || !this.directory.point(requested))
      throw new ProtocolError('BOOKING_NOT_YOURS');
    return requested;
  }

  async #ownBooking(principal: Principal, bookingId: string): Promise<BookingRow> {
    const booking = await this.store.booking(bookingId);
    if (!booking) throw new ProtocolError('NOT_FOUND');
    if (booking.pointId !== principal.pointId) throw new ProtocolError('BOOKING_NOT_YOURS');
    return booking;
  }

  /** Why the agency is closed for some of [from, to): a public holiday, its hours, or undefined when open. */
  #closedReason(agency: Agency, from: number, to: number): 'holiday' | 'hours' | undefined {
    if (this.settings.alwaysOpen) return undefined;
    const start = this.local.of(from);
    const end = this.local.of(to);
    const hours = hoursOn(agency, start.day);
    if (!hours) {
      const exception = agency.openingExceptions?.some((e) => e.date === start.day);
      return !exception && agency.publicHolidays !== 'open' && finnishHolidayOn(start.day) ? 'holiday' : 'hours';
    }
    const endTime = end.day === start.day ? end.time : '24:00';
    return start.time >= hours.opens && endTime <= hours.closes ? undefined : 'hours';
  }

  #mustBeOpen(agency: Agency, day: string, starts: string, ends: string): void {
    const reason = this.#closedReason(agency, this.local.instant(day, starts), this.local.instant(day, ends));
    if (reason) throw new ProtocolError('SLOT_CLOSED', { reason });
  }

  #dayRange(date: string): { from: number; to: number } {
    return { from: this.local.instant(date, '00:00'), to: this.local.instant(date, '24:00') };
  }

  #nameOf(userId: string): string {
    return this.directory.user(userId)?.displayName ?? userId;
  }

  #shiftView(s: ShiftRow): Shift {
    return {
      shiftId: s.shiftId,
      expertId: s.expertId,
      expertName: this.#nameOf(s.expertId),
      agency: s.agency,
      language: s.language,
      date: s.day,
      startsAt: new Date(s.startsAt).toISOString(),
      endsAt: new Date(s.endsAt).toISOString(),
      slotMinutes: s.slotMinutes,
      booked: s.booked,
    };
  }

  #bookingView(b: BookingRow): Booking {
    return {
      bookingId: b.bookingId,
      agency: b.agency,
      language: b.language,
      ...(b.topic ? { topic: b.topic } : {}),
      pointId: b.pointId,
      expertId: b.expertId,
      expertName: this.#nameOf(b.expertId),
      startsAt: new Date(b.startsAt).toISOString(),
      endsAt: new Date(b.endsAt).toISOString(),
      ...(b.interpreterLanguage ? { interpreterLanguage: b.interpreterLanguage } : {}),
      state: b.state,
      ...(b.ticketId ? { ticketId: b.ticketId } : {}),
      createdAt: new Date(b.createdAt).toISOString(),
    };
  }
}

/** The slots of a shift: from its start, every `slotMinutes`, each ending within the shift. */
export function slotsOf(
  shift: Pick<ShiftRow, 'startsAt' | 'endsAt' | 'slotMinutes'>,
): { startsAt: number; endsAt: number }[] {
  const length = shift.slotMinutes * 60_000;
  const slots: { startsAt: number; endsAt: number }[] = [];
  for (let t = shift.startsAt; t + length <= shift.endsAt; t += length) slots.push({ startsAt: t, endsAt: t + length });
  return slots;
}
