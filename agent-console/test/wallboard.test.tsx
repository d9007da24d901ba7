/**
 * @jest-environment jsdom
 */
/** Wallboard thresholds: which queues need attention, shown in words (not colour alone). */
import { rendererFor } from '@etapiste/ui/testing';
import { describe, expect, it } from '@jest/globals';
import { screen, within } from '@testing-library/react';
import { resources } from '../src/i18n/resources.js';
import { namesFor } from '../src/shared/names.js';
import { hourSeries, waitSeries } from '../src/wallboard/history-series.js';
import { QueueTable } from '../src/wallboard/QueueTable.js';
import { mergeQueues, queueFlags } from '../src/wallboard/thresholds.js';
import { directory, queue } from './fixtures.js';

const renderIn = rendererFor(resources);

describe('wallboard thresholds', () => {
  it('flags a wait over the target, a low service level and waiting with nobody to answer', () => {
    expect(queueFlags(queue())).toEqual([]);
    expect(queueFlags(queue({ waiting: 2, longestWaitSeconds: 121 }))).toEqual(['wait-over-target']);
    expect(queueFlags(queue({ waiting: 2, longestWaitSeconds: 120 }))).toEqual([]);
    expect(queueFlags(queue({ answered: 10, serviceLevelPct: 79.9 }))).toEqual(['service-level-low']);
    expect(queueFlags(queue({ answered: 10, serviceLevelPct: 80 }))).toEqual([]);
    const nobody = { offline: 3, available: 0, offered: 0, 'in-session': 0, 'wrap-up': 0, away: 1 };
    expect(queueFlags(queue({ waiting: 1, experts: nobody }))).toEqual(['nobody-available']);
    expect(queueFlags(queue({ waiting: 0, experts: nobody }))).toEqual([]);
  });

  it('merges a push of changed queues into the figures held', () => {
    const held = [queue(), queue({ language: 'sv', waiting: 1 })];
    const merged = mergeQueues(held, [queue({ language: 'sv', waiting: 4 })]);
    expect(merged.map((q) => [q.language, q.waiting])).toEqual([
      ['fi', 0],
      ['sv', 4],
    ]);
  });

  it('shows the figures and names each flag in the attention column', () => {
    renderIn(
      <QueueTable
        names={namesFor(directory, 'en')}
        queues={[
          queue({ waiting: 3, longestWaitSeconds: 185, answered: 4, serviceLevelPct: 50, asaSeconds: 75, denied: 2 }),
          queue({ agency: 'kela', language: 'sv' }),
        ]}
      />,
    );
    const rows = screen.getAllByRole('row');
    const tax = rows.find((r) => r.textContent?.startsWith('Tax Administration'));
    const kela = rows.find((r) => r.textContent?.startsWith('Kela'));
    if (!tax || !kela) throw new Error('rows missing');
    const taxCells = within(tax)
      .getAllByRole('cell')
      .map((c) => c.textContent);
    expect(taxCells.slice(0, 3)).toEqual(['3', '3:05', '1:15']);
    expect(taxCells[3]).toContain('50 %');
    expect(
      within(tax)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['⚠ Wait over target', '⚠ Service level under 80 %']);
    expect(within(kela).queryAllByRole('listitem')).toEqual([]);
    expect(kela.textContent).toContain('OK');
  });

  it('adds queues up for the charts and weighs the hourly service level by answers', () => {
    const history = {
      at: '2026-11-23T12:00:00.000Z',
      bucketMinutes: 15,
      queues: [
        {
          agency: 'tax',
          language: 'fi' as const,
          buckets: [{ at: '2026-11-23T10:00:00.000Z', waiting: 2, longestWaitSeconds: 90 }],
          hourly: [{ hour: 12, at: '2026-11-23T10:00:00.000Z', answered: 3, serviceLevelPct: 100 }],
        },
        {
          agency: 'tax',
          language: 'sv' as const,
          buckets: [{ at: '2026-11-23T10:00:00.000Z', waiting: 1, longestWaitSeconds: 300 }],
          hourly: [{ hour: 12, at: '2026-11-23T10:00:00.000Z', answered: 1, serviceLevelPct: 0 }],
        },
        {
          agency: 'kela',
          language: 'fi' as const,
          buckets: [{ at: '2026-11-23T10:00:00.000Z', waiting: 5, longestWaitSeconds: 30 }],
          hourly: [],
        },
      ],
    };
    expect(waitSeries(history, 'tax')).toEqual([
      { at: Date.parse('2026-11-23T10:00:00.000Z'), waiting: 3, longestMinutes: 5 },
    ]);
    expect(waitSeries(history, undefined)[0]?.waiting).toBe(8);
    expect(hourSeries(history, 'tax')).toEqual([
      { at: Date.parse('2026-11-23T10:00:00.000Z'), answered: 4, serviceLevelPct: 75 },
    ]);
  });
});
