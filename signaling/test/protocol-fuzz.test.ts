/**
 * Fuzzed input at the socket edge: payloads built from each event's own schema (so that many pass
 * validation and reach the handler: about a quarter), with values drawn from the edges — empty and
 * long strings, ids of things that do not exist or belong to someone else, numbers at and past their
 * bounds, times far in the past and future — and then broken in one field. Every event is sent
 * them by every role. Whatever the input, the server answers each command with a result or a coded
 * error that is not INTERNAL, keeps every connection, and still serves afterwards.
 *
 * The generator is seeded (FUZZ_SEED, default 1) so that a failure can be replayed.
 */

import { CLIENT_EVENT_NAMES, type ClientEventName, clientEvents, MAX_MESSAGE_BYTES } from '@etapiste/protocol';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { connect, type Harness, request, startHarness, type TestSocket } from './support/harness.js';
import { ROLES, type RoleName, signInEveryRole } from './support/roles.js';
import { seededRandom } from './support/seeded-random.js';

const PAYLOADS_PER_EVENT_AND_ROLE = 20;

type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  format?: string;
  pattern?: string;
};

/**
 * Values at the edges that any field may get, whatever its schema says. The longest string keeps
 * the message under the size limit: a larger message closes the connection, by design (its own
 * test in commands.test.ts).
 */
const HOSTILE: unknown[] = [
  '',
  'x'.repeat(Math.floor(MAX_MESSAGE_BYTES / 8)),
  '../../etc/passwd',
  '<script>alert(1)</script>',
  'ä\u0000\u202e\ud83d',
  '__proto__',
  -1,
  0,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER,
  1.5,
  true,
  null,
  [],
  {},
  // An own `__proto__` key, as JSON.parse makes it (a literal would set the prototype instead).
  JSON.parse('{"__proto__":{"polluted":true}}'),
  Array.from({ length: 1000 }, (_, i) => i),
];

/** Strings a field of that kind could plausibly hold, existing or not. */
const PLAUSIBLE_IDS = ['mikkeli', 'aino', 'satu', 'maria', 'admin', 'kela', 'vero', 'nobody', 'v-1', 's1', 't-1-o1'];

function sample(schema: JsonSchema, random: () => number, depth = 0): unknown {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  if (depth > 6) return null;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return pick(schema.enum);
  const union = schema.anyOf ?? schema.oneOf;
  if (union && union.length > 0) return sample(pick(union), random, depth + 1);
  if (schema.allOf && schema.allOf.length > 0) {
    return Object.assign({}, ...schema.allOf.map((part) => sample(part, random, depth + 1)));
  }
  const type = Array.isArray(schema.type) ? pick(schema.type) : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [name, property] of Object.entries(schema.properties ?? {})) {
        // Optional fields come and go; required ones are always there (then perhaps broken, below).
        if (schema.required?.includes(name) || random() < 0.6) out[name] = sample(property, random, depth + 1);
      }
      return out;
    }
    case 'array': {
      const min = schema.minItems ?? 0;
      const max = Math.min(schema.maxItems ?? 4, min + 4);
      const length = min + Math.floor(random() * (max - min + 1));
      return Array.from({ length }, () => sample(schema.items ?? {}, random, depth + 1));
    }
    case 'string': {
      if (schema.format === 'date-time') {
        return pick([new Date().toISOString(), '1970-01-01T00:00:00.000Z', '2999-12-31T23:59:59.999Z']);
      }
      if (schema.format === 'date') return pick(['2026-12-04', '1900-01-01', '2999-12-31']);
      const max = schema.maxLength ?? 64;
      const min = schema.minLength ?? 0;
      return pick([
        pick(PLAUSIBLE_IDS),
        'a'.repeat(Math.max(min, 1)),
        'ö'.repeat(max),
        'fi',
        'sv',
        'en',
        '12:00',
        '23:59',
      ]);
    }
    case 'integer':
    case 'number': {
      const min = schema.minimum ?? -1000;
      const max = schema.maximum ?? 1_000_000;
      return pick([min, max, Math.round((min + max) / 2), 0, 1]);
    }
    case 'boolean':
      return random() < 0.5;
    case 'null':
      return null;
    default:
      return pick(HOSTILE);
  }
}

