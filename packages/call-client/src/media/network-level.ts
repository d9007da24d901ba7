/**
 * Which call level the network carries, decided from measured figures with hysteresis; pure (time
 * comes with each sample), so it is tested with fed numbers. The levels, from most to least:
 * `full`; `low-video` (cameras at their lowest simulcast layer); `documents` (the document camera
 * or a shared screen at a low frame rate, the face camera off); `audio`.
 *
 * Down quickly, up slowly: three bad samples in a row step down at once to the level the figures
 * carry (several levels if need be), so audio is never starved for long; a step up is one level at
 * a time and only after the figures have been good for a while. Below `full` the send estimate is
 * no proof either way (the browser's estimate grows only with what is sent, and little is), so a
 * quiet network is also tried one level up now and then; a try the network cannot carry is taken
 * back at once and the next try waits twice as long (as WebRTC's own probing backs off). After a
 * step up the estimate has to grow into the new level: for a while it steps the call down only if
 * it falls (the sign of a network that cannot carry it) or, after a few seconds, has not reached
 * half of what the level needs; not because it has not grown all the way yet. A try is confirmed
 * only by good figures after that while: any step down before counts as a failed try.
 */
import type { CallLevel } from '@etapiste/protocol';

/** From most to least; an index is a level's rank. */
export const CALL_LEVELS: readonly CallLevel[] = ['full', 'low-video', 'documents', 'audio'];

export interface LinkSample {
  /** When it was measured, ms (any monotonic clock). */
  at: number;
  /** The send transport's bandwidth estimate (`availableOutgoingBitrate`), bit/s; undefined until measured. */
  availableOutgoingBps: number | undefined;
  /** Packet loss of what this side received over the last seconds, percent (a quiet network has little). */
  incomingLossPct: number;
  /**
   * This side sends video now. Without it the send estimate only reflects the audio sent and says
   * nothing about the network, so it does not step the call down.
   */
  sendingVideo: boolean;
  /**
   * A document camera or a shared screen is in the call (sent or received). Without one,
   * `documents` is no different from `audio` and is skipped both ways.
   */
  documents: boolean;
}

export interface LevelPolicy {
  /** The send estimate each level needs, bit/s (a level is kept while the estimate reaches it). */
  needBps: Readonly<Record<CallLevel, number>>;
  /** A step up needs the next level's estimate times this (hysteresis). */
  upMargin: number;
  /** Received loss below this is a quiet network (a try one level up is allowed). */
  lossQuietPct: number;
  /** Bad samples in a row before a step down. */
  downSamples: number;
  /** Good figures this long before a step up. */
  upHoldMs: number;
  /** A quiet network this long below `full` before a try one level up; doubles after each failed try. */
  probeAfterMs: number;
  probeMaxMs: number;
  /** A try taken back within this long failed; also how long the estimate has to grow after a step up. */
  probeWindowMs: number;
  /** After a step up, an estimate below this share of the one at the step is a fall. */
  fallShare: number;
  /** After a step up, the estimate has this long to reach half of what the level needs. */
  settleMinMs: number;
}

/**
 * A 320-pixel camera layer is at most 150 kbit/s and audio about 40: the document camera's lowest
 * layer at a few frames a second with audio fits in 120 kbit/s, the lowest camera layers in 200;
 * above 300 the browser's own simulcast allocation (and the SFU's per receiver) already choose
 * the layers well, so the call is left alone. The needs are low on purpose: a busy computer also
 * lowers the estimate a little, and that is no reason to take the picture away. Loss is measured
 * over a few seconds (network-adaptation.ts): a burst now and then is not a weak network.
 */
export const DEFAULT_LEVEL_POLICY: LevelPolicy = {
  needBps: { full: 300_000, 'low-video': 200_000, documents: 120_000, audio: 0 },
  upMargin: 1.25,
  lossQuietPct: 5,
  downSamples: 3,
  upHoldMs: 5_000,
  probeAfterMs: 8_000,
  probeMaxMs: 32_000,
  probeWindowMs: 15_000,
  fallShare: 0.85,
  settleMinMs: 5_000,
};

const rank = (level: CallLevel) => CALL_LEVELS.indexOf(level);
const DOCUMENTS = CALL_LEVELS.indexOf('documents');

/** `documents` without a document camera or screen in the call is passed in the direction of the step (+1 down, -1 up). */
function skip(index: number, sample: LinkSample, direction: 1 | -1): number {
  return index === DOCUMENTS && !sample.documents ? index + direction : index;
}
const at = (index: number): CallLevel => CALL_LEVELS[Math.max(0, Math.min(CALL_LEVELS.length - 1, index))] as CallLevel;

