/**
 * The SFU's gate for control requests: a right signature, in time, whose nonce has not been seen.
 * Nonces are remembered in Redis (SET NX) for as long as their signature stays valid, so every
 * node of the deployment accepts a signed request once, and only once.
 */
import type { Redis } from 'ioredis';
import { mediaKeys } from './keys.js';
import { CONTROL_MAX_SKEW_MS, verifyControl } from './signature.js';

/** Kept a little past the window, so a nonce cannot be forgotten while its signature is still accepted. */
const MARGIN_MS = 1000;

export class ControlVerifier {
  readonly #secret: string;
  readonly #redis: Redis;
  readonly #prefix: string;

  constructor(options: { secret: string; redis: Redis; prefix: string }) {
    this.#secret = options.secret;
    this.#redis = options.redis;
    this.#prefix = options.prefix;
  }

  /** True for a request signed with the secret, in time, seen for the first time; false otherwise. */
  async verify(command: string, body: string, header: string | undefined, now = Date.now()): Promise<boolean> {
    const signature = verifyControl(this.#secret, command, body, header, now);
    // Only a right signature is remembered: nobody without the secret can fill Redis with nonces.
    if (!signature) return false;
    const ttlMs = Math.max(0, signature.time + CONTROL_MAX_SKEW_MS - now) + MARGIN_MS;
    const first = await this.#redis.set(mediaKeys.controlNonce(this.#prefix, signature.nonce), '1', 'PX', ttlMs, 'NX');
    return first === 'OK';
  }
}
