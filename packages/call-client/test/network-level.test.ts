/**
 * The call level decided from fed figures (network-level.ts): down quickly, up only after the
 * network has been good for a while, tries up on a quiet network that back off when they fail;
 * and what each level sends and receives (level-plan.ts).
 */
import { describe, expect, it } from '@jest/globals';
import { videoPlan } from '../src/media/level-plan.js';
import { DEFAULT_LEVEL_POLICY, LevelDecider, type LinkSample } from '../src/media/network-level.js';

const policy = DEFAULT_LEVEL_POLICY;

/** Feeds one sample a second from `from` (s) for `seconds`; returns the levels after each. */
function run(decider: LevelDecider, from: number, seconds: number, sample: Omit<LinkSample, 'at'>) {
  const levels = [];
  for (let s = from; s < from + seconds; s += 1) levels.push(decider.feed({ ...sample, at: s * 1000 }));
  return levels;
}

/** A document camera is in the call (without one, `documents` is skipped: see its own test). */
const good = { availableOutgoingBps: 2_000_000, incomingLossPct: 0, sendingVideo: true, documents: true };
const at100k = { ...good, availableOutgoingBps: 95_000 };
/** Audio only: little is sent, so the estimate stays low whatever the network carries. */
const quietAudio = { ...good, availableOutgoingBps: 90_000, sendingVideo: false };

describe('call level from measured figures', () => {
  it('stays full on a good network', () => {
    const decider = new LevelDecider();
    expect(run(decider, 0, 30, good).every((level) => level === 'full')).toBe(true);
  });

  it('steps down after two bad samples, straight to what the estimate carries', () => {
    const decider = new LevelDecider();
    run(decider, 0, 5, good);
    expect(run(decider, 5, 2, at100k)).toEqual(['full', 'audio']);
  });

  it('a single bad sample changes nothing', () => {
    const decider = new LevelDecider();
    run(decider, 0, 5, good);
    expect(decider.feed({ ...at100k, at: 5_000 })).toBe('full');
    expect(run(decider, 6, 10, good).every((level) => level === 'full')).toBe(true);
  });

  it('steps through the levels as the estimate falls', () => {
    const decider = new LevelDecider();
    run(decider, 0, 2, { ...good, availableOutgoingBps: 400_000 });
    expect(decider.level).toBe('low-video');
    run(decider, 2, 2, { ...good, availableOutgoingBps: 300_000 });
    expect(decider.level).toBe('documents');
    run(decider, 4, 2, { ...good, availableOutgoingBps: 60_000 });
    expect(decider.level).toBe('audio');
  });

  it('a lossy downlink steps down one level even with a good send estimate', () => {
    const decider = new LevelDecider();
    run(decider, 0, 2, { ...good, incomingLossPct: 20 });
    expect(decider.level).toBe('low-video');
  });

  it('steps up one level at a time, only after the estimate has been good for a while', () => {
    const decider = new LevelDecider();
    run(decider, 0, 2, { ...good, availableOutgoingBps: 300_000 });
    expect(decider.level).toBe('documents');
    // Good enough for low-video (350 kbit/s × 1.25), not yet for long enough.
    const levels = run(decider, 2, policy.upHoldMs / 1000, { ...good, availableOutgoingBps: 500_000 });
    expect(levels.every((level) => level === 'documents')).toBe(true);
    decider.feed({ ...good, availableOutgoingBps: 500_000, at: 2_000 + policy.upHoldMs });
    expect(decider.level).toBe('low-video');
    // Good for full: one level more after another hold, never two at once.
    const up = run(decider, 8, 12, good);
    expect(up).toContain('low-video');
    expect(decider.level).toBe('full');
  });

  it('a good stretch broken by one bad sample starts its wait again', () => {
    const decider = new LevelDecider();
    run(decider, 0, 2, { ...good, availableOutgoingBps: 400_000 });
    run(decider, 2, 4, good);
    // Carried, but neither good for full nor quiet: both waits start again.
    decider.feed({ ...good, availableOutgoingBps: 400_000, incomingLossPct: 7, at: 6_000 });
    run(decider, 7, 4, good);
    expect(decider.level).toBe('low-video');
    run(decider, 11, 2, good);
    expect(decider.level).toBe('full');
  });

  it('with video off, a low send estimate is no evidence: the call stays full', () => {
    const decider = new LevelDecider();
    expect(run(decider, 0, 10, quietAudio).every((level) => level === 'full')).toBe(true);
  });

  it('tries one level up on a quiet network, takes a failed try back at once and waits twice as long', () => {
    const decider = new LevelDecider();
    run(decider, 0, 2, at100k);
    expect(decider.level).toBe('audio');
    // Quiet for probeAfterMs: a try at documents.
    const first = run(decider, 2, policy.probeAfterMs / 1000 + 1, quietAudio);
    expect(first.at(-1)).toBe('documents');
    const triedAt = 2 + first.length;
    // The network cannot carry it (the document camera's video meets 100 kbit/s): the estimate
    // falls, and the try is taken back at once.
    run(decider, triedAt, 2, { ...at100k, availableOutgoingBps: 60_000 });
    expect(decider.level).toBe('audio');
    // The next try waits twice as long.
    const second = run(decider, triedAt + 2, (2 * policy.probeAfterMs) / 1000 + 1, quietAudio);
    expect(second.slice(0, -1).every((level) => level === 'audio')).toBe(true);
    expect(second.at(-1)).toBe('documents');
  });

  it('climbs back to full by tries once the limit is lifted, and a try that holds keeps the short wait', () => {
    const decider = new LevelDecider();
    run(decider, 0, 2, at100k);
    let t = 2;
    // Lifted: each level holds (a quiet network, an estimate that carries what is sent), so each
    // next try comes after probeAfterMs again.
    const steps = [
      { expected: 'documents', availableOutgoingBps: 100_000, sendingVideo: false },
      { expected: 'low-video', availableOutgoingBps: 300_000, sendingVideo: true },
      { expected: 'full', availableOutgoingBps: 400_000, sendingVideo: true },
    ] as const;
    for (const { expected, ...figures } of steps) {
      const levels = run(decider, t, policy.probeAfterMs / 1000 + 1, {
        ...figures,
        incomingLossPct: 0,
        documents: true,
      });
      t += levels.length;
      expect(decider.level).toBe(expected);
    }
  });
});

