/**
 * Calendar facts in the service's time zone (Europe/Helsinki): today's date for the daily figures,
 * whether an agency is open now, when its current opening period closes and when it opens next.
 * One rule (`isOpen`) decides; the closing and opening times follow from the same weekly hours.
 */
import { type Agency, finnishHolidayOn, type OpeningPeriod } from '@etapiste/protocol';

type LocalTime = { day: string; weekday: number; time: string };

export class ServiceClock {
  readonly #parts: Intl.DateTimeFormat;
  /** Formatting dates is costly and every queue command asks: the answer holds for a minute. */
  #cached: { minute: number; local: LocalTime } | undefined;
  readonly #closing = new Map<string, { minute: number; agency: Agency; closes: number | undefined }>();

  /** `alwaysOpen`: every agency counts as open around the clock (`DEMO_ALWAYS_OPEN`, demos and tests). */
  constructor(
    readonly timeZone: string,
    readonly alwaysOpen = false,
  ) {
    this.#parts = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
  }

  #local(at: Date): LocalTime {
    const minute = Math.floor(at.getTime() / 60_000);
    if (this.#cached?.minute === minute) return this.#cached.local;
    const local = this.#format(at);
    this.#cached = { minute, local };
    return local;
  }

  #format(at: Date): LocalTime {
    const parts = Object.fromEntries(this.#parts.formatToParts(at).map((p) => [p.type, p.value]));
    const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(parts.weekday ?? '') + 1;
    return { day: `${parts.year}-${parts.month}-${parts.day}`, weekday, time: `${parts.hour}:${parts.minute}` };
  }

  /** The local calendar day, `YYYY-MM-DD`: the key of the daily figures. */
  day(at: Date = new Date()): string {
    return this.#local(at).day;
  }

  isOpen(agency: Agency, at: Date = new Date()): boolean {
    if (this.alwaysOpen) return true;
    const local = this.#local(at);
    const hours = hoursOn(agency, local.day);
    return hours !== undefined && hours.opens <= local.time && local.time < hours.closes;
  }

  /**
   * When the opening period the agency is in now ends (epoch ms); undefined when it is closed now
   * or open around the clock for the coming week.
   */
  closesAt(agency: Agency, at: Date = new Date()): number | undefined {
    if (this.alwaysOpen) return undefined;
    // Every queued request asks; the answer holds for the minute (hours are HH:MM).
    const minute = Math.floor(at.getTime() / 60_000);
    const cached = this.#closing.get(agency.id);
    if (cached?.minute === minute && cached.agency === agency) return cached.closes;
    const closes = this.#closesAt(agency, at);
    this.#closing.set(agency.id, { minute, agency, closes });
    return closes;
  }

  #closesAt(agency: Agency, at: Date): number | undefined {
    if (!this.isOpen(agency, at)) return undefined;
    const today = this.#format(at).day;
    for (let offset = 0; offset < 8; offset++) {
      const day = addDays(today, offset);
      const hours = hoursOn(agency, day);
      if (!hours) return this.#utc(day, '00:00');
      const closes = this.#utc(day, hours.closes);
      // A period that ends at midnight goes on if the next day opens at midnight.
      const next = hoursOn(agency, addDays(day, 1));
      if (closes > at.getTime() && !(hours.closes === '24:00' && next?.opens === '00:00')) return closes;
    }
    return undefined;
  }

  /** When the agency next opens after `at` (epoch ms), within the coming week. */
  opensAt(agency: Agency, at: Date = new Date()): number | undefined {
    const today = this.#format(at).day;
    for (let offset = 0; offset < 8; offset++) {
      const day = addDays(today, offset);
      const hours = hoursOn(agency, day);
      if (!hours) continue;
      const opens = this.#utc(day, hours.opens);
      if (opens > at.getTime()) return opens;
    }
    return undefined;
  }

  /** Local wall time `HH:MM` (24:00 allowed) of a local day as epoch ms, across DST changes. */
  #utc(day: string, time: string): number {
    const [y, m, d] = day.split('-').map(Number) as [number, number, number];
    const [hh, mm] = time.split(':').map(Number) as [number, number];
    const wall = Date.UTC(y, m - 1, d, hh, mm);
    let guess = wall - this.#offsetMs(wall);
    guess = wall - this.#offsetMs(guess);
    return guess;
  }

  /** The zone's offset from UTC at an instant, ms. */
  #offsetMs(at: number): number {
    const local = this.#format(new Date(at));
    const [y, m, d] = local.day.split('-').map(Number) as [number, number, number];
    const [hh, mm] = local.time.split(':').map(Number) as [number, number];
    return Date.UTC(y, m - 1, d, hh, mm) - Math.floor(at / 60_000) * 60_000;
  }
}

/**
 * The one rule for a day's hours: a dated exception wins; else a Finnish public holiday is closed
 * (unless the agency serves on holidays); else the weekday's hours. Undefined: closed all day.
 */
export function hoursOn(agency: Agency, day: string): OpeningPeriod | undefined {
  const exception = agency.openingExceptions?.find((e) => e.date === day);
  if (exception) return exception.hours;
  if (agency.publicHolidays !== 'open' && finnishHolidayOn(day)) return undefined;
  return agency.openingHours[String(weekdayOf(day)) as keyof Agency['openingHours']];
}

function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** ISO weekday (1 = Monday) of a calendar day. */
function weekdayOf(day: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return ((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1;
}
