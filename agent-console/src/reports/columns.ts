/**
 * The columns each report shows, in order, and how a cell is written: names instead of ids
 * (points, agencies, specialists, outcomes, languages in the UI language), numbers, percentages,
 * days and times the reader's way (locale-format.ts).
 */
import type { Names } from '../shared/names.js';
import { formatDuration } from '../shared/time.js';
import { formatDateTime, formatNumber, formatPercent, formatPeriod } from './locale-format.js';
import type { ReportKind } from './reports-api.js';

/** What a cell needs besides its row. */
export interface CellContext {
  names: Names;
  /** The UI language. */
  language: string;
  /** A service language's name in the UI language ("ruotsi", not "SV"). */
  languageName(code: string): string;
}

export interface Column {
  key: string;
  /** Text key under `reports.column`. */
  label: string;
  numeric?: boolean;
  /** Long text that wraps (a customer's comment). */
  wide?: boolean;
  format?: (value: unknown, row: Record<string, unknown>, ctx: CellContext) => string;
}

const agency: Column = { key: 'agency', label: 'agency', format: (v, _row, c) => c.names.agency(String(v)) };
const point: Column = { key: 'pointId', label: 'point', format: (v, _row, c) => c.names.point(String(v)) };
const language: Column = {
  key: 'language',
  label: 'language',
  format: (v, _row, c) => (typeof v === 'string' ? c.languageName(v) : '–'),
};
const expert: Column = {
  key: 'expertId',
  label: 'expert',
  format: (v, row) => (typeof row.expertName === 'string' ? row.expertName : v ? String(v) : '–'),
};
const num = (key: string, label = key): Column => ({
  key,
  label,
  numeric: true,
  format: (v, _row, c) => (typeof v === 'number' ? formatNumber(v, c.language) : '–'),
});
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
  format: (v, _row, c) => formatPercent(typeof v === 'number' ? v : undefined, c.language),
});
const time = (key: string): Column => ({
  key,
  label: key,
  format: (v, _row, c) => (typeof v === 'string' ? formatDateTime(v, c.language) : '–'),
});
const period = (key: string): Column => ({
  key,
  label: key,
  format: (v, _row, c) => (typeof v === 'string' ? formatPeriod(v, c.language) : '–'),
});

export const COLUMNS: Record<ReportKind, Column[]> = {
  monthly: [period('month'), point, agency, language, num('transactions'), num('transferredIn')],
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
    period('period'),
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
      format: (v, _row, c) => (typeof v === 'number' ? formatNumber(v, c.language, 1) : '–'),
    },
  ],
  comments: [
    time('submittedAt'),
    point,
    agency,
    language,
    expert,
    { key: 'rating', label: 'rating', numeric: true, format: (v) => (typeof v === 'number' ? `${v} / 5` : '–') },
    { key: 'comment', label: 'comment', wide: true },
  ],
  transactions: [
    time('endedAt'),
    point,
    agency,
    language,
    expert,
    {
      key: 'outcome',
      label: 'outcome',
      format: (v, row, c) =>
        c.names.outcomes(String(row.agency)).find((o) => o.id === v)?.name ?? (v ? String(v) : '–'),
    },
    seconds('waitSeconds'),
    seconds('durationSeconds'),
    { key: 'transferredFrom', label: 'transferred', format: (v) => (v ? '✓' : '') },
  ],
};

export function cellText(column: Column, row: Record<string, unknown>, ctx: CellContext): string {
  const value = row[column.key];
  if (column.format) return column.format(value, row, ctx);
  return value === null || value === undefined ? '–' : String(value);
}