/** A payload from the event's schema; sometimes with one field broken, sometimes an extra one. */
function payloadFor(event: ClientEventName, random: () => number): unknown {
  const schema = z.toJSONSchema(clientEvents[event].payload, { unrepresentable: 'any', io: 'input' }) as JsonSchema;
  const value = sample(schema, random);
  if (value && typeof value === 'object' && !Array.isArray(value) && random() < 0.3) {
    const keys = Object.keys(value);
    const broken = keys.length > 0 && random() < 0.7 ? (keys[Math.floor(random() * keys.length)] as string) : 'extra';
    (value as Record<string, unknown>)[broken] = HOSTILE[Math.floor(random() * HOSTILE.length)];
  }
  return value;
}

describe('fuzzed input at the socket edge', () => {
  let h: Harness;
  let pairs: Awaited<ReturnType<typeof signInEveryRole>>;
  const sockets = {} as Record<RoleName, TestSocket>;

  beforeAll(async () => {
    h = await startHarness({ SOCKET_COMMANDS_PER_SECOND: '100000' });
    pairs = await signInEveryRole(h.baseUrl);
    for (const role of ROLES) sockets[role] = await connect(h.baseUrl, pairs[role].accessToken);
    // Some state for the handlers to meet: an open visit, a specialist at work.
    expect(await request(sockets.point, 'visit:open', {})).toMatchObject({ ok: true });
    expect(await request(sockets.expert, 'presence:set', { state: 'available' })).toMatchObject({ ok: true });
  });
  afterAll(async () => {
    for (const socket of Object.values(sockets)) socket.close();
    await h.close();
  });

  it('answers every fuzzed command with a result or a coded error, never INTERNAL, and keeps serving', async () => {
    const random = seededRandom(Number(process.env.FUZZ_SEED ?? 1));
    const internal: string[] = [];
    const lost: string[] = [];
    let sent = 0;
    const codes = new Map<string, number>();
    for (const event of CLIENT_EVENT_NAMES) {
      for (const role of ROLES) {
        // A role the event is not for is refused before its payload is read (the authorization
        // matrix's test): fuzzing it there would test nothing.
        const probe = await request(sockets[role], event, { fuzzProbe: true });
        if (!probe.ok && probe.error.code === 'FORBIDDEN') continue;
        for (let i = 0; i < PAYLOADS_PER_EVENT_AND_ROLE; i++) {
          const payload = payloadFor(event, random);
          sent++;
          try {
            const response = await request(sockets[role], event, payload);
            const code = response.ok ? 'ok' : response.error.code;
            codes.set(code, (codes.get(code) ?? 0) + 1);
            if (!response.ok && response.error.code === 'INTERNAL') {
              internal.push(`${event} × ${role}: ${JSON.stringify(payload).slice(0, 300)}`);
            }
          } catch (error) {
            // No answer within the harness's 5 s: the command hung, or the connection is gone.
            lost.push(`${event} × ${role}: ${(error as Error).message}: ${JSON.stringify(payload).slice(0, 300)}`);
            if (!sockets[role].connected) sockets[role] = await connect(h.baseUrl, pairs[role].accessToken);
          }
        }
      }
    }
    if (process.env.FUZZ_PRINT)
      console.log(
        sent,
        [...codes].sort((a, b) => b[1] - a[1]),
      );
    expect(sent).toBeGreaterThan(CLIENT_EVENT_NAMES.length * 2);
    // The generator must get past validation often enough to reach the handlers (about a quarter
    // of the payloads do): fuzzing only the schemas would leave the handlers untested.
    const refused = (codes.get('VALIDATION_FAILED') ?? 0) + (codes.get('FORBIDDEN') ?? 0);
    expect(sent - refused).toBeGreaterThan(sent / 10);
    expect(internal).toEqual([]);
    expect(lost).toEqual([]);
    // Still serving, over the same connections.
    for (const role of ROLES) expect(sockets[role].connected).toBe(true);
    expect(await request(sockets.expert, 'presence:get', {})).toMatchObject({ ok: true });
  }, 600_000);
});
