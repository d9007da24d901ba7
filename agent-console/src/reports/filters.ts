/** The reports screen's filters: the period, and optionally one point, agency, language or rating. */
import type { Directory } from '@etapiste/protocol';
import type { Names } from '../shared/names.js';

export interface ReportFilters {
  from: string;
  to: string;
  /** Empty for every point the user may see. */
  pointId: string;
  /** Empty for every agency the user may see. */
  agency?: string;
  /** Empty for every language. */
  language?: string;
  /** Empty for every rating (the comments only). */
  rating?: string;
}

/**
 * Report periods are calendar days in the service's time zone (packages/protocol/src/reports.ts),
 * not the browser's: just before midnight UTC it is already tomorrow in Finland, and a period
 * ending "today" by the browser's clock would leave out what ended since midnight there.
 */
export const SERVICE_TIME_ZONE = 'Europe/Helsinki';

/** `YYYY-MM-DD` of `date` in the service's time zone. */
export function serviceDay(date: Date): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: SERVICE_TIME_ZONE }).format(date);
}

/** The period shown first: this month so far, in the service's time zone. */
export function defaultPeriod(now: Date): { from: string; to: string } {
  const to = serviceDay(now);
  return { from: `${to.slice(0, 8)}01`, to };
}

/** The directory's points by name in the UI language, for the point filter. */
export function pointChoices(directory: Directory | undefined, names: Names, locale: string) {
  return (directory?.points ?? [])
    .map((p) => ({ id: p.id, name: names.point(p.id) }))
    .sort((a, b) => a.name.localeCompare(b.name, locale));
}

/** The agencies the user may report on (all for administrators), by name in the UI language. */
export function agencyChoices(
  directory: Directory | undefined,
  names: Names,
  locale: string,
  allowed: readonly string[] | undefined,
) {
  return (directory?.agencies ?? [])
    .filter((a) => !allowed || allowed.includes(a.id))
    .map((a) => ({ id: a.id, name: names.agency(a.id) }))
    .sort((a, b) => a.name.localeCompare(b.name, locale));
}

/**
 * The query string of a report: the API refuses empty filters, so they are left out; the rating
 * only goes to the comments.
 */
export function reportQuery(
  { from, to, pointId, agency, language, rating }: ReportFilters,
  withRating = false,
): Record<string, string> {
  return {
    from,
    to,
    ...(pointId ? { pointId } : {}),
    ...(agency ? { agency } : {}),
    ...(language ? { language } : {}),
    ...(withRating && rating ? { rating } : {}),
  };
}
