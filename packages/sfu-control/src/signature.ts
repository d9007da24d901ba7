/**
 * How a control request is authenticated: an HMAC-SHA256, with the secret signaling and the SFU
 * nodes share, over the time, a random nonce, the command and the exact body sent. A signature
 * more than CONTROL_MAX_SKEW_MS off is refused, and the SFU accepts each nonce once while the
 * signature is valid (control-verifier.ts), so a captured request cannot be replayed.
 *
 * Header: `x-etapiste-signature: t=<unix ms>,n=<32 hex nonce>,v1=<hex HMAC of "<t>.<n>.<command>.<body>">`.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const CONTROL_SIGNATURE_HEADER = 'x-etapiste-signature';
export const CONTROL_MAX_SKEW_MS = 30_000;

/** What a valid signature vouches for beyond the request itself. */
export interface ControlSignature {
  /** When it was signed (unix ms). */
  time: number;
  nonce: string;
}

function mac(secret: string, time: number, nonce: string, command: string, body: string): Buffer {
  return createHmac('sha256', secret).update(`${time}.${nonce}.${command}.${body}`).digest();
}

export function signControl(
  secret: string,
  command: string,
  body: string,
  now = Date.now(),
  nonce = randomBytes(16).toString('hex'),
): string {
  return `t=${now},n=${nonce},v1=${mac(secret, now, nonce, command, body).toString('hex')}`;
}

/** The signature's time and nonce when it is well-formed, right and in time; undefined otherwise. */
export function verifyControl(
  secret: string,
  command: string,
  body: string,
  header: string | undefined,
  now = Date.now(),
): ControlSignature | undefined {
  const match = /^t=(\d{1,15}),n=([0-9a-f]{32}),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!match) return undefined;
  const time = Number(match[1]);
  const nonce = match[2] ?? '';
  if (Math.abs(now - time) > CONTROL_MAX_SKEW_MS) return undefined;
  const expected = mac(secret, time, nonce, command, body);
  if (!timingSafeEqual(expected, Buffer.from(match[3] ?? '', 'hex'))) return undefined;
  return { time, nonce };
}
