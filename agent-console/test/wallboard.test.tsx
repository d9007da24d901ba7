/**
 * @jest-environment jsdom
 */
/**
 * Wallboard figures as of this second: waits counted on from when each customer began to wait,
 * service level counting the customers already past the target, thresholds in words (not colour
 * alone) with the attention column first.
 */
import type { ExpertRow } from '@etapiste/protocol';
import { rendererFor } from '@etapiste/ui/testing';
import { describe, expect, it } from '@jest/globals';
import { screen, within } from '@testing-library/react';
import { resources } from '../src/i18n/resources.js';
import { namesFor } from '../src/shared/names.js';
import { hourSeries, waitSeries } from '../src/wallboard/history-series.js';
import { agencyFigures, queueFigures } from '../src/wallboard/live-figures.js';
import { QueueTable } from '../src/wallboard/QueueTable.js';
import { mergeQueues, queueFlags } from '../src/wallboard/thresholds.js';
import { directory, queue, T0 } from './fixtures.js';

const renderIn = rendererFor(resources);
const ago = (seconds: number) => new Date(T0 - seconds * 1000).toISOString();

describe('wallboard live figures', () => {
  it('counts the longest wait on every second from when the customer began to wait', () => {
    const q = queue({ waiting: 1, longestWaitSeconds: 100, waitingSince: [ago(100)] });
    expect(queueFigures(q, T0).longestWaitSeconds).toBe(100);
    expect(queueFigures(q, T0 + 21_000).longestWaitSeconds).toBe(121);
    // The flag appears the second the wait passes the 120 s target, without a push.
    expect(queueFlags(queueFigures(q, T0 + 20_000))).not.toContain('wait-over-target');
    expect(queueFlags(queueFigures(q, T0 + 21_000))).toContain('wait-over-target');
  });

  it('counts customers already waiting past the target in the service level, today and now', () => {
    // Everyone answered today was answered in time, but four are waiting past the target.
    const q = queue({
      waiting: 5,
      answered: 8,
      inTarget: 8,
      serviceLevelPct: 100,
      waitingSince: [ago(400), ago(300), ago(200), ago(130), ago(10)],
      recent: { since: ago(3600), answered: 2, inTarget: 2 },
    });
    const f = queueFigures(q, T0);
    expect(f.overTarget).toBe(4);
    expect(f.serviceLevelToday).toBe(66.7); // 8 of 12
    expect(f.serviceLevelNow).toBe(33.3); // 2 of 6
    expect(queueFlags(f)).toEqual(['wait-over-target', 'service-level-low']);
    // Nothing answered and nobody past the target: no service level to speak of.
    expect(queueFigures(queue(), T0).serviceLevelToday).toBeUndefined();
    expect(queueFigures(queue({ waiting: 1, waitingSince: [ago(200)] }), T0).serviceLevelNow).toBe(0);
  });

  it('flags in order of urgency: declined by everyone, nobody available, wait, service level', () => {
    const nobody = { offline: 3, available: 0, offered: 0, 'in-session': 0, 'wrap-up': 0, away: 1 };
    expect(queueFlags(queueFigures(queue(), T0))).toEqual([]);
    expect(queueFlags(queueFigures(queue({ waiting: 1, waitingSince: [ago(5)], experts: nobody }), T0))).toEqual([
      'nobody-available',
    ]);
    expect(queueFlags(queueFigures(queue({ waiting: 0, experts: nobody }), T0))).toEqual([]);
    expect(queueFlags(queueFigures(queue({ waiting: 1, waitingSince: [ago(5)], declinedByAll: 1 }), T0))).toEqual([
      'declined-by-all',
    ]);
    expect(queueFlags(queueFigures(queue({ answered: 10, inTarget: 8 }), T0))).toEqual([]);
    expect(queueFlags(queueFigures(queue({ answered: 10, inTarget: 7 }), T0))).toEqual(['service-level-low']);
  });

  it('adds an agency’s languages together and counts each specialist once', () => {
    const queues = [
      queue({ waiting: 1, waitingSince: [ago(150)], answered: 3, inTarget: 3, abandoned: 1 }),
      queue({ language: 'sv', waiting: 1, waitingSince: [ago(30)], answered: 1, inTarget: 0, cancelled: 1 }),
      queue({ agency: 'kela', waiting: 7 }),
    ];
    const expert = (id: string, state: ExpertRow['state']): ExpertRow => ({
      id,
      displayName: id,
      state,
      skills: [
        { agency: 'tax', language: 'fi' },
        { agency: 'tax', language: 'sv' },
      ],
    });
    const f = agencyFigures(
      'tax',
      queues,
      [expert('a', 'available'), expert('b', 'in-session'), expert('c', 'away')],
      T0,
    );
    expect(f).toMatchObject({
      waiting: 2,
      longestWaitSeconds: 150,
      overTarget: 1,
      serviceLevelToday: 60, // 3 of (4 answered + 1 past the target)
      abandoned: 2,
      abandonmentPct: 33.3, // 2 of 6 that left the queue
      available: 1,
      working: 1,
      away: 1,
    });
  });

  it('merges a push of changed queues into the figures held', () => {
    const held = [queue(), queue({ language: 'sv', waiting: 1 })];
    const merged = mergeQueues(held, [queue({ language: 'sv', waiting: 4 })]);
    expect(merged.map((q) => [q.language, q.waiting])).toEqual([
      ['fi', 0],
      ['sv', 4],
    ]);
  });
});

describe('QueueTable', () => {
  it('puts the attention column first, flagged queues first, thresholds in words, numbers in Finnish', () => {
    renderIn(
      <QueueTable
        names={namesFor(directory, 'fi')}
        now={T0}
        queues={[
          queue({ agency: 'kela', language: 'sv' }),
          queue({
            waiting: 3,
            waitingSince: [ago(185), ago(100), ago(20)],
            answered: 3,
            inTarget: 2,
            asaSeconds: 75,
            denied: 2,
          }),
        ]}
      />,
      'fi',
    );
    const headers = screen.getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers[0]).toBe('Huomio');
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getByRole('rowheader').textContent)).toEqual([
      'Verohallinto · suomi',
      'Kela · ruotsi',
    ]);
    const tax = rows[0] as HTMLElement;
    const cells = within(tax)
      .getAllByRole('cell')
      .map((c) => c.textContent);
    expect(
      within(tax)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['⚠ Odotus yli tavoitteen', '⚠ Palvelutaso alle 80 %']);
    expect(cells[1]).toBe('3');
    expect(cells[2]).toBe('3:05⚠ yli tavoitteen 2:00');
    // Today: 2 in time of 3 answered + 1 past the target.
    expect(cells[4]).toBe('50\u00a0%⚠ alle tavoitteen 80\u00a0%');
    expect(within(rows[1] as HTMLElement).getAllByRole('cell')[0]?.textContent).toBe('✓ Kunnossa');
  });
});

describe('charts series', () => {
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
