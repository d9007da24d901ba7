/** Report cells: names instead of ids, durations and percentages written for people. */
import { describe, expect, it } from '@jest/globals';
import { COLUMNS, cellText } from '../src/reports/columns.js';
import { defaultPeriod, pointChoices, reportQuery } from '../src/reports/filters.js';
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

  it('writes a demand row with its point by name, missing figures as a dash and percentages with one decimal', () => {
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
      period: '2026-11',
      pointId: 'Asiointipiste Mikkeli',
      agency: 'Kela',
      language: 'SV',
      answered: '3',
      abandoned: '0',
      cancelled: '1',
      denied: '2',
      abandonmentPct: '25 %',
      asaSeconds: '–',
      serviceLevelPct: '66.7 %',
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
      abandonmentPct: '33.3 %',
      asaSeconds: '0:42',
      maxWaitSeconds: '2:10',
      serviceLevelPct: '50 %',
      averageDurationSeconds: '–',
    });
  });

  it('names a point the directory does not know by its id', () => {
    expect(text('demand', { pointId: 'closed-point' }).pointId).toBe('closed-point');
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
