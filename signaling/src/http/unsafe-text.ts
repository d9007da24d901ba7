/**
 * Text that no store of ours can hold faithfully is refused at the door, for every socket command
 * and HTTP body or query, whatever its schema says: a NUL character (PostgreSQL's text refuses it,
 * so a record would fail in the ledger after the command was acknowledged) and a lone UTF-16
 * surrogate (Redis's Lua JSON refuses its escape, and PostgreSQL stores it as U+FFFD, so an audit
 * entry's hash, made from the string as sent, would no longer match its row). One walk of the
 * parsed input, so that no free-text field is left out by a schema that forgot to say it.
 */
import { ProtocolError } from '@etapiste/protocol';
import type { FastifyInstance } from 'fastify';

/** A high surrogate not followed by a low one, or a low surrogate not after a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const unsafe = (text: string) => text.includes('\u0000') || LONE_SURROGATE.test(text);
/** Deeper than any schema of ours nests; deeper input is refused rather than walked. */
const MAX_DEPTH = 32;

/**
 * The path of the first string (or object key) in `value` that holds unsafe text, '(payload)' for
 * the value itself; undefined when all of it is safe. Buffers (uploads) are not text.
 */
export function unsafeTextPath(value: unknown, path: string[] = []): string | undefined {
  const here = () => (path.length > 0 ? path.join('.') : '(payload)');
  if (typeof value === 'string') return unsafe(value) ? here() : undefined;
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return undefined;
  if (path.length >= MAX_DEPTH) return here();
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = unsafeTextPath(item, [...path, String(i)]);
      if (found) return found;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    if (unsafe(key)) return [...path, '(key)'].join('.');
    const found = unsafeTextPath(item, [...path, key]);
    if (found) return found;
  }
  return undefined;
}

/** Refuses (VALIDATION_FAILED, naming the field) an HTTP request whose body or query holds unsafe text. */
export function refuseUnsafeText(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const field = unsafeTextPath(request.query, ['query']) ?? unsafeTextPath(request.body, ['body']);
    if (field)
      throw new ProtocolError('VALIDATION_FAILED', { fields: [field], message: 'text this service cannot store' });
  });
}
