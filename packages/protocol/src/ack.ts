import { z } from 'zod';
import { WireError } from './errors.js';

/** Every acknowledgement: either the typed result or a coded error, never a bare value. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: WireError };
export type AckCallback<T> = (response: Ack<T>) => void;

export function ackSchema<T extends z.ZodType>(data: T) {
  return z.discriminatedUnion('ok', [
    z.strictObject({ ok: z.literal(true), data }),
    z.strictObject({ ok: z.literal(false), error: WireError }),
  ]);
}
