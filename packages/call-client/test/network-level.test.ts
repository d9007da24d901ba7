/**
 * The call level decided from fed figures (network-level.ts): down quickly, up only after the
 * network has been good for a while, tries up on a quiet network that back off when they fail;
 * and what each level sends and receives (level-plan.ts).
 */
import { describe, expect, it } from '@jest/globals';
import { videoPlan } from '../src/media/level-plan.js';
import { DEFAULT_LEVEL_POLICY, LevelDecider, type LinkSample } from '../src/media/network-level.js';

const policy = DEFAULT_LEVEL_POLICY;
/** Bad samples in a row that step the call down. */
const DOWN = policy.downSamples;
/** Estimates each level carries (and no more). */
const LOW = 250_000;
const DOCS = 150_000;

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

  it('steps down after a few bad samples in a row, straight to what the estimate carries', () => {
    const decider = new LevelDecider();
    run(decider, 0, 5, good);
    const levels = run(decider, 5, DOWN, at100k);
    expect(levels.slice(0, -1).every((level) => level === 'full')).toBe(true);
    expect(levels.at(-1)).toBe('audio');
  });

  it('a single bad sample changes nothing', () => {
    const decider = new LevelDecider();
    run(decider, 0, 5, good);
    expect(decider.feed({ ...at100k, at: 5_000 })).toBe('full');
    expect(run(decider, 6, 10, good).every((level) => level === 'full')).toBe(true);
  });

  it('steps through the levels as the estimate falls', () => {
    const decider = new LevelDecider();
    run(decider, 0, DOWN, { ...good, availableOutgoingBps: LOW });
    expect(decider.level).toBe('low-video');
    run(decider, 10, DOWN, { ...good, availableOutgoingBps: DOCS });
    expect(decider.level).toBe('documents');
    run(decider, 20, DOWN, { ...good, availableOutgoingBps: 60_000 });
    expect(decider.level).toBe('audio');
  });

  it("received loss alone does not step the call down: it may be the sender's uplink", () => {
    const decider = new LevelDecider();
    expect(run(decider, 0, 10, { ...good, incomingLossPct: 30 }).every((level) => level === 'full')).toBe(true);
  });

  it('steps up one level at a time, only after the estimate has been good for a while', () => {
    const decider = new LevelDecider();
    run(decider, 0, 2, { ...good, availableOutgoingBps: DOCS });
    run(decider, 2, DOWN - 2, { ...good, availableOutgoingBps: DOCS });
    expect(decider.level).toBe('documents');
    // Good enough for low-video (200 kbit/s × 1.25), not yet for long enough.
    const at = DOWN;
    const levels = run(decider, at, policy.upHoldMs / 1000, { ...good, availableOutgoingBps: 260_000 });
    expect(levels.every((level) => level === 'documents')).toBe(true);
    decider.feed({ ...good, availableOutgoingBps: 260_000, at: at * 1000 + policy.upHoldMs });
    expect(decider.level).toBe('low-video');
    // Good for full: one level more after another hold, never two at once.
    const up = run(decider, at + policy.upHoldMs / 1000 + 1, 12, good);
    expect(up).toContain('low-video');
    expect(decider.level).toBe('full');
  });

  it('a good stretch broken by one bad sample starts its wait again', () => {
    const decider = new LevelDecider();
    run(decider, 0, DOWN, { ...good, availableOutgoingBps: LOW });
    expect(decider.level).toBe('low-video');
    run(decider, 3, 4, good);
    // Carried, but neither good for full nor quiet: both waits start again.
    decider.feed({ ...good, availableOutgoingBps: LOW, incomingLossPct: 7, at: 7_000 });
    run(decider, 8, 4, good);
    expect(decider.level).toBe('low-video');
    run(decider, 12, 2, good);
    expect(decider.level).toBe('full');
  });

  it('with video off, a low send estimate is no evidence: the call stays full', () => {
    const decider = new LevelDecider();
    expect(run(decider, 0, 10, quietAudio).every((level) => level === 'full')).toBe(true);
  });

  it('tries one level up on a quiet network, takes a failed try back at once and waits twice as long', () => {
    const decider = new LevelDecider();
    run(decider, 0, DOWN, at100k);
    expect(decider.level).toBe('audio');
    // Quiet for probeAfterMs: a try at documents.
    const first = run(decider, DOWN, policy.probeAfterMs / 1000 + 1, quietAudio);
    expect(first.at(-1)).toBe('documents');
    const triedAt = DOWN + first.length;
    // The network cannot carry it (the document camera's video meets 100 kbit/s): the estimate
    // falls, and the try is taken back at once.
    run(decider, triedAt, DOWN, { ...at100k, availableOutgoingBps: 60_000 });
    expect(decider.level).toBe('audio');
    // The next try waits twice as long.
    const second = run(decider, triedAt + DOWN, (2 * policy.probeAfterMs) / 1000 + 1, quietAudio);
    expect(second.slice(0, -1).every((level) => level === 'audio')).toBe(true);
    expect(second.at(-1)).toBe('documents');
  });

  it('climbs back to full by tries once the limit is lifted, and a try that holds keeps the short wait', () => {
    const decider = new LevelDecider();
    run(decider, 0, DOWN, at100k);
    let t = DOWN;
    // Lifted: each level holds (a quiet network, an estimate that carries what is sent), so each
    // next try comes after probeAfterMs again.
    const steps = [
      { expected: 'documents', availableOutgoingBps: 100_000, sendingVideo: false },
      { expected: 'low-video', availableOutgoingBps: DOCS, sendingVideo: true },
      { expected: 'full', availableOutgoingBps: LOW, sendingVideo: true },
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
    run(decider, 0, DOWN, { ...good, availableOutgoingBps: LOW });
    expect(decider.level).toBe('low-video');
    // A quiet network: a try at full with the estimate at 280 kbit/s (below what full needs).
    run(decider, DOWN, policy.probeAfterMs / 1000 + 1, { ...good, availableOutgoingBps: 280_000 });
    expect(decider.level).toBe('full');
    // Growing, or holding: still full while it settles.
    run(decider, 20, 5, { ...good, availableOutgoingBps: 290_000 });
    expect(decider.level).toBe('full');
    // Falling well below the mark: the network cannot carry full.
    run(decider, 25, DOWN, { ...good, availableOutgoingBps: 220_000 });
    expect(decider.level).toBe('low-video');
  });

  it('a try the network cannot carry at all is taken back after a few seconds, even if the estimate holds', () => {
    const decider = new LevelDecider();
    run(decider, 0, DOWN, at100k);
    const tried = run(decider, DOWN, policy.probeAfterMs / 1000 + 1, { ...quietAudio, documents: false });
    expect(tried.at(-1)).toBe('low-video');
    // 90 kbit/s, not falling, but under half of what low-video needs: down once it has had its few seconds.
    const after = run(decider, 12, policy.settleMinMs / 1000 + DOWN, { ...at100k, availableOutgoingBps: 90_000 });
    expect(after.indexOf('audio')).toBe(policy.settleMinMs / 1000 + DOWN - 2);
  });

  it('still below what the level needs once it has settled: down again', () => {
    const decider = new LevelDecider();
    run(decider, 0, DOWN, { ...good, availableOutgoingBps: LOW });
    run(decider, DOWN, policy.probeAfterMs / 1000 + 1, { ...good, availableOutgoingBps: 280_000 });
    expect(decider.level).toBe('full');
    const levels = run(decider, 20, policy.probeWindowMs / 1000 + DOWN, { ...good, availableOutgoingBps: 280_000 });
    // Full while it settles (15 s from the try at 11 s), down on the third bad sample after.
    const down = levels.indexOf('low-video');
    expect(down).toBe(11 + policy.probeWindowMs / 1000 + DOWN - 1 - 20);
    expect(levels.slice(0, down).every((level) => level === 'full')).toBe(true);
  });
});

describe('a call without a document camera or screen', () => {
  it('passes over `documents` both ways: it would send no more than audio', () => {
    const decider = new LevelDecider();
    const noDocuments = { ...good, documents: false };
    run(decider, 0, DOWN, { ...noDocuments, availableOutgoingBps: DOCS });
    expect(decider.level).toBe('audio');
    const levels = run(decider, DOWN, policy.probeAfterMs / 1000 + 1, {
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