describe('after a step up', () => {
  it('gives the estimate time to grow into the level, and steps down when it falls', () => {
    const decider = new LevelDecider();
    run(decider, 0, 2, { ...good, availableOutgoingBps: 400_000 });
    expect(decider.level).toBe('low-video');
    // A quiet network: a try at full with the estimate at 450 kbit/s (below what full needs).
    run(decider, 2, policy.probeAfterMs / 1000 + 1, { ...good, availableOutgoingBps: 450_000 });
    expect(decider.level).toBe('full');
    // Growing, or holding: still full while it settles.
    run(decider, 11, 5, { ...good, availableOutgoingBps: 500_000 });
    expect(decider.level).toBe('full');
    // Falling well below the mark: the network cannot carry full.
    run(decider, 16, 2, { ...good, availableOutgoingBps: 360_000 });
    expect(decider.level).toBe('low-video');
  });

  it('still below what the level needs once it has settled: down again', () => {
    const decider = new LevelDecider();
    run(decider, 0, 2, { ...good, availableOutgoingBps: 400_000 });
    run(decider, 2, policy.probeAfterMs / 1000 + 1, { ...good, availableOutgoingBps: 450_000 });
    expect(decider.level).toBe('full');
    const levels = run(decider, 11, policy.probeWindowMs / 1000 + 2, { ...good, availableOutgoingBps: 450_000 });
    expect(levels.at(-1)).toBe('low-video');
  });
});

describe('a call without a document camera or screen', () => {
  it('passes over `documents` both ways: it would send no more than audio', () => {
    const decider = new LevelDecider();
    const noDocuments = { ...good, documents: false };
    run(decider, 0, 2, { ...noDocuments, availableOutgoingBps: 300_000 });
    expect(decider.level).toBe('audio');
    const levels = run(decider, 2, policy.probeAfterMs / 1000 + 1, {
      ...noDocuments,
      sendingVideo: false,
      availableOutgoingBps: 90_000,
    });
    expect(levels).not.toContain('documents');
    expect(decider.level).toBe('low-video');
  });
});

describe('what each level sends and receives', () => {
  it('keeps the document camera longest, at a low frame rate, and never touches audio', () => {
    expect(videoPlan('full', 'camera')).toEqual({ held: false, maxSpatialLayer: 2, maxFramerate: undefined });
    expect(videoPlan('low-video', 'camera').maxSpatialLayer).toBe(0);
    expect(videoPlan('documents', 'camera').held).toBe(true);
    expect(videoPlan('documents', 'document-camera')).toMatchObject({ held: false, maxFramerate: 5 });
    expect(videoPlan('documents', 'screen').held).toBe(false);
    expect(videoPlan('audio', 'document-camera').held).toBe(true);
  });
});
