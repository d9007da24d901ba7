/**
 * Shifts, bookings and calendar-feed secrets in the database (migration 12), shared by every
 * signaling process. The one rule that must hold under any concurrency, one booking per
 * specialist and start, is the database's partial unique index: `book` inserts with
 * `ON CONFLICT DO NOTHING`, so of many advisors booking one slot at once exactly one gets a row.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { BookingState, Language } from '@etapiste/protocol';
import type { LedgerDatabase, SqlClient } from '../ledger/database.js';

export interface ShiftRow {
  shiftId: string;
  expertId: string;
  agency: string;
  language: Language;
  day: string;
  startsAt: number;
  endsAt: number;
  slotMinutes: number;
  booked: number;
}

export interface BookingRow {
  bookingId: string;
  shiftId: string;
  expertId: string;
  agency: string;
  language: Language;
  topic: string | undefined;
  pointId: string;
  interpreterLanguage: string | undefined;
  startsAt: number;
  endsAt: number;
  createdBy: string;
  state: BookingState;
  ticketId: string | undefined;
  createdAt: number;
}

interface RawShift {
  shift_id: string;
  expert_id: string;
  agency: string;
  language: Language;
  day: string | Date;
  starts_at: Date | string;
  ends_at: Date | string;
  slot_minutes: number;
  booked?: number;
}

interface RawBooking {
  booking_id: string;
  shift_id: string;
  expert_id: string;
  agency: string;
  language: Language;
  topic: string | null;
  point_id: string;
  interpreter_language: string | null;
  starts_at: Date | string;
  ends_at: Date | string;
  created_by: string;
  state: BookingState;
  ticket_id: string | null;
  created_at: Date | string;
}

const ms = (value: Date | string) => new Date(value).getTime();
const newId = (prefix: string) => `${prefix}${randomBytes(12).toString('base64url')}`;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const SHIFT_COLUMNS = `s.shift_id, s.expert_id, s.agency, s.language, to_char(s.day, 'YYYY-MM-DD') AS day,
  s.starts_at, s.ends_at, s.slot_minutes,
  (SELECT count(*)::int FROM bookings b WHERE b.shift_id = s.shift_id AND b.state <> 'cancelled') AS booked`;

function shiftOf(r: RawShift): ShiftRow {
  return {
    shiftId: r.shift_id,
    expertId: r.expert_id,
    agency: r.agency,
    language: r.language,
    day: typeof r.day === 'string' ? r.day : r.day.toISOString().slice(0, 10),
    startsAt: ms(r.starts_at),
    endsAt: ms(r.ends_at),
    slotMinutes: r.slot_minutes,
    booked: r.booked ?? 0,
  };
}

function bookingOf(r: RawBooking): BookingRow {
  return {
    bookingId: r.booking_id,
    shiftId: r.shift_id,
    expertId: r.expert_id,
    agency: r.agency,
    language: r.language,
    topic: r.topic ?? undefined,
    pointId: r.point_id,
    interpreterLanguage: r.interpreter_language ?? undefined,
    startsAt: ms(r.starts_at),
    endsAt: ms(r.ends_at),
    createdBy: r.created_by,
    state: r.state,
    ticketId: r.ticket_id ?? undefined,
    createdAt: ms(r.created_at),
  };
}

export class BookingStore {
  constructor(private readonly db: LedgerDatabase) {}

  // ── shifts ────────────────────────────────────────────────────────────────────────────────

  /**
   * Adds a shift unless it overlaps another of the same specialist; the check and the insert are
   * one transaction under a lock on the specialist, so two publishes at once cannot both pass it.
   */
  async addShift(
    input: Omit<ShiftRow, 'shiftId' | 'booked'> & { publishedBy: string },
  ): Promise<ShiftRow | 'overlaps'> {
    return this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`shift:${input.expertId}`]);
      const overlapping = await tx.query(
        `SELECT 1 FROM booking_shifts WHERE expert_id = $1 AND starts_at < $3 AND ends_at > $2 LIMIT 1`,
        [input.expertId, new Date(input.startsAt).toISOString(), new Date(input.endsAt).toISOString()],
      );
      if (overlapping.length > 0) return 'overlaps';
      const shiftId = newId('s');
      await tx.query(
        `INSERT INTO booking_shifts (shift_id, expert_id, agency, language, day, starts_at, ends_at, slot_minutes, published_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          shiftId,
          input.expertId,
          input.agency,
          input.language,
          input.day,
          new Date(input.startsAt).toISOString(),
          new Date(input.endsAt).toISOString(),
          input.slotMinutes,
          input.publishedBy,
        ],
      );
      return { ...input, shiftId, booked: 0 };
    });
  }

  async shift(shiftId: string): Promise<ShiftRow | undefined> {
    const [row] = await this.db.query<RawShift>(`SELECT ${SHIFT_COLUMNS} FROM booking_shifts s WHERE shift_id = $1`, [
      shiftId,
    ]);
    return row ? shiftOf(row) : undefined;
  }

  /** Removes a shift only while none of its slots is booked (checked in the same statement). */
  async removeShift(shiftId: string): Promise<'removed' | 'in-use' | 'not-found'> {
    const removed = await this.db.query(
      `DELETE FROM booking_shifts s WHERE shift_id = $1
         AND NOT EXISTS (SELECT 1 FROM bookings b WHERE b.shift_id = s.shift_id AND b.state IN ('booked', 'arrived'))
       RETURNING shift_id`,
      [shiftId],
    );
    if (removed.length > 0) return 'removed';
    return (await this.shift(shiftId)) ? 'in-use' : 'not-found';
  }

  /** Shifts of some queue on a day, or a specialist's, or of some agencies, in a period. */
  async shifts(filter: {
    from: string;
    to: string;
    agency?: string;
    language?: string;
    expertId?: string;
    agencies?: readonly string[];
  }): Promise<ShiftRow[]> {
    const where = ['s.day BETWEEN $1 AND $2'];
    const params: unknown[] = [filter.from, filter.to];
    if (filter.agency) where.push(`s.agency = $${params.push(filter.agency)}`);
    if (filter.language) where.push(`s.language = $${params.push(filter.language)}`);
    if (filter.expertId) where.push(`s.expert_id = $${params.push(filter.expertId)}`);
    if (filter.agencies) where.push(`s.agency = ANY($${params.push([...filter.agencies])})`);
    const rows = await this.db.query<RawShift>(
      `SELECT ${SHIFT_COLUMNS} FROM booking_shifts s WHERE ${where.join(' AND ')} ORDER BY s.starts_at, s.expert_id`,
      params,
    );
    return rows.map(shiftOf);
  }

  // ── bookings ──────────────────────────────────────────────────────────────────────────────

  /** Starts already taken (not cancelled) of some specialists in a period: `expertId|epochMs`. */
  async taken(expertIds: readonly string[], from: number, to: number): Promise<Set<string>> {
    if (expertIds.length === 0) return new Set();
    const rows = await this.db.query<{ expert_id: string; starts_at: Date | string }>(
      `SELECT expert_id, starts_at FROM bookings
        WHERE expert_id = ANY($1) AND starts_at >= $2 AND starts_at < $3 AND state <> 'cancelled'`,
      [[...expertIds], new Date(from).toISOString(), new Date(to).toISOString()],
    );
    return new Set(rows.map((r) => `${r.expert_id}|${ms(r.starts_at)}`));
  }

  /**
   * Books a slot of one specialist, or answers undefined when the slot is taken: the unique index
   * decides, not a read before the write.
   */
  async book(
    input: Omit<BookingRow, 'bookingId' | 'state' | 'ticketId' | 'createdAt'>,
  ): Promise<BookingRow | undefined> {
    const [row] = await this.db.query<RawBooking>(
      `INSERT INTO bookings (booking_id, shift_id, expert_id, agency, language, topic, point_id, interpreter_language,
         starts_at, ends_at, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (expert_id, starts_at) WHERE state <> 'cancelled' DO NOTHING
       RETURNING *`,
      [
        newId('b'),
        input.shiftId,
        input.expertId,
        input.agency,
        input.language,
        input.topic ?? null,
        input.pointId,
        input.interpreterLanguage ?? null,
        new Date(input.startsAt).toISOString(),
        new Date(input.endsAt).toISOString(),
        input.createdBy,
      ],
    );
    return row ? bookingOf(row) : undefined;
  }

  async booking(bookingId: string): Promise<BookingRow | undefined> {
    const [row] = await this.db.query<RawBooking>('SELECT * FROM bookings WHERE booking_id = $1', [bookingId]);
    return row ? bookingOf(row) : undefined;
  }

  /** Bookings of a period, by point, specialist or agencies; in start order. */
  async bookings(filter: {
    from: number;
    to: number;
    pointId?: string;
    expertId?: string;
    agencies?: readonly string[];
  }): Promise<BookingRow[]> {
    const where = ['starts_at >= $1', 'starts_at < $2'];
    const params: unknown[] = [new Date(filter.from).toISOString(), new Date(filter.to).toISOString()];
    if (filter.pointId) where.push(`point_id = $${params.push(filter.pointId)}`);
    if (filter.expertId) where.push(`expert_id = $${params.push(filter.expertId)}`);
    if (filter.agencies) where.push(`agency = ANY($${params.push([...filter.agencies])})`);
    const rows = await this.db.query<RawBooking>(
      `SELECT * FROM bookings WHERE ${where.join(' AND ')} ORDER BY starts_at, booking_id`,
      params,
    );
    return rows.map(bookingOf);
  }

  /** Changes a booking's state only from the state expected: a compare-and-set, so a race has one winner. */
  async transition(
    bookingId: string,
    from: BookingState,
    to: BookingState,
    at: number,
    client: SqlClient = this.db,
  ): Promise<BookingRow | undefined> {
    const [row] = await client.query<RawBooking>(
      `UPDATE bookings SET state = $3, state_changed_at = $4 WHERE booking_id = $1 AND state = $2 RETURNING *`,
      [bookingId, from, to, new Date(at).toISOString()],
    );
    return row ? bookingOf(row) : undefined;
  }

  async setTicket(bookingId: string, ticketId: string): Promise<BookingRow | undefined> {
    const [row] = await this.db.query<RawBooking>(
      'UPDATE bookings SET ticket_id = $2 WHERE booking_id = $1 RETURNING *',
      [bookingId, ticketId],
    );
    return row ? bookingOf(row) : undefined;
  }

  /** The checked-in booking whose request became this session: served. */
  async servedByTicket(ticketId: string, at: number): Promise<void> {
    await this.db.query(
      `UPDATE bookings SET state = 'served', state_changed_at = $2 WHERE ticket_id = $1 AND state = 'arrived'`,
      [ticketId, new Date(at).toISOString()],
    );
  }

  /** Bookings not checked in by `before` become no-shows; answers those just changed. */
  async markNoShows(before: number, at: number): Promise<BookingRow[]> {
    const rows = await this.db.query<RawBooking>(
      `UPDATE bookings SET state = 'no-show', state_changed_at = $2 WHERE state = 'booked' AND starts_at < $1 RETURNING *`,
      [new Date(before).toISOString(), new Date(at).toISOString()],
    );
    return rows.map(bookingOf);
  }

  /** No-shows that started since `since`: the sweep counts each of them once (again, if a count was lost). */
  async noShowsSince(since: number): Promise<BookingRow[]> {
    const rows = await this.db.query<RawBooking>(`SELECT * FROM bookings WHERE state = 'no-show' AND starts_at >= $1`, [
      new Date(since).toISOString(),
    ]);
    return rows.map(bookingOf);
  }

  // ── calendar feeds ────────────────────────────────────────────────────────────────────────

  /** A new feed secret for a specialist (the previous one stops working); only its hash is kept. */
  async newFeedToken(expertId: string): Promise<string> {
    const token = randomBytes(24).toString('base64url');
    await this.db.query(
      `INSERT INTO agenda_feeds (expert_id, token_hash) VALUES ($1, $2)
       ON CONFLICT (expert_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, created_at = now()`,
      [expertId, sha256(token)],
    );
    return token;
  }

  async feedTokenValid(expertId: string, token: string): Promise<boolean> {
    const rows = await this.db.query(`SELECT 1 FROM agenda_feeds WHERE expert_id = $1 AND token_hash = $2`, [
      expertId,
      sha256(token),
    ]);
    return rows.length > 0;
  }
}
