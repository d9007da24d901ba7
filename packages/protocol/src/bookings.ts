/**
 * Appointments (issue 15, part 1). Specialists, or their supervisors, publish bookable shifts per
 * agency × language: a day, a start and an end in the service's time zone, cut into slots of a
 * fixed length. An advisor books a slot for a customer at their point; on arrival the advisor
 * checks the customer in, and the visit enters the queue ahead of walk-ins, offered first to the
 * booked specialist. A booking not checked in `BOOKING_NO_SHOW_MINUTES` after its start is a
 * no-show, counted in the day's figures. A slot is never booked twice (the database's rule).
 */
import { z } from 'zod';
import { IdentityCheck } from './advisor.js';
import { AgencyId, EntityId, InterpreterLanguage, IsoDay, Language, PointId, Slug, UserId } from './domain.js';
import { RequestCreateResult } from './queue.js';

/** Local wall time `HH:MM` (24-hour; `24:00` ends a shift at midnight). */
const WallTime = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'HH:MM');

/** The slot lengths a shift may be cut into, minutes. */
export const SLOT_MINUTES_MIN = 5;
export const SLOT_MINUTES_MAX = 240;

/**
 * `booked` until the customer arrives (`arrived`: checked in, queued), then `served` when the
 * session ends; `no-show` when not checked in within the limit; `cancelled` frees the slot.
 */
export const BookingState = z.enum(['booked', 'arrived', 'served', 'no-show', 'cancelled']);
export type BookingState = z.infer<typeof BookingState>;

export const Shift = z.strictObject({
  shiftId: EntityId,
  expertId: UserId,
  expertName: z.string().max(100),
  agency: AgencyId,
  language: Language,
  date: IsoDay,
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  slotMinutes: z.number().int().min(SLOT_MINUTES_MIN).max(SLOT_MINUTES_MAX),
  /** Slots of the shift booked now (not cancelled). */
  booked: z.number().int().nonnegative(),
});
export type Shift = z.infer<typeof Shift>;

export const ShiftPublish = z
  .strictObject({
    /** Whose shift: the caller's own when absent; a supervisor of the agency or an admin may name another. */
    expertId: UserId.optional(),
    agency: AgencyId,
    language: Language,
    date: IsoDay,
    starts: WallTime,
    ends: WallTime,
    slotMinutes: z.number().int().min(SLOT_MINUTES_MIN).max(SLOT_MINUTES_MAX),
  })
  .refine((s) => s.starts < s.ends, { message: 'ends before it starts', path: ['ends'] });
export type ShiftPublish = z.infer<typeof ShiftPublish>;

export const ShiftRef = z.strictObject({ shiftId: EntityId });

/** The shifts the caller may see in a period: their own, or those of their agencies (supervisors). */
export const ShiftQuery = z.strictObject({ from: IsoDay, to: IsoDay });
export const ShiftList = z.strictObject({ shifts: z.array(Shift) });

export const SlotQuery = z.strictObject({ agency: AgencyId, language: Language, date: IsoDay });
export const Slot = z.strictObject({
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  /** How many specialists are still free at that time (one booking takes one). */
  free: z.number().int().positive(),
});
export type Slot = z.infer<typeof Slot>;
export const SlotList = z.strictObject({
  agency: AgencyId,
  language: Language,
  date: IsoDay,
  slots: z.array(Slot),
});
export type SlotList = z.infer<typeof SlotList>;

export const BookingCreate = z.strictObject({
  agency: AgencyId,
  language: Language,
  startsAt: z.iso.datetime(),
  topic: Slug.optional(),
  /** The point the customer will come to: the caller's own when absent, else one of the advisor's points. */
  pointId: PointId.optional(),
  interpreterLanguage: InterpreterLanguage.optional(),
});
export type BookingCreate = z.infer<typeof BookingCreate>;