export class LevelDecider {
  readonly #policy: LevelPolicy;
  #level: CallLevel = 'full';
  #badInRow = 0;
  /** Since when the figures have been good enough for the next level up (undefined: not now). */
  #goodSince: number | undefined;
  /** Since when the network has been quiet at this level. */
  #quietSince: number | undefined;
  #probeAfterMs: number;
  /** A try one level up in progress: when it was made. */
  #probeAt: number | undefined;
  /** The last step up: when, and the estimate then. */
  #up: { at: number; estimate: number | undefined } | undefined;

  constructor(policy: LevelPolicy = DEFAULT_LEVEL_POLICY) {
    this.#policy = policy;
    this.#probeAfterMs = policy.probeAfterMs;
  }

  get level(): CallLevel {
    return this.#level;
  }

  /** The level the network carries now, after this sample. */
  feed(sample: LinkSample): CallLevel {
    const p = this.#policy;
    const current = rank(this.#level);
    const carried = this.#settling(sample) ? current : this.#carried(sample);
    // Received loss does not step the call down: through the SFU it is also the sender's uplink
    // (a weak point makes the specialist's received video lossy); it only holds back tries up.
    const supported = skip(carried, sample, +1);

    if (supported > current) {
      this.#goodSince = undefined;
      this.#quietSince = undefined;
      this.#badInRow += 1;
      if (this.#badInRow >= p.downSamples) this.#stepDown(supported);
      return this.#level;
    }
    this.#badInRow = 0;
    if (current === 0) return this.#level;
    if (this.#probeAt !== undefined && sample.at - this.#probeAt >= p.probeWindowMs) {
      // The try held (good figures after its while): the next one may come as soon as the first did.
      this.#probeAt = undefined;
      this.#probeAfterMs = p.probeAfterMs;
    }

    const next = skip(current - 1, sample, -1);
    const estimateGood =
      sample.availableOutgoingBps !== undefined &&
      sample.availableOutgoingBps >= p.needBps[at(next)] * p.upMargin &&
      sample.incomingLossPct < p.lossQuietPct;
    this.#goodSince = estimateGood ? (this.#goodSince ?? sample.at) : undefined;
    this.#quietSince = sample.incomingLossPct < p.lossQuietPct ? (this.#quietSince ?? sample.at) : undefined;

    if (this.#goodSince !== undefined && sample.at - this.#goodSince >= p.upHoldMs) {
      this.#stepUp(next, sample.at, false, sample.availableOutgoingBps);
    } else if (this.#quietSince !== undefined && sample.at - this.#quietSince >= this.#probeAfterMs) {
      this.#stepUp(next, sample.at, true, sample.availableOutgoingBps);
    }
    return this.#level;
  }

  /** Just stepped up, and the estimate is growing into the level (it has not fallen). */
  #settling(sample: LinkSample): boolean {
    const up = this.#up;
    if (!up || sample.at - up.at >= this.#policy.probeWindowMs) return false;
    const estimate = sample.availableOutgoingBps;
    if (estimate === undefined) return true;
    // Up from audio only there was no estimate (no video, none made): the first one after is the mark.
    up.estimate ??= estimate;
    const grownEnough =
      sample.at - up.at < this.#policy.settleMinMs || estimate >= this.#policy.needBps[this.#level] / 2;
    return grownEnough && estimate >= up.estimate * this.#policy.fallShare;
  }

  /** The lowest-ranked (best) level the estimate carries; the current one when the estimate is no evidence. */
  #carried(sample: LinkSample): number {
    const estimate = sample.availableOutgoingBps;
    if (estimate === undefined || !sample.sendingVideo) return 0;
    const index = CALL_LEVELS.findIndex((level) => estimate >= this.#policy.needBps[level]);
    return index === -1 ? CALL_LEVELS.length - 1 : index;
  }

  #stepDown(to: number): void {
    if (this.#probeAt !== undefined) {
      // The try up failed (it was not confirmed yet): wait twice as long before the next.
      this.#probeAfterMs = Math.min(this.#probeAfterMs * 2, this.#policy.probeMaxMs);
    }
    this.#probeAt = undefined;
    this.#up = undefined;
    this.#level = at(to);
    this.#badInRow = 0;
  }

  #stepUp(to: number, now: number, probe: boolean, estimate: number | undefined): void {
    this.#up = { at: now, estimate };
    this.#level = at(to);
    this.#goodSince = undefined;
    this.#quietSince = undefined;
    this.#probeAt = probe ? now : undefined;
  }
}
