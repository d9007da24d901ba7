/** Report cells: names instead of ids, durations and percentages written for people. */
import { describe, expect, it } from '@jest/globals';
import { COLUMNS, cellText } from '../src/reports/columns.js';
import { namesFor } from '../src/shared/names.js';
import { directory } from './fixtures.js';

describe('report columns', () => {
  const names = namesFor(directory, 'fi');
  const text = (kind: keyof typeof COLUMNS, row: Record<string, unknown>) =>
    Object.fromEntries(COLUMNS[kind].map((c) => [c.key, cellText(c, row, names, 'fi')]));

  it('writes a transaction with the point, agency and outcome names, and times as m:ss', () => {
    const row = text('transactions', {
      endedAt: '2026-11-23T10:00:00.000Z',
      pointId: 'mikkeli',
      agency: 'tax',
      language: 'fi',
      expertId: 'aino',
      outcome: 'follow-up',
      waitSeconds: 75,
      durationSeconds: 610,
      transferredFrom: null,
    });
    expect(row).toMatchObject({
      pointId: 'Asiointipiste Mikkeli',
      agency: 'Verohallinto',
      language: 'FI',
      outcome: 'Jatkokäsittely',
      waitSeconds: '1:15',
      durationSeconds: '10:10',
      transferredFrom: '',
    });
  });

  it('writes missing figures as a dash and percentages with one decimal', () => {
    const row = text('demand', {
      period: '2026-11',
      agency: 'kela',
      language: 'sv',
      answered: 3,
      abandoned: 0,
      cancelled: 1,
      denied: 2,
      asaSeconds: null,
      serviceLevelPct: 66.666,
    });
    expect(row).toMatchObject({ agency: 'Kela', answered: '3', asaSeconds: '–', serviceLevelPct: '66.7 %' });
  });
});
