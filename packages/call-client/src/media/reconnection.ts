/**
 * Media recovery as its own module, with three steps from light to heavy:
 *  - a transport failed (ICE lost)    → ICE restart on that transport;
 *  - the signaling connection is back → resume (the media never stopped: catch up on pushes);
 *  - the room was lost (worker or node gone, or a lighter step failed) → rejoin (new transports,
 *    publish again), without leaving the visit or the queue.
 * Attempts follow the same explicit backoff schedule as the signaling connection (backoff.ts);
 * a heavier step supersedes a lighter one waiting. A refused grant ends recovery for good.
 * While signaling is down nothing is attempted (every step needs it): a step waits, and a step
 * cut by the drop is tried again once signaling is back, on the schedule's next delay.
 */
import { reconnectDelay } from '../backoff.js';
import { CallClientError } from '../errors.js';
import { TypedEmitter } from './typed-emitter.js';

export type RecoveryAction = 'ice-restart' | 'resume' | 'rejoin';
const WEIGHT: Record<RecoveryAction, number> = { 'ice-restart': 1, resume: 2, rejoin: 3 };

export interface RecoveryTarget {
  restartIce(direction: 'send' | 'recv'): Promise<void>;
  resume(): Promise<void>;
  rejoin(): Promise<void>;
}

export type ReconnectorEvents = {
  /** A step is scheduled after `delayMs`. */
  recovering: [action: RecoveryAction, delayMs: number];
  recovered: [action: RecoveryAction];
  /** Recovery stopped: the grant is gone (session ended) or the caller left. */
  'gave-up': [error: CallClientError];
};

export class MediaReconnector extends TypedEmitter<ReconnectorEvents> {
  #attempt = 0;
  #pending: { action: RecoveryAction; direction: 'send' | 'recv' } | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running = false;
  #stopped = false;
  #offline = false;

  constructor(
    private readonly target: RecoveryTarget,
    private readonly delay: (attempt: number) => number = reconnectDelay,
  ) {
    super();
  }

  get busy(): boolean {
    return this.#running || this.#pending !== undefined;
  }

  transportFailed(direction: 'send' | 'recv'): void {
    this.#schedule('ice-restart', direction);
  }

  /** Signaling dropped: steps wait for it (a step running now will most likely fail and wait too). */
  signalingLost(): void {
    this.#offline = true;
    clearTimeout(this.#timer);
  }

  /** Signaling is back after a drop, with media set up: catch up on what was missed. */
  signalingReconnected(): void {
    const waiting = this.#offline ? this.#pending : undefined;
    this.#offline = false;
    this.#schedule('resume');
    // A heavier step kept waiting while offline was not replaced by the resume: it goes now.
    if (waiting && this.#pending === waiting && !this.#running) this.#arm();
  }

  /** Signaling is back: a step waiting for it (a rejoin cut by the drop) goes now, on the schedule. */
  signalingBack(): void {
    if (!this.#offline) return;
    this.#offline = false;
    if (!this.#running) this.#arm();
  }

  /** Something the room should have is missing (a publish cut short): catch up as after a reconnect. */
  resync(): void {
    this.#schedule('resume');
  }

  roomLost(): void {
    this.#schedule('rejoin');
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#pending = undefined;
  }

  /** Recovery may start again (after a deliberate new join). */
  reset(): void {
    this.stop();
    this.#stopped = false;
    this.#attempt = 0;
  }

  #schedule(action: RecoveryAction, direction: 'send' | 'recv' = 'send'): void {
    if (this.#stopped) return;
    if (this.#pending && WEIGHT[this.#pending.action] >= WEIGHT[action]) return;
    this.#pending = { action, direction };
    if (this.#running) return; // picked up when the running step finishes
    this.#arm();
  }

  #arm(): void {
    const pending = this.#pending;
    if (!pending || this.#stopped || this.#offline) return;
    clearTimeout(this.#timer);
    const delayMs = this.delay(this.#attempt);
    this.emit('recovering', pending.action, delayMs);
    this.#timer = setTimeout(() => void this.#run(), delayMs);
  }

  async #run(): Promise<void> {
    const step = this.#pending;
    if (!step || this.#stopped || this.#offline) return;
    this.#pending = undefined;
    this.#running = true;
    try {
      if (step.action === 'ice-restart') await this.target.restartIce(step.direction);
      else if (step.action === 'resume') await this.target.resume();
      else await this.target.rejoin();
      this.#attempt = 0;
      this.#running = false;
      this.emit('recovered', step.action);
    } catch (error) {
      this.#running = false;
      const failure = CallClientError.from(error);
      if (failure.code === 'MEDIA_NOT_GRANTED' || failure.code === 'FORBIDDEN') {
        this.stop();
        this.emit('gave-up', failure);
        return;
      }
      this.#attempt++;
      // A lighter step that failed escalates; a rejoin that failed is tried again, later.
      this.#pending = { action: 'rejoin', direction: step.direction };
    }
    if (this.#pending && !this.#stopped) this.#arm();
  }
}
