/**
 * @jest-environment jsdom
 */
/** The wallboard's live data: subscribe on connect, merge pushes, and charts that follow changes. */
import { FakeSignalingClient } from '@etapiste/call-client/testing';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { act, renderHook } from '@testing-library/react';
import { useWallboard } from '../src/wallboard/useWallboard.js';
import { queue } from './fixtures.js';

const history = { at: '2026-11-23T10:00:00.000Z', bucketMinutes: 15, queues: [] };
const lists = { at: '2026-11-23T10:00:00.000Z', experts: [], points: [] };

describe('useWallboard', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('subscribes when connected, merges metric pushes and reloads the history after a burst', async () => {
    const fake = new FakeSignalingClient({
      'metrics:subscribe': () => ({ at: history.at, queues: [queue(), queue({ language: 'sv' })] }),
      'supervision:subscribe': () => lists,
      'supervision:history': () => history,
    });
    const { result, rerender } = renderHook(({ connection }) => useWallboard(fake.client, connection), {
      initialProps: { connection: 'connecting' as 'connecting' | 'connected' },
    });
    expect(fake.requests).toEqual([]);
    rerender({ connection: 'connected' });
    await act(async () => {});
    expect(result.current.queues).toHaveLength(2);
    expect(result.current.lists).toEqual(lists);
    expect(fake.count('supervision:history')).toBe(1);

    // A burst of changes: the figures follow at once, the history once, a little later.
    act(() => {
      for (const waiting of [1, 2, 3]) fake.push('metrics:update', { at: history.at, queues: [queue({ waiting })] });
    });
    expect(result.current.queues.find((q) => q.language === 'fi')?.waiting).toBe(3);
    expect(fake.count('supervision:history')).toBe(1);
    await act(async () => {
      jest.advanceTimersByTime(5_000);
    });
    expect(fake.count('supervision:history')).toBe(2);

    // Lists are replaced by their pushes.
    const next = { ...lists, experts: [{ id: 'aino', displayName: 'Aino', state: 'available' as const, skills: [] }] };
    act(() => fake.push('supervision:update', next));
    expect(result.current.lists).toEqual(next);
  });
});
