/**
 * The call's level (network-level.ts) kept up to date and applied: every second, while joined,
 * the browser's own figures (stats.ts) go to the decider; a change of level is applied to what
 * this side sends (local-sources.ts) and receives (remote-tracks.ts) and announced to the room's
 * others (`media:level:set`, relayed as `media:level`) so both screens can say it in words.
 * Audio only chosen by hand overrides the network's level (and is announced as chosen).
 */
import type { CallLevel, CallLevelCause } from '@etapiste/protocol';
import type { MediaContext } from './context.js';
import type { LocalSources } from './local-sources.js';
import { LevelDecider, type LevelPolicy } from './network-level.js';
import type { RemoteTracks } from './remote-tracks.js';
import { linkFigures } from './stats.js';
import type { MediaTransports } from './transports.js';

/** Samples (seconds) that received loss is judged over. */
const LOSS_WINDOW = 5;

export interface AdaptationOptions {
  /** How often the figures are read, ms (a second: the decider counts samples). */
  intervalMs?: number;
  policy?: LevelPolicy;
  /** Off: the call stays at its level whatever the network does (audio only chosen still applies). */
  enabled?: boolean;
}

export interface CallLevelState {
  level: CallLevel;
  cause: CallLevelCause;
}

export class NetworkAdaptation {
  readonly #ctx: MediaContext;
  readonly #transports: MediaTransports;
  readonly #sources: LocalSources;
  readonly #remote: RemoteTracks;
  readonly #intervalMs: number;
  readonly #enabled: boolean;
  readonly #policy: LevelPolicy | undefined;
  #decider: LevelDecider;
  #timer: ReturnType<typeof setInterval> | undefined;
  #audioOnly = false;
  /** What is applied and announced now. */
  #applied: CallLevelState = { level: 'full', cause: 'network' };
  /** Level changes run one after another (a sample and a click may meet). */
  #chain: Promise<void> = Promise.resolve();
  #last: { received: number; lost: number } | undefined;
  /** Received and lost packets of the last few samples: loss is judged over seconds, not one. */
  #window: { received: number; lost: number }[] = [];
  #reading = false;
  /**
   * What the room's others were last told and acknowledged; undefined: not known (a new room, or
   * after a join, when they take this side as `full`). A telling lost on a weak link or a
   * reconnect is tried again every second until the room has the level applied now, so the
   * other screen never keeps saying a level this side has left (or miss one it is at).
   */
  #told: CallLevelState | undefined;
  #telling = false;
  /** Bumped when the room forgets (a join): a telling in flight then does not count as told. */
  #epoch = 0;
  /** Between joined() and stop(): tellings are retried only then. */
  #joined = false;
  #retry: ReturnType<typeof setTimeout> | undefined;

  constructor(
    ctx: MediaContext,
    transports: MediaTransports,
    sources: LocalSources,
    remote: RemoteTracks,
    options: AdaptationOptions = {},
  ) {
    this.#ctx = ctx;
    this.#transports = transports;
    this.#sources = sources;
    this.#remote = remote;
    this.#intervalMs = options.intervalMs ?? 1_000;
    this.#enabled = options.enabled ?? true;
    this.#policy = options.policy;
    this.#decider = new LevelDecider(options.policy);
  }

