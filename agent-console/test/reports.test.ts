/**
 * Report cells: names instead of ids (points, agencies, specialists, languages in the reader's
 * language), durations, numbers, percentages and dates written the reader's way.
 */
import { describe, expect, it } from '@jest/globals';
import { resources } from '../src/i18n/resources.js';
import { COLUMNS, cellText } from '../src/reports/columns.js';
import { agencyChoices, defaultPeriod, pointChoices, reportQuery } from '../src/reports/filters.js';
import { formatDateTime, formatDay, formatNumber, formatPercent, formatPeriod } from '../src/reports/locale-format.js';
import { namesFor } from '../src/shared/names.js';
import { directory } from './fixtures.js';

const FI_LANGUAGES: Record<string, string> = { fi: 'suomi', sv: 'ruotsi', en: 'englanti' };

describe('report columns', () => {
  const names = namesFor(directory, 'fi');
  const ctx = { names, language: 'fi', languageName: (code: string) => FI_LANGUAGES[code] ?? code };
  const text = (kind: keyof typeof COLUMNS, row: Record<string, unknown>) =>
    Object.fromEntries(COLUMNS[kind].map((c) => [c.key, cellText(c, row, ctx)]));

  it('writes a transaction with the point, agency, specialist, language and outcome names, Helsinki time, m:ss', () => {
    const row = text('transactions', {
      endedAt: '2026-11-23T10:00:00.000Z',
      pointId: 'mikkeli',
      agency: 'tax',
      language: 'fi',
      expertId: 'aino',
      expertName: 'Aino Virtanen',
      outcome: 'follow-up',
      waitSeconds: 75,
      durationSeconds: 610,
      transferredFrom: null,
    });
    expect(row).toMatchObject({
      pointId: 'Asiointipiste Mikkeli',
      agency: 'Verohallinto',
      endedAt: '23.11.2026 klo 12.00',
      language: 'suomi',
      expertId: 'Aino Virtanen',
      outcome: 'Jatkokäsittely',
      waitSeconds: '1:15',
      durationSeconds: '10:10',
      transferredFrom: '',
    });
  });

  it('writes a demand row with its point by name, missing figures as a dash and percentages with a decimal comma', () => {
    const row = text('demand', {
      period: '2026-11',
      pointId: 'mikkeli',
      agency: 'kela',
      language: 'sv',
      answered: 3,
      abandoned: 0,
      cancelled: 1,
      denied: 2,
      asaSeconds: null,
      serviceLevelPct: 66.666,
      abandonmentPct: 25,
    });
    expect(COLUMNS.demand.map((c) => c.label).slice(0, 4)).toEqual(['period', 'point', 'agency', 'language']);
    expect(row).toEqual({
      period: 'marraskuu 2026',
      pointId: 'Asiointipiste Mikkeli',
      agency: 'Kela',
      language: 'ruotsi',
      answered: '3',
      abandoned: '0',
      cancelled: '1',
      denied: '2',
      abandonmentPct: '25\u00a0%',
      asaSeconds: '–',
      serviceLevelPct: '66,7\u00a0%',
    });
  });

  it('writes the service level of a point with the unanswered demand and the abandonment rate', () => {
    const row = text('service-level', {
      pointId: 'mikkeli',
      agency: 'tax',
      answered: 2,
      abandoned: 1,
      cancelled: 0,
      denied: 4,
      abandonmentPct: 33.3333,
      asaSeconds: 42,
      maxWaitSeconds: 130,
      serviceLevelTargetSeconds: 60,
      serviceLevelPct: 50,
      averageDurationSeconds: null,
    });
    expect(row).toEqual({
      pointId: 'Asiointipiste Mikkeli',
      agency: 'Verohallinto',
      answered: '2',
      abandoned: '1',
      cancelled: '0',
      denied: '4',
      abandonmentPct: '33,3\u00a0%',
      asaSeconds: '0:42',
      maxWaitSeconds: '2:10',
      serviceLevelPct: '50\u00a0%',
      averageDurationSeconds: '–',
    });
  });

  it('shows a comment with its rating, the specialist by name and the day in Finnish', () => {
    const row = text('comments', {
      sessionId: 's1',
      submittedAt: '2026-12-01T08:05:00.000Z',
      pointId: 'mikkeli',
      expertId: 'aino',
      expertName: 'Aino Virtanen',
      agency: 'tax',
      language: 'sv',
      rating: 4,
      comment: 'Tack, mycket bra!',
    });
    expect(row).toEqual({
      submittedAt: '1.12.2026 klo 10.05',
      pointId: 'Asiointipiste Mikkeli',
      agency: 'Verohallinto',
      language: 'ruotsi',
      expertId: 'Aino Virtanen',
      rating: '4 / 5',
      comment: 'Tack, mycket bra!',
    });
  });

  it('has a heading for every column in fi, sv and en', () => {
    for (const lang of ['fi', 'sv', 'en'] as const) {
      const headings = (resources[lang] as { reports: { column: Record<string, string> } }).reports.column;
      for (const column of Object.values(COLUMNS).flat())
        expect([lang, column.label, headings[column.label]]).toEqual([lang, column.label, expect.any(String)]);
    }
  });

  it('names a point the directory does not know by its id', () => {
    expect(text('demand', { pointId: 'closed-point' }).pointId).toBe('closed-point');
  });
});

