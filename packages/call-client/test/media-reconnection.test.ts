/**
 * The media recovery module: light steps first, escalation when they fail, the backoff schedule
 * between attempts, heavier steps superseding lighter ones, and a refused grant ending it.
 */
import { describe, expect, it, jest } from '@jest/globals';
import { CallClientError } from '../src/errors.js';
import { spatialLayerFor } from '../src/media/layers.js';
import { MediaReconnector, type RecoveryTarget } from '../src/media/reconnection.js';

function target(failures: Partial<Record<keyof RecoveryTarget, unknown[]>> = {}) {
  const calls: string[] = [];
  const step = (name: keyof RecoveryTarget) => async () => {
    calls.push(name);
    const failure = failures[name]?.shift();
    if (failure) throw failure;
  };
  return { calls, restartIce: step('restartIce'), resume: step('resume'), rejoin: step('rejoin') };
}

async function settle(ms: number) {
  await jest.advanceTimersByTimeAsync(ms);
}

describe('MediaReconnector', () => {
  it('restarts ICE on a failed transport, then escalates to a rejoin on the schedule', async () => {
    jest.useFakeTimers();
    const t = target({ restartIce: [new CallClientError('ROOM_RESTARTED')], rejoin: [new CallClientError('NETWORK')] });
    const delays: number[] = [];
    const r = new MediaReconnector(t, (attempt) => [0, 300, 1200][attempt] ?? 7000);
    r.on('recovering', (_action, delay) => delays.push(delay));
    const recovered: string[] = [];
    r.on('recovered', (action) => recovered.push(action));
    r.transportFailed('recv');
    await settle(2000);
    expect(t.calls).toEqual(['restartIce', 'rejoin', 'rejoin']);
    expect(delays).toEqual([0, 300, 1200]);
    expect(recovered).toEqual(['rejoin']);
    jest.useRealTimers();
  });

  it('resumes after a signaling reconnect; a lost room supersedes a waiting resume', async () => {
    jest.useFakeTimers();
    const t = target();
    const r = new MediaReconnector(t, () => 100);
    r.signalingReconnected();
    r.roomLost();
    r.transportFailed('send'); // lighter than the rejoin waiting: ignored
    await settle(500);
    expect(t.calls).toEqual(['rejoin']);
    r.signalingReconnected();
    await settle(500);
    expect(t.calls).toEqual(['rejoin', 'resume']);
    jest.useRealTimers();
  });

  it('attempts nothing while signaling is down; a step cut by the drop goes once it is back', async () => {
    jest.useFakeTimers();
    const t = target({ rejoin: [new CallClientError('TIMEOUT')] });
    const delays: number[] = [];
    const r = new MediaReconnector(t, (attempt) => [0, 300, 1200][attempt] ?? 7000);
    r.on('recovering', (_action, delay) => delays.push(delay));
    r.roomLost();
    r.signalingLost();
    await settle(10_000);
    expect(t.calls).toEqual([]);
    r.signalingBack();
    await settle(100);
    expect(t.calls).toEqual(['rejoin']); // cut: TIMEOUT
    r.signalingLost();
    await settle(10_000);
    expect(t.calls).toEqual(['rejoin']);
    r.signalingReconnected(); // the rejoin waiting is not replaced by a lighter resume
    await settle(1000);
    expect(t.calls).toEqual(['rejoin', 'rejoin']);
    // Each (re)scheduling is announced; the attempt number only grows with a failed step.
    expect(delays).toEqual([0, 0, 300, 300]);
    jest.useRealTimers();
  });

  it('gives up when the grant is gone', async () => {
    jest.useFakeTimers();
    const t = target({ rejoin: [new CallClientError('MEDIA_NOT_GRANTED')] });
    const r = new MediaReconnector(t, () => 0);
    const gaveUp: string[] = [];
    r.on('gave-up', (error) => gaveUp.push(error.code));
    r.roomLost();
    await settle(100);
    r.roomLost();
    await settle(100);
    expect(t.calls).toEqual(['rejoin']);
    expect(gaveUp).toEqual(['MEDIA_NOT_GRANTED']);
    jest.useRealTimers();
  });
});

describe('spatialLayerFor', () => {
  it('picks the smallest layer that fills the rendered width', () => {
    expect(spatialLayerFor(0)).toBe(0);
    expect(spatialLayerFor(200)).toBe(0);
    expect(spatialLayerFor(320)).toBe(0);
    expect(spatialLayerFor(600)).toBe(1);
    expect(spatialLayerFor(900)).toBe(2);
    expect(spatialLayerFor(4000)).toBe(2);
  });
});
