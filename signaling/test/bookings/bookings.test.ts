/**
 * Appointments against a real Redis, the real server and its embedded database (PGlite): shifts
 * published by the specialist or their supervisor, free slots, a slot booked once under a race of
 * many advisors, every refusal coded, check-in queueing the booked request through the queue's
 * hook, the no-show sweep counted once in the day's figures, and the specialist's calendar feed.
 */
import type {
  AgendaDay,
  AgendaFeed,
  Booking,
  BookingCheckInResult,
  BookingOverview,
  Offer,
  Principal,
  Shift,
  SlotList,
} from '@etapiste/protocol';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { BookingService } from '../../src/bookings/booking-service.js';
import { BookingStore } from '../../src/bookings/booking-store.js';
import { LocalTime } from '../../src/bookings/local-time.js';
import { code, ok } from '../support/acks.js';
import { nextEvent } from '../support/events.js';
import { connect, type Harness, request, startHarness, type TestSocket } from '../support/harness.js';
import { pointToken, tokenFor } from '../support/queue-seed.js';
import { until } from '../support/until.js';
import { local, openWeekday, soonSlot, weekdayHoliday, writeBookingSeed } from './booking-seed.js';

jest.setTimeout(90_000);

describe('appointments', () => {
  let h: Harness;
  const sockets: TestSocket[] = [];
  const tokens: Record<string, string> = {};
  const as = async (who: string) => {
    const socket = await connect(h.baseUrl, tokens[who]);
    sockets.push(socket);
    return socket;
  };
  const day = openWeekday();
  const at = (date: string, time: string) => new Date(local.instant(date, time)).toISOString();

  beforeAll(async () => {
    h = await startHarness({
      SEED_FILE: writeBookingSeed(),
      LEDGER_ENABLED: 'true',
      LEDGER_DATA_DIR: 'memory://',
      SOCKET_COMMANDS_PER_SECOND: '1000',
    });
    for (const id of ['tax-a', 'tax-b', 'kela-a', 'kela-b', 'boss']) tokens[id] = await tokenFor(h.signaling, id);
    for (const id of ['p1', 'p2']) tokens[id] = await pointToken(h.signaling, id);
  });
  afterAll(async () => {
    for (const socket of sockets.splice(0)) socket.close();
    await h.close();
  });

  it('publishes shifts by the specialist or their supervisor, and refuses the wrong ones with codes', async () => {
    const taxA = await as('tax-a');
    const boss = await as('boss');
    const point = await as('p1');
    const own = await ok<Shift>(
      request(taxA, 'shift:publish', {
        agency: 'tax',
        language: 'fi',
        date: day,
        starts: '09:00',
        ends: '10:00',
        slotMinutes: 30,
      }),
    );
    expect(own).toMatchObject({ expertId: 'tax-a', startsAt: at(day, '09:00'), endsAt: at(day, '10:00'), booked: 0 });
    // The supervisor of tax publishes for another of its specialists.
    const forB = await ok<Shift>(
      request(boss, 'shift:publish', {
        expertId: 'tax-b',
        agency: 'tax',
        language: 'fi',
        date: day,
        starts: '09:00',
        ends: '10:00',
        slotMinutes: 30,
      }),
    );
    expect(forB.expertId).toBe('tax-b');
    const shift = (over: object) => ({
      agency: 'tax',
      language: 'fi',
      date: day,
      starts: '11:00',
      ends: '12:00',
      slotMinutes: 30,
      ...over,
    });
    expect(await code(request(taxA, 'shift:publish', shift({ expertId: 'tax-b' })))).toBe('BOOKING_NOT_YOURS');
    expect(await code(request(taxA, 'shift:publish', shift({ starts: '09:30', ends: '10:30' })))).toBe(
      'SHIFT_OVERLAPS',
    );
    expect(await code(request(taxA, 'shift:publish', shift({ agency: 'kela' })))).toBe('SKILL_MISSING');
    expect(await code(request(taxA, 'shift:publish', shift({ starts: '15:00', ends: '17:00' })))).toBe('SLOT_CLOSED');
    const holiday = await request(taxA, 'shift:publish', shift({ date: weekdayHoliday() }));
    expect(holiday).toMatchObject({ ok: false, error: { code: 'SLOT_CLOSED', reason: 'holiday' } });
    expect(await code(request(point, 'shift:publish', shift({})))).toBe('FORBIDDEN');

    const listed = await ok<{ shifts: Shift[] }>(request(boss, 'shift:list', { from: day, to: day }));
    expect(listed.shifts.map((s) => s.expertId).sort()).toEqual(['tax-a', 'tax-b']);
    const slots = await ok<SlotList>(request(point, 'booking:slots', { agency: 'tax', language: 'fi', date: day }));
    expect(slots.slots).toEqual([
      { startsAt: at(day, '09:00'), endsAt: at(day, '09:30'), free: 2 },
      { startsAt: at(day, '09:30'), endsAt: at(day, '10:00'), free: 2 },
    ]);
  });

  it('books a slot exactly once when many advisors race for it; the rest are told SLOT_TAKEN', async () => {
    const taxA = await as('tax-a');
    // tax-a is the only specialist at 13:00: one slot, many advisors.
    await ok(
      request(taxA, 'shift:publish', {
        agency: 'tax',
        language: 'fi',
        date: day,
        starts: '13:00',
        ends: '13:30',
        slotMinutes: 30,
      }),
    );
    const points = [await as('p1'), await as('p2'), await as('p1'), await as('p2')];
    const attempts = Array.from({ length: 24 }, (_, i) =>
      request(points[i % points.length] as TestSocket, 'booking:create', {
        agency: 'tax',
        language: 'fi',
        startsAt: at(day, '13:00'),
        topic: 'tax-card',
      }),
    );
    const codes = await Promise.all(attempts.map((a) => code(a)));
    expect(codes.filter((c) => c === 'ok')).toHaveLength(1);
    expect(codes.filter((c) => c === 'SLOT_TAKEN')).toHaveLength(23);
    const rows = await h.signaling.ledger?.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM bookings WHERE starts_at = $1 AND state <> 'cancelled'`,
      [at(day, '13:00')],
    );
    expect(rows?.[0]?.n).toBe(1);

    // The same race straight at the database: the unique index alone decides.
    const store = new BookingStore(h.signaling.ledger?.db as never);
    const [shift] = await store.shifts({ from: day, to: day, expertId: 'tax-a' });
    const input = {
      shiftId: shift?.shiftId ?? '',
      expertId: 'tax-a',
      agency: 'tax',
      language: 'fi' as const,
      topic: undefined,
      pointId: 'p1',
      interpreterLanguage: undefined,
      startsAt: local.instant(day, '09:30'),
      endsAt: local.instant(day, '10:00'),
      createdBy: 'race',
    };
    const won = await Promise.all(Array.from({ length: 30 }, () => store.book(input)));
    expect(won.filter(Boolean)).toHaveLength(1);
  });

  it('refuses a time in the past, outside hours, on a holiday, without a shift, and another point', async () => {
    const point = await as('p1');
    const other = await as('p2');
    const book = (over: object) =>
      request(point, 'booking:create', { agency: 'tax', language: 'fi', startsAt: at(day, '09:00'), ...over });
    expect(await code(book({ startsAt: new Date(Date.now() - 3_600_000).toISOString() }))).toBe('SLOT_IN_PAST');
    expect(await book({ startsAt: at(day, '20:00') })).toMatchObject({
      ok: false,
      error: { code: 'SLOT_CLOSED', reason: 'hours' },
    });
    expect(await book({ startsAt: at(weekdayHoliday(), '10:00') })).toMatchObject({
      ok: false,
      error: { code: 'SLOT_CLOSED', reason: 'holiday' },
    });
    expect(await code(book({ language: 'en' }))).toBe('NO_BOOKABLE_TIME');
    expect(await code(book({ startsAt: at(day, '09:10') }))).toBe('NO_BOOKABLE_TIME');
    expect(await code(book({ agency: 'nope' }))).toBe('UNKNOWN_AGENCY');
    expect(await code(book({ topic: 'no-such-topic' }))).toBe('UNKNOWN_TOPIC');
    // Another point than the caller's, without an advisor whose points include it.
    expect(await code(book({ pointId: 'p2' }))).toBe('BOOKING_NOT_YOURS');

    // An interpreter language the pool does not have with Finnish is refused now, not at the check-in.
    expect(await code(book({ interpreterLanguage: 'so' }))).toBe('NO_INTERPRETER_LANGUAGE');
    const booking = await ok<Booking>(book({ interpreterLanguage: 'ar' }));
    expect(booking).toMatchObject({ pointId: 'p1', state: 'booked', interpreterLanguage: 'ar', expertId: 'tax-b' });
    // Booked time still to come is there for the walk-in estimate (queue/estimate.ts), until cancelled.
    const due = h.signaling.keys.bookingsDue('tax', 'fi');
    expect(Number(await h.redis.zscore(due, booking.bookingId))).toBe(Date.parse(booking.startsAt));
    // Someone else's booking is not theirs to cancel or check in; a future one is not checked in yet.
    expect(await code(request(other, 'booking:cancel', { bookingId: booking.bookingId }))).toBe('BOOKING_NOT_YOURS');
    expect(await code(request(other, 'booking:check-in', { bookingId: booking.bookingId }))).toBe('BOOKING_NOT_YOURS');
    expect(await request(point, 'booking:check-in', { bookingId: booking.bookingId })).toMatchObject({
      ok: false,
      error: { code: 'CHECK_IN_NOT_OPEN', reason: 'too-early' },
    });
    // Cancelling frees the slot for the next booking.
    expect(await ok<Booking>(request(point, 'booking:cancel', { bookingId: booking.bookingId }))).toMatchObject({
      state: 'cancelled',
    });
    expect(await h.redis.zscore(due, booking.bookingId)).toBeNull();
    const slots = await ok<SlotList>(request(point, 'booking:slots', { agency: 'tax', language: 'fi', date: day }));
    expect(slots.slots.find((s) => s.startsAt === at(day, '09:00'))?.free).toBe(2);
    // A removed shift with a booking is refused; the supervisor sees the day's bookings beside figures.
    const boss = await as('boss');
    const overview = await ok<BookingOverview>(request(boss, 'booking:overview', { date: day }));
    expect(overview.figures).toEqual([
      { agency: 'tax', language: 'fi', booked: 2, arrived: 0, served: 0, noShow: 0, cancelled: 1 },
    ]);
    const taxA = await as('tax-a');
    const [withBooking] = (await ok<AgendaDay>(request(taxA, 'agenda:day', { date: day }))).shifts.filter(
      (s) => s.booked > 0,
    );
    expect(await request(taxA, 'shift:remove', { shiftId: withBooking?.shiftId })).toMatchObject({
      ok: false,
      error: { code: 'IN_USE', reason: 'bookings' },
    });
  });

  it('checks a booked customer in: the request is queued with the booking, for the booked specialist', async () => {
    const kelaA = await as('kela-a');
    const kelaB = await as('kela-b');
    const point = await as('p1');
    const { at: startsAt, ...slot } = soonSlot(10);
    await ok(request(kelaB, 'shift:publish', { agency: 'kela', language: 'fi', slotMinutes: 10, ...slot }));
    const booking = await ok<Booking>(
      request(point, 'booking:create', { agency: 'kela', language: 'fi', startsAt: new Date(startsAt).toISOString() }),
    );
    expect(booking.expertId).toBe('kela-b');
    const today = await ok<{ bookings: Booking[] }>(request(point, 'booking:today', {}));
    // Today's list is Helsinki's today: a slot after midnight, booked in a day's last minutes, is
    // tomorrow's and not in it.
    const bookedForToday = slot.date === local.of(Date.now()).day;
    expect(today.bookings.map((b) => b.bookingId).includes(booking.bookingId)).toBe(bookedForToday);

    // Both specialists are available; the booked one is offered the customer.
    await ok(request(kelaA, 'presence:set', { state: 'available' }));
    await ok(request(kelaB, 'presence:set', { state: 'available' }));
    const offered = nextEvent(kelaB, 'offer:incoming');
    const checkedIn = await ok<BookingCheckInResult>(
      request(point, 'booking:check-in', { bookingId: booking.bookingId, identityCheck: 'passport' }),
    );
    expect(checkedIn.booking.state).toBe('arrived');
    expect(checkedIn.request.status).toBe('queued');
    if (checkedIn.request.status !== 'queued') return;
    expect(checkedIn.request.ticket.bookingId).toBe(booking.bookingId);
    expect(checkedIn.booking.ticketId).toBe(checkedIn.request.ticket.ticketId);
    const offer: Offer = await offered;
    expect(offer.ticketId).toBe(checkedIn.request.ticket.ticketId);
    expect(await h.redis.zscore(h.signaling.keys.bookingsDue('kela', 'fi'), booking.bookingId)).toBeNull();
    // A second tap does not queue the customer twice.
    expect(await request(point, 'booking:check-in', { bookingId: booking.bookingId })).toMatchObject({
      ok: false,
      error: { code: 'CHECK_IN_NOT_OPEN', reason: 'arrived' },
    });
    // The booked specialist serves the customer: when the session ends the booking was served.
    const { sessionId } = await ok<{ sessionId: string }>(request(kelaB, 'offer:accept', { offerId: offer.offerId }));
    await ok(request(kelaB, 'session:end', { sessionId }));
    // Read from the store, not booking:today: a slot booked in a day's last minutes is tomorrow's.
    const db = h.signaling.ledger?.db;
    if (!db) throw new Error('no database');
    const store = new BookingStore(db);
    await until('the booking served', async () => (await store.booking(booking.bookingId))?.state === 'served');
  });

  it("renews the advisor's sign-in when a booking or a check-in succeeds, never when it is refused", async () => {
    const kelaA = await as('kela-a');
    const point = await as('p2');
    const key = h.signaling.keys.pointAdvisor('p2');
    // The advisor signed in at p2, with 100 s of idle time left (the default idle time is 900 s).
    await h.redis.hset(key, { advisorId: 'adv', signedInAt: new Date().toISOString() });
    await h.redis.expire(key, 100);
    const book = (over: object) =>
      request(point, 'booking:create', { agency: 'kela', language: 'fi', startsAt: at(day, '12:00'), ...over });
    expect(await code(book({ startsAt: new Date(Date.now() - 3_600_000).toISOString() }))).toBe('SLOT_IN_PAST');
    expect(await code(book({}))).toBe('NO_BOOKABLE_TIME');
    expect(await code(request(point, 'booking:check-in', { bookingId: 'no-such-booking' }))).toBe('NOT_FOUND');
    expect(await h.redis.ttl(key)).toBeLessThanOrEqual(100);

    await ok(
      request(kelaA, 'shift:publish', {
        agency: 'kela',
        language: 'fi',
        date: day,
        starts: '12:00',
        ends: '13:00',
        slotMinutes: 30,
      }),
    );
    const booking = await ok<Booking>(book({}));
    expect(booking).toMatchObject({ pointId: 'p2', expertId: 'kela-a' });
    expect(await h.redis.ttl(key)).toBeGreaterThan(800);
    // A refused check-in (the booking is not open for it yet) leaves the renewed time running down.
    await h.redis.expire(key, 100);
    expect(await code(request(point, 'booking:check-in', { bookingId: booking.bookingId }))).toBe('CHECK_IN_NOT_OPEN');
    expect(await h.redis.ttl(key)).toBeLessThanOrEqual(100);
    await ok(request(point, 'booking:cancel', { bookingId: booking.bookingId }));
  });

  it('turns a booking not checked in into a no-show, counted once in the day figures by any process', async () => {
    const db = h.signaling.ledger?.db;
    if (!db) throw new Error('no database');
    const start = Math.floor((Date.now() - 60 * 60_000) / 60_000) * 60_000;
    const startLocal = local.of(start);
    const endLocal = local.of(start + 15 * 60_000);
    // Two services over the same database and Redis stand for two signaling processes.
    const queueUnused = {
      createRequest: () => Promise.reject(new Error('not in this test')),
    };
    const settings = { noShowMs: 10 * 60_000, checkInEarlyMs: 30 * 60_000, alwaysOpen: false };
    const make = () =>
      new BookingService(
        new BookingStore(db),
        h.signaling.directory,
        new LocalTime('Europe/Helsinki'),
        queueUnused,
        h.signaling.redis,
        h.signaling.keys,
        settings,
      );
    const [one, two] = [make(), make()];
    const expert: Principal = { id: 'kela-a', role: 'expert', displayName: 'kela-a', capabilities: ['serve'] };
    const point: Principal = { id: 'p2', role: 'point', displayName: 'p2', capabilities: ['visit'], pointId: 'p2' };
    const before = start - 60 * 60_000;
    await one.publishShift(
      expert,
      {
        agency: 'kela',
        language: 'fi',
        date: startLocal.day,
        starts: startLocal.time,
        ends: endLocal.day === startLocal.day ? endLocal.time : '24:00',
        slotMinutes: 15,
      },
      before,
    );
    const booking = await one.book(
      point,
      { agency: 'kela', language: 'fi', startsAt: new Date(start).toISOString() },
      undefined,
      before,
    );
    const stats = h.signaling.keys.stats(local.day(start), 'kela', 'fi');
    const noShowsBefore = Number((await h.redis.hget(stats, 'noShow')) ?? 0);

    // Three sweeps at once (and perhaps the server's own): the booking changes state once.
    const changed = await Promise.all([one.sweepNoShows(), two.sweepNoShows(), one.sweepNoShows()]);
    expect(changed.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1);
    const [row] = await db.query<{ state: string }>('SELECT state FROM bookings WHERE booking_id = $1', [
      booking.bookingId,
    ]);
    expect(row?.state).toBe('no-show');
    // Counted once, however many sweeps ran (the server's own periodic sweep included).
    const counted = await h.redis.sismember(
      h.signaling.keys.bookingNoShowsCounted(local.day(start)),
      booking.bookingId,
    );
    expect(counted).toBe(1);
    expect(noShowsBefore).toBeLessThanOrEqual(1);
    expect(await h.redis.hget(stats, 'noShow')).toBe('1');
    await two.sweepNoShows();
    expect(await h.redis.hget(stats, 'noShow')).toBe('1');
    // A no-show is not checked in any more.
    const p2 = await as('p2');
    expect(await request(p2, 'booking:check-in', { bookingId: booking.bookingId })).toMatchObject({
      ok: false,
      error: { code: 'CHECK_IN_NOT_OPEN', reason: 'no-show' },
    });
  });

  it("serves the specialist's agenda as iCalendar: by its secret address, or to them and their supervisor", async () => {
    const taxA = await as('tax-a');
    const feed = await ok<AgendaFeed>(request(taxA, 'agenda:feed', {}));
    const calendar = await fetch(`${h.baseUrl}${feed.path}`);
    expect(calendar.status).toBe(200);
    expect(calendar.headers.get('content-type')).toContain('text/calendar');
    const text = await calendar.text();
    expect(text).toContain('BEGIN:VCALENDAR');
    expect(text).toMatch(/BEGIN:VEVENT[\s\S]*@etapiste[\s\S]*END:VEVENT/);
    expect(text).toContain('LOCATION:p1');

    const wrong = await fetch(`${h.baseUrl}/api/experts/tax-a/agenda.ics?token=${'x'.repeat(32)}`);
    expect(wrong.status).toBe(401);
    // A new address replaces the old one.
    await ok<AgendaFeed>(request(taxA, 'agenda:feed', {}));
    expect((await fetch(`${h.baseUrl}${feed.path}`)).status).toBe(401);
    const bearer = (who: string) =>
      fetch(`${h.baseUrl}/api/experts/tax-a/agenda.ics`, { headers: { authorization: `Bearer ${tokens[who]}` } });
    expect((await bearer('tax-a')).status).toBe(200);
    expect((await bearer('boss')).status).toBe(200);
    expect((await bearer('kela-a')).status).toBe(403);
    expect((await fetch(`${h.baseUrl}/api/experts/tax-a/agenda.ics`)).status).toBe(401);
  });
});
