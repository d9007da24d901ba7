import { describe, expect, it } from '@jest/globals';
import { RECONNECT_SCHEDULE_MS, RECONNECT_STEADY_MS, reconnectDelay } from '../src/backoff.js';

describe('reconnect schedule', () => {
  it('retries at once, then at 0.3, 1.2, 2.7 and 4.8 s', () => {
    expect([0, 1, 2, 3, 4].map((attempt) => reconnectDelay(attempt))).toEqual([0, 300, 1200, 2700, 4800]);
    expect(RECONNECT_SCHEDULE_MS).toHaveLength(5);
  });

  it('then waits 7 s plus up to 1 s of jitter', () => {
    expect(reconnectDelay(5, () => 0)).toBe(RECONNECT_STEADY_MS);
    expect(reconnectDelay(50, () => 0.999)).toBe(RECONNECT_STEADY_MS + 999);
  });
});
