/**
 * The secret signaling and the SFU nodes share. Configured in production; in development, when
 * unset, the first process to start creates one in Redis (SET NX) and every other process reads
 * the same.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { mediaKeys } from './keys.js';

export async function resolveControlSecret(configured: string | undefined, redis: Redis, prefix: string) {
  if (configured) return configured;
  const key = mediaKeys.controlSecret(prefix);
  await redis.set(key, randomBytes(32).toString('base64url'), 'NX');
  const secret = await redis.get(key);
  if (!secret) throw new Error('could not read the SFU control secret from Redis');
  return secret;
}
