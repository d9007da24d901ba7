/**
 * How a control request is authenticated: an HMAC-SHA256 over time, command and body with the
 * secret signaling and the SFU nodes share. A signature older than CONTROL_MAX_SKEW_MS is refused,
 * so a captured request cannot be replayed later.
 *
 * Header: `x-etapiste-signature: t=<unix ms>,v1=<hex HMAC of "<t>.<command>.<body>">`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const CONTROL_SIGNATURE_HEADER = 'x-etapiste-signature';
export const CONTROL_MAX_SKEW_MS = 30_000;

export function signControl(secret: string, command: string, body: string, now = Date.now()): string {
  const mac = createHmac('sha256', secret).update(`${now}.${command}.${body}`).digest('hex');
  return `t=${now},v1=${mac}`;
}

export function verifyControl(
  secret: string,
  command: string,
  body: string,
  header: string | undefined,
  now = Date.now(),
): boolean {
  const match = /^t=(\d{1,15}),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!match) return false;
  const time = Number(match[1]);
  if (Math.abs(now - time) > CONTROL_MAX_SKEW_MS) return false;
  const expected = createHmac('sha256', secret).update(`${time}.${command}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(match[2] ?? '', 'hex'));
}