  get state(): CallLevelState {
    return { ...this.#applied };
  }

  get audioOnly(): boolean {
    return this.#audioOnly;
  }

  /** Joined (or joined again): measure from scratch, and tell the room the level if it is not full. */
  joined(): void {
    this.#last = undefined;
    this.#window = [];
    if (this.#enabled && this.#timer === undefined) {
      this.#timer = setInterval(() => void this.#sample(), this.#intervalMs);
    }
    this.#told = undefined;
    this.#epoch += 1;
    this.#joined = true;
    void this.announce();
  }

  /** Left, revoked or torn down for a rejoin: no figures to read. */
  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#joined = false;
    if (this.#retry !== undefined) clearTimeout(this.#retry);
    this.#retry = undefined;
  }

  /** Audio only by hand: no video sent or received until it is turned off. */
  setAudioOnly(on: boolean): Promise<void> {
    this.#audioOnly = on;
    return this.#update();
  }

  /** Someone joined: they hear this side's level from it (they were not there when it changed). */
  participantJoined(): void {
    this.#told = undefined;
    this.#epoch += 1;
    void this.announce();
  }

  /**
   * Tells the room's others this side's level unless they have it already; one telling at a time
   * (a change meanwhile is told when it returns), and one that fails is tried again a second
   * later for as long as the call is joined and the level is not told.
   */
  async announce(): Promise<void> {
    const roomId = this.#ctx.options?.roomId;
    if (roomId === undefined || !this.#ctx.grant || this.#telling || !this.#untold()) return;
    const state = { ...this.#applied };
    const epoch = this.#epoch;
    this.#telling = true;
    let told = false;
    try {
      await this.#ctx.signaling.request('media:level:set', { roomId, ...state });
      told = true;
      if (this.#epoch === epoch) this.#told = state;
    } catch {
      // Not told (a weak link timed the request out, or signaling is reconnecting): tried again.
    } finally {
      this.#telling = false;
    }
    if (!this.#joined || this.#ctx.options?.roomId !== roomId || !this.#untold()) return;
    if (told) {
      void this.announce();
    } else if (this.#retry === undefined) {
      this.#retry = setTimeout(() => {
        this.#retry = undefined;
        void this.announce();
      }, 1_000);
    }
  }

  /** The room does not have the level applied now (taken as `full` when not known). */
  #untold(): boolean {
    const told = this.#told ?? { level: 'full', cause: 'network' };
    return told.level !== this.#applied.level || told.cause !== this.#applied.cause;
  }

  async #sample(): Promise<void> {
    if (this.#reading) return;
    this.#reading = true;
    try {
      const figures = await linkFigures(this.#transports.send, this.#transports.recv);
      const previous = this.#last;
      this.#last = { received: figures.packetsReceived, lost: figures.packetsLost };
      this.#window.push({
        received: previous ? Math.max(0, figures.packetsReceived - previous.received) : 0,
        lost: previous ? Math.max(0, figures.packetsLost - previous.lost) : 0,
      });
      if (this.#window.length > LOSS_WINDOW) this.#window.shift();
      const received = this.#window.reduce((sum, w) => sum + w.received, 0);
      const lost = this.#window.reduce((sum, w) => sum + w.lost, 0);
      const before = this.#decider.level;
      const after = this.#decider.feed({
        at: performance.now(),
        availableOutgoingBps: figures.availableOutgoingBps,
        incomingLossPct: lost > 0 ? (100 * lost) / (received + lost) : 0,
        sendingVideo: this.#sources.sendingVideo(),
        documents: this.#sources.hasDocuments() || this.#remote.hasDocuments(),
      });
      if (after !== before) await this.#update();
    } catch {
      // Statistics of a transport closing under us: the next second reads the new one.
    } finally {
      this.#reading = false;
    }
  }

  #update(): Promise<void> {
    this.#chain = this.#chain.then(() => this.#apply()).catch(() => undefined);
    return this.#chain;
  }

  async #apply(): Promise<void> {
    const next: CallLevelState = this.#audioOnly
      ? { level: 'audio', cause: 'chosen' }
      : { level: this.#decider.level, cause: 'network' };
    if (next.level === this.#applied.level && next.cause === this.#applied.cause) return;
    this.#applied = next;
    this.#ctx.emit('level', next.level, next.cause);
    // The others are told even when applying it here failed in part (a pause refused on a weak
    // link): what they read on their screen is this side's level, not the SFU's answer.
    await Promise.allSettled([this.#sources.setLevel(next.level), this.#remote.setLevel(next.level)]);
    await this.announce();
  }

  /** A new decider (a new room): the network is taken as good until measured otherwise. */
  reset(): void {
    this.#decider = new LevelDecider(this.#policy);
    this.#last = undefined;
    this.#told = undefined;
  }
}
