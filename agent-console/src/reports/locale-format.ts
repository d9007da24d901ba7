/**
 * Numbers, percentages, days and times written the reader's way: Finnish and Finland-Swedish use a
 * decimal comma and day.month.year (66,7 %; 1.12.2026), English the British forms. Times are the
 * service's (Europe/Helsinki), whatever the browser's time zone. Used by the reports and the wallboard.
 */

/** The formatting locale of a UI language: Swedish as written in Finland, English as in Britain. */
export function formatLocale(language: string): string {
  if (language.startsWith('fi')) return 'fi-FI';
  if (language.startsWith('sv')) return 'sv-FI';
  return 'en-GB';
}

const SERVICE_TIME_ZONE = 'Europe/Helsinki';

export function formatNumber(value: number, language: string, fractionDigits = 1): string {
  return new Intl.NumberFormat(formatLocale(language), { maximumFractionDigits: fractionDigits }).format(value);
}

/** A percentage given as 0–100, with at most one decimal; a dash when there is none. */
export function formatPercent(value: number | null | undefined, language: string): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '–';
  return new Intl.NumberFormat(formatLocale(language), { style: 'percent', maximumFractionDigits: 1 }).format(
    value / 100,
  );
}

/** `YYYY-MM-DD` (a calendar day) as the reader writes it: 1.12.2026, 01/12/2026. */
export function formatDay(day: string, language: string): string {
  const at = Date.parse(`${day}T00:00:00Z`);
  if (!Number.isFinite(at)) return day;
  return new Intl.DateTimeFormat(formatLocale(language), {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'numeric',
    year: 'numeric',
  }).format(at);
}

/** `YYYY-MM` as the month's name and year: joulukuu 2026. */
export function formatMonth(month: string, language: string): string {
  const at = Date.parse(`${month}-01T00:00:00Z`);
  if (!Number.isFinite(at)) return month;
  return new Intl.DateTimeFormat(formatLocale(language), { timeZone: 'UTC', month: 'long', year: 'numeric' }).format(
    at,
  );
}

/** A report period: a day (`YYYY-MM-DD`) or a month (`YYYY-MM`). */
export function formatPeriod(period: string, language: string): string {
  return /^\d{4}-\d{2}$/.test(period) ? formatMonth(period, language) : formatDay(period, language);
}

/** An instant as a short date and time in Finland. */
export function formatDateTime(iso: string, language: string): string {
  const at = Date.parse(iso);
  if (!Number.isFinite(at)) return iso;
  return new Intl.DateTimeFormat(formatLocale(language), {
    timeZone: SERVICE_TIME_ZONE,
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(at);
}
