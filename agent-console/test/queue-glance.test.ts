/** The specialist's view of the queues: merging pushes, and the longest wait ticking between them. */
import { describe, expect, it } from '@jest/globals';
import { longestWaitNow, mergeGlances, queueKey } from '../src/specialist/useQueueGlance.js';

const queue = (agency: string, waiting: number, longestWaitSeconds: number) => ({
  agency,
  language: 'fi' as const,
  waiting,
  longestWaitSeconds,
  online: 1,
  available: 0,
});

describe('queue glance', () => {
  it('replaces only the queues a push names, and counts the longest wait on from arrival', () => {
    const first = mergeGlances(new Map(), [queue('tax', 1, 30), queue('kela', 0, 0)], 1_000);
    const pushed = mergeGlances(first, [queue('tax', 2, 45)], 5_000);
    expect(pushed.get(queueKey('kela', 'fi'))).toBe(first.get(queueKey('kela', 'fi')));
    const tax = pushed.get(queueKey('tax', 'fi'));
    expect(tax).toMatchObject({ waiting: 2, receivedAt: 5_000 });
    // 45 s at arrival, 7.9 s later: 52 s (whole seconds, never ahead of the clock).
    expect(tax && longestWaitNow(tax, 12_900)).toBe(52);
    // Nobody waiting: no wait, however long ago the figure came.
    const kela = pushed.get(queueKey('kela', 'fi'));
    expect(kela && longestWaitNow(kela, 60_000)).toBe(0);
  });
});
