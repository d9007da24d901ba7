import { describe, expect, it } from '@jest/globals';
import { arrivalOf, NORMAL_BAND, oldestArrivals, PRIORITY_BAND } from '../src/queue/queue-score.js';

/** A score as the scripts write it (lua.ts `enqueue`). */
const score = (band: number, arrivalMs: number, seq = 0) => String(band + arrivalMs * 1000 + seq);

describe("a waiting request's arrival, read out of its queue score", () => {
  const t = Date.UTC(2026, 11, 3, 8, 0, 0);

  it('gives back the arrival of either band, whatever the sequence number', () => {
    expect(arrivalOf(Number(score(NORMAL_BAND, t, 999)))).toBe(t);
    expect(arrivalOf(Number(score(PRIORITY_BAND, t, 7)))).toBe(t);
    expect(arrivalOf(Number(score(NORMAL_BAND, t + 1)))).toBe(t + 1);
  });

  it('finds the oldest wait across both bands, oldest first, each request once', () => {
    // Head of the queue: a transferred customer (priority band) who first queued at t + 60 s, then
    // walk-ins since t; the normal band's head is read separately and repeats the second member.
    const head = ['transferred', score(PRIORITY_BAND, t + 60_000), 'walk-in-1', score(NORMAL_BAND, t, 1)];
    const normalHead = ['walk-in-1', score(NORMAL_BAND, t, 1)];
    expect(oldestArrivals(10, head, normalHead)).toEqual([t, t + 60_000]);
    expect(oldestArrivals(1, head.slice(0, 2), normalHead)).toEqual([t]);
    expect(oldestArrivals(1, [], [])).toEqual([]);
  });
});
