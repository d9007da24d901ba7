/**
 * The secret shared with the SFU nodes (sfu-server/src/control/control-secret.ts does the same):
 * configured in production; in development the first process creates one in Redis with SET NX.
 */
import { randomBytes } from 'node:crypto';
import { mediaKeys } from '@etapiste/protocol';
import type { Redis } from 'ioredis';

export async function resolveControlSecret(configured: string | undefined, redis: Redis, prefix: string) {
  if (configured) return configured;
  const key = mediaKeys.controlSecret(prefix);
  await redis.set(key, randomBytes(32).toString('base64url'), 'NX');
  const secret = await redis.get(key);
  if (!secret) throw new Error('could not read the SFU control secret from Redis');
  return secret;
}
