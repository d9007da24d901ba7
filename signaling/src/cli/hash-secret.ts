/**
 * Prints an argon2id hash for the seed file (a user's password or a point key).
 * Usage: pnpm --filter @etapiste/signaling hash-secret   (reads the secret from stdin)
 */
import { createInterface } from 'node:readline/promises';
import { hashSecret } from '../auth/secrets.js';

const rl = createInterface({ input: process.stdin, terminal: false });
const secret = (await rl[Symbol.asyncIterator]().next()).value as string | undefined;
rl.close();
if (!secret) {
  console.error('give the secret on standard input, e.g.: echo -n "$PASSWORD" | pnpm hash-secret');
  process.exit(2);
}
console.log(await hashSecret(secret.trim()));
