/** The test stand-in for the signaling client answers from its table, records, and pushes. */
import { describe, expect, it, jest } from '@jest/globals';
import { FakeSignalingClient } from '../src/testing/index.js';

const since = '2026-11-23T10:00:00.000Z';

describe('FakeSignalingClient', () => {
  it('answers requests from its table, records them, and refuses the ones it has no answer for', async () => {
    const fake = new FakeSignalingClient({ 'presence:get': () => ({ state: 'available', since }) });
    await expect(fake.client.request('presence:get', {})).resolves.toEqual({ state: 'available', since });
    await expect(fake.client.request('work:current', {})).rejects.toThrow('no answer for work:current');
    expect(fake.requests).toEqual([
      { event: 'presence:get', payload: {} },
      { event: 'work:current', payload: {} },
    ]);
    expect(fake.count('presence:get')).toBe(1);
  });

  it('delivers pushed events to the listeners still subscribed, and announces state changes', () => {
    const fake = new FakeSignalingClient({}, 'connecting');
    const listener = jest.fn();
    const states = jest.fn();
    const off = fake.client.on('presence:changed', listener);
    fake.client.onState(states);
    fake.push('presence:changed', { state: 'away', since });
    off();
    fake.push('presence:changed', { state: 'available', since });
    expect(listener.mock.calls).toEqual([[{ state: 'away', since }]]);
    fake.client.connect();
    fake.client.close();
    expect(fake.client.state).toBe('closed');
    expect(states.mock.calls).toEqual([['connected'], ['closed']]);
  });
});
