/**
 * Billing is by whole months in the service's time zone (packages/protocol/src/reports.ts): an
 * invoice is written after a month has ended, so the screen opens on last month, counted in
 * Finland (just after midnight on the 1st it is already the new month there).
 */
import { serviceDay } from '../../reports/filters.js';

/** `YYYY-MM` of the month `date` is in, in the service's time zone. */
export function serviceMonth(date: Date): string {
  return serviceDay(date).slice(0, 7);
}

/** The month before `month` (`YYYY-MM`). */
export function monthBefore(month: string): string {
  const year = Number(month.slice(0, 4));
  const index = Number(month.slice(5, 7)) - 1;
  const before = index === 0 ? { year: year - 1, month: 12 } : { year, month: index };
  return `${before.year}-${String(before.month).padStart(2, '0')}`;
}

/** The period the billing opens on: last month, in Finland. */
export function defaultBillingPeriod(now: Date): { from: string; to: string } {
  const last = monthBefore(serviceMonth(now));
  return { from: last, to: last };
}
