/** The walk-in estimate with booked time: bookings due before the turn count as requests ahead. */
import { describe, expect, it } from '@jest/globals';
import { estimateWaitSeconds } from '../../src/queue/estimate.js';

const MIN = 60_000;
const NOW = Date.UTC(2026, 11, 1, 10, 0);

describe('the wait estimate with booked time', () => {
  it('is the plain estimate without bookings', () => {
    expect(estimateWaitSeconds(3, 2, 10 * MIN, [], NOW)).toBe(((2.5 * 10) / 2) * 60);
    expect(estimateWaitSeconds(1, 0, 10 * MIN, [NOW + MIN], NOW)).toBeUndefined();
  });

  it('counts each booking due before the turn as one more request ahead', () => {
    // Third in line, two specialists, 10-minute sessions: 12.5 minutes. The booking at 10:05 is due
    // before that (17.5 minutes), which brings the one at 10:15 in too (22.5); the one at 11:00 is not.
    const plain = estimateWaitSeconds(3, 2, 10 * MIN, [], NOW) ?? 0;
    const booked = estimateWaitSeconds(3, 2, 10 * MIN, [NOW + 5 * MIN, NOW + 15 * MIN, NOW + 60 * MIN], NOW);
    expect(booked).toBe(((4.5 * 10) / 2) * 60);
    expect(booked).toBeGreaterThan(plain);
  });

  it('ignores bookings already started (checked in, they are in the position) and those past the turn', () => {
    expect(estimateWaitSeconds(1, 1, 10 * MIN, [NOW - MIN, NOW + 30 * MIN], NOW)).toBe(5 * 60);
  });
});
