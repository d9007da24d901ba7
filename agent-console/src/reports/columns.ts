/** The columns each report shows, in order, and how a cell is written. */
import type { Names } from '../shared/names.js';
import { formatDuration } from '../shared/time.js';
import type { ReportKind } from './reports-api.js';

export interface Column {
  key: string;
  /** Text key under `reports.column`. */
  label: string;
  numeric?: boolean;
  format?: (value: unknown, names: Names, row: Record<string, unknown>, locale: string) => string;
}

const agency: Column = { key: 'agency', label: 'agency', format: (v, n) => n.agency(String(v)) };
const point: Column = { key: 'pointId', label: 'point', format: (v, n) => n.point(String(v)) };
const language: Column = { key: 'language', label: 'language', format: (v) => String(v).toUpperCase() };
const num = (key: string, label = key): Column => ({ key, label, numeric: true });
const seconds = (key: string, label = key): Column => ({
  key,
  label,
  numeric: true,
  format: (v) => (typeof v === 'number' ? formatDuration(v) : '–'),
});
const percent = (key: string): Column => ({
  key,
  label: key,
  numeric: true,
  format: (v) => (typeof v === 'number' ? `${Math.round(v * 10) / 10} %` : '–'),
});
const time = (key: string): Column => ({
  key,
  label: key,
  format: (v, _names, _row, locale) =>
    typeof v === 'string' ? new Date(v).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' }) : '–',
});

export const COLUMNS: Record<ReportKind, Column[]> = {
  monthly: [{ key: 'month', label: 'month' }, point, agency, language, num('transactions'), num('transferredIn')],
  'service-level': [
    point,
    agency,
    num('answered'),
    num('abandoned'),
    num('cancelled'),
    num('denied'),
    percent('abandonmentPct'),
    seconds('asaSeconds'),
    seconds('maxWaitSeconds'),
    percent('serviceLevelPct'),
    seconds('averageDurationSeconds'),
  ],
  demand: [
    { key: 'period', label: 'period' },
    point,
    agency,
    language,
    num('answered'),
    num('abandoned'),
    num('cancelled'),
    num('denied'),
    percent('abandonmentPct'),
    seconds('asaSeconds'),
    percent('serviceLevelPct'),
  ],
  feedback: [
    point,
    agency,
    num('responses'),
    num('skipped'),
    num('commented'),
    {
      key: 'averageRating',
      label: 'averageRating',
      numeric: true,
      format: (v) => (typeof v === 'number' ? v.toFixed(1) : '–'),
    },
  ],
  transactions: [
    time('endedAt'),
    point,
    agency,
    language,
    { key: 'expertId', label: 'expert' },
    {
      key: 'outcome',
      label: 'outcome',
      format: (v, names, row) =>
        names.outcomes(String(row.agency)).find((o) => o.id === v)?.name ?? (v ? String(v) : '–'),
    },
    seconds('waitSeconds'),
    seconds('durationSeconds'),
    { key: 'transferredFrom', label: 'transferred', format: (v) => (v ? '✓' : '') },
  ],
};

export function cellText(column: Column, row: Record<string, unknown>, names: Names, locale: string): string {
  const value = row[column.key];
  if (column.format) return column.format(value, names, row, locale);
  return value === null || value === undefined ? '–' : String(value);
}
