/**
 * Finnish public holidays for any year, as the service's opening hours must know them: the days
 * the Finnish state's offices are closed. Midsummer Eve and Christmas Eve are not holidays by law,
 * but the state's offices close on them by collective agreement, so the service treats them as
 * holidays too. Pure calendar arithmetic on `YYYY-MM-DD` strings (no time zone involved): the
 * server and both apps share one answer.
 */
import { z } from 'zod';

export const HolidayId = z.enum([
  'new-years-day',
  'epiphany',
  'good-friday',
  'easter-sunday',
  'easter-monday',
  'may-day',
  'ascension-day',
  'whitsunday',
  'midsummer-eve',
  'midsummer-day',
  'all-saints-day',
  'independence-day',
  'christmas-eve',
  'christmas-day',
  'boxing-day',
]);
export type HolidayId = z.infer<typeof HolidayId>;

export interface Holiday {
  /** Local calendar day, `YYYY-MM-DD`. */
  date: string;
  id: HolidayId;
}

/** Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm, Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return isoDay(year, month, day);
}

/** Every public holiday of the year, in calendar order. */
export function finnishPublicHolidays(year: number): Holiday[] {
  if (!Number.isInteger(year) || year < 1583 || year > 9999) throw new RangeError(`not a Gregorian year: ${year}`);
  const easter = easterSunday(year);
  const holidays: Holiday[] = [
    { date: isoDay(year, 1, 1), id: 'new-years-day' },
    { date: isoDay(year, 1, 6), id: 'epiphany' },
    { date: addDays(easter, -2), id: 'good-friday' },
    { date: easter, id: 'easter-sunday' },
    { date: addDays(easter, 1), id: 'easter-monday' },
    { date: isoDay(year, 5, 1), id: 'may-day' },
    { date: addDays(easter, 39), id: 'ascension-day' },
    { date: addDays(easter, 49), id: 'whitsunday' },
    // Midsummer Day is the Saturday between 20 and 26 June; its eve is the Friday before.
    { date: addDays(saturdayFrom(year, 6, 20), -1), id: 'midsummer-eve' },
    { date: saturdayFrom(year, 6, 20), id: 'midsummer-day' },
    // All Saints' Day is the Saturday between 31 October and 6 November.
    { date: saturdayFrom(year, 10, 31), id: 'all-saints-day' },
    { date: isoDay(year, 12, 6), id: 'independence-day' },
    { date: isoDay(year, 12, 24), id: 'christmas-eve' },
    { date: isoDay(year, 12, 25), id: 'christmas-day' },
    { date: isoDay(year, 12, 26), id: 'boxing-day' },
  ];
  return holidays.sort((x, y) => x.date.localeCompare(y.date));
}

const byYear = new Map<number, Map<string, HolidayId>>();

/** The holiday on a local day (`YYYY-MM-DD`), if it is one. Memoised per year: asked per request. */
export function finnishHolidayOn(day: string): HolidayId | undefined {
  const year = Number(day.slice(0, 4));
  let days = byYear.get(year);
  if (!days) {
    days = new Map(finnishPublicHolidays(year).map((h) => [h.date, h.id]));
    byYear.set(year, days);
  }
  return days.get(day);
}

function isoDay(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function addDays(day: string, days: number): string {
  const at = new Date(`${day}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

/** The first Saturday on or after the given day. */
function saturdayFrom(year: number, month: number, day: number): string {
  const start = new Date(Date.UTC(year, month - 1, day));
  const toSaturday = (6 - start.getUTCDay() + 7) % 7;
  return addDays(isoDay(year, month, day), toSaturday);
}