describe('locale formats', () => {
  it('writes numbers, percentages, days and months the Finnish, Swedish and English way', () => {
    expect(formatPercent(66.666, 'fi')).toBe('66,7\u00a0%');
    expect(formatPercent(66.666, 'sv')).toBe('66,7\u00a0%');
    expect(formatPercent(66.666, 'en')).toBe('66.7%');
    expect(formatPercent(null, 'fi')).toBe('–');
    expect(formatNumber(12345.67, 'fi')).toBe('12\u00a0345,7');
    expect(formatDay('2026-12-01', 'fi')).toBe('1.12.2026');
    expect(formatDay('2026-12-01', 'sv')).toBe('1.12.2026');
    expect(formatDay('2026-12-01', 'en')).toBe('01/12/2026');
    expect(formatPeriod('2026-12', 'sv')).toBe('december 2026');
    expect(formatPeriod('2026-12-24', 'fi')).toBe('24.12.2026');
    // Helsinki time whatever the browser's zone: 22:30 UTC is already the next day there.
    expect(formatDateTime('2026-11-30T22:30:00.000Z', 'fi')).toBe('1.12.2026 klo 0.30');
  });
});

describe('report filters', () => {
  const twoPoints = {
    ...directory,
    points: [
      ...directory.points,
      {
        id: 'aanekoski',
        name: { fi: 'Äänekosken asiointipiste', sv: 'Servicepunkt Äänekoski', en: 'Äänekoski service point' },
        municipality: { fi: 'Äänekoski', sv: 'Äänekoski', en: 'Äänekoski' },
      },
    ],
  };

  it('offers the points by name in the UI language, in that language’s order', () => {
    expect(pointChoices(twoPoints, namesFor(twoPoints, 'fi'), 'fi')).toEqual([
      { id: 'mikkeli', name: 'Asiointipiste Mikkeli' },
      { id: 'aanekoski', name: 'Äänekosken asiointipiste' },
    ]);
    expect(pointChoices(twoPoints, namesFor(twoPoints, 'sv'), 'sv').map((p) => p.name)).toEqual([
      'Servicepunkt S:t Michel',
      'Servicepunkt Äänekoski',
    ]);
    expect(pointChoices(undefined, namesFor(undefined, 'en'), 'en')).toEqual([]);
  });

  it('starts from this month so far in Finland, whatever the browser’s time zone', () => {
    // 22:50 UTC is 00:50 the next day in Helsinki (UTC+2 in November).
    expect(defaultPeriod(new Date('2026-11-23T22:50:00Z'))).toEqual({ from: '2026-11-01', to: '2026-11-24' });
    expect(defaultPeriod(new Date('2026-11-30T22:30:00Z'))).toEqual({ from: '2026-12-01', to: '2026-12-01' });
    expect(defaultPeriod(new Date('2026-06-15T09:00:00Z'))).toEqual({ from: '2026-06-01', to: '2026-06-15' });
  });

  it('offers a supervisor only their own agencies', () => {
    expect(agencyChoices(directory, namesFor(directory, 'fi'), 'fi', ['kela']).map((a) => a.id)).toEqual(['kela']);
    expect(agencyChoices(directory, namesFor(directory, 'fi'), 'fi', undefined).map((a) => a.name)).toEqual([
      'Kela',
      'Verohallinto',
    ]);
  });

  it('asks for the rating only in the comments, and never for an empty filter', () => {
    const filters = { from: '2026-11-01', to: '2026-11-23', pointId: '', agency: 'tax', language: '', rating: '5' };
    expect(reportQuery(filters)).toEqual({ from: '2026-11-01', to: '2026-11-23', agency: 'tax' });
    expect(reportQuery(filters, true)).toEqual({ from: '2026-11-01', to: '2026-11-23', agency: 'tax', rating: '5' });
  });

  it('asks for one point only when one is chosen', () => {
    expect(reportQuery({ from: '2026-11-01', to: '2026-11-23', pointId: '' })).toEqual({
      from: '2026-11-01',
      to: '2026-11-23',
    });
    expect(reportQuery({ from: '2026-11-01', to: '2026-11-23', pointId: 'mikkeli' })).toEqual({
      from: '2026-11-01',
      to: '2026-11-23',
      pointId: 'mikkeli',
    });
  });
});