export const Booking = z.strictObject({
  bookingId: EntityId,
  agency: AgencyId,
  language: Language,
  topic: Slug.optional(),
  pointId: PointId,
  expertId: UserId,
  expertName: z.string().max(100),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  interpreterLanguage: InterpreterLanguage.optional(),
  state: BookingState,
  /** The queue's request made at check-in. */
  ticketId: EntityId.optional(),
  createdAt: z.iso.datetime(),
});
export type Booking = z.infer<typeof Booking>;

export const BookingRef = z.strictObject({ bookingId: EntityId });
/** The customer has arrived; how the advisor checked their identity (as `request:create`). */
export const BookingCheckIn = z.strictObject({ bookingId: EntityId, identityCheck: IdentityCheck.optional() });
export const BookingList = z.strictObject({ date: IsoDay, bookings: z.array(Booking) });
export type BookingList = z.infer<typeof BookingList>;

/** The customer arrived: the booking is `arrived` and its request queued. */
export const BookingCheckInResult = z.strictObject({ booking: Booking, request: RequestCreateResult });
export type BookingCheckInResult = z.infer<typeof BookingCheckInResult>;

export const DayQuery = z.strictObject({ date: IsoDay });

/** A specialist's day: their shifts and bookings. */
export const AgendaDay = z.strictObject({ date: IsoDay, shifts: z.array(Shift), bookings: z.array(Booking) });
export type AgendaDay = z.infer<typeof AgendaDay>;

/** A day's bookings per agency × language, by state: the supervisor's figures beside the queue. */
export const BookingFigures = z.strictObject({
  agency: AgencyId,
  language: Language,
  booked: z.number().int().nonnegative(),
  arrived: z.number().int().nonnegative(),
  served: z.number().int().nonnegative(),
  noShow: z.number().int().nonnegative(),
  cancelled: z.number().int().nonnegative(),
});
export type BookingFigures = z.infer<typeof BookingFigures>;
export const BookingOverview = z.strictObject({
  date: IsoDay,
  bookings: z.array(Booking),
  figures: z.array(BookingFigures),
});
export type BookingOverview = z.infer<typeof BookingOverview>;

/** A specialist's calendar feed: a secret address calendar apps can read without a sign-in header. */
export const AgendaFeed = z.strictObject({ path: z.string() });
export type AgendaFeed = z.infer<typeof AgendaFeed>;

const Empty = z.strictObject({});

/** The booking events, merged into the one event table (events.ts). */
export const bookingClientEvents = {
  /** Free slots of an agency × language on a day (for the point's booking form). */
  'booking:slots': { capability: 'visit', payload: SlotQuery, result: SlotList },
  /** Books a slot for a customer; the slot's specialist is chosen by the server. */
  'booking:create': { capability: 'visit', payload: BookingCreate, result: Booking },
  /** Cancels a booking of this point that has not started. */
  'booking:cancel': { capability: 'visit', payload: BookingRef, result: Booking },
  /** Today's bookings at this point. */
  'booking:today': { capability: 'visit', payload: Empty, result: BookingList },
  /** The customer has arrived: the visit is queued ahead of walk-ins, for the booked specialist first. */
  'booking:check-in': { capability: 'visit', payload: BookingCheckIn, result: BookingCheckInResult },
  /** Publishes a bookable shift (a specialist their own; a supervisor or admin anyone's of their agencies). */
  'shift:publish': { capability: null, payload: ShiftPublish, result: Shift },
  /** Removes a shift without active bookings. */
  'shift:remove': { capability: null, payload: ShiftRef, result: ShiftRef },
  /** Shifts in a period: the caller's own, or of the agencies they supervise. */
  'shift:list': { capability: null, payload: ShiftQuery, result: ShiftList },
  /** The calling specialist's day: shifts and bookings. */
  'agenda:day': { capability: 'serve', payload: DayQuery, result: AgendaDay },
  /**
   * A new secret address of the calling specialist's calendar feed (`.ics`, a path on this server);
   * the previous address stops working.
   */
  'agenda:feed': { capability: 'serve', payload: Empty, result: AgendaFeed },
  /** A day's bookings of the supervisor's agencies, with figures by state. */
  'booking:overview': { capability: 'supervise', payload: DayQuery, result: BookingOverview },
} as const;
