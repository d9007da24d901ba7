import { describe, expect, it } from '@jest/globals';
import {
  Agency,
  ackSchema,
  CLIENT_EVENT_NAMES,
  clientEvents,
  ERROR_CODES,
  errorCatalog,
  PresenceSet,
  ProtocolError,
  ROLE_CAPABILITIES,
} from '../src/index.js';

describe('protocol', () => {
  it('gives every error code an HTTP status and a message', () => {
    for (const code of ERROR_CODES) {
      expect(errorCatalog[code].status).toBeGreaterThanOrEqual(400);
      expect(errorCatalog[code].message.length).toBeGreaterThan(0);
    }
  });

  it('puts a ProtocolError on the wire without stack or internals', () => {
    const error = new ProtocolError('RATE_LIMITED', { retryAfterSeconds: 30 });
    expect(error.status).toBe(429);
    expect(error.toWire()).toEqual({
      code: 'RATE_LIMITED',
      message: errorCatalog.RATE_LIMITED.message,
      retryAfterSeconds: 30,
    });
  });

  it('grants each event to at least one role', () => {
    const granted = new Set(Object.values(ROLE_CAPABILITIES).flat());
    for (const event of CLIENT_EVENT_NAMES) {
      const capability = clientEvents[event].capability;
      if (capability !== null) expect(granted).toContain(capability);
    }
  });

  it('requires an away reason exactly when away', () => {
    expect(PresenceSet.safeParse({ state: 'away', reason: 'break' }).success).toBe(true);
    expect(PresenceSet.safeParse({ state: 'away' }).success).toBe(false);
    expect(PresenceSet.safeParse({ state: 'available', reason: 'break' }).success).toBe(false);
    expect(PresenceSet.safeParse({ state: 'available' }).success).toBe(true);
  });

  it('refuses unknown fields and unknown languages in domain data', () => {
    const agency = {
      id: 'tax',
      name: { fi: 'Verohallinto', sv: 'Skatteförvaltningen', en: 'Tax Administration' },
      languages: ['fi', 'sv'],
      topics: [],
      outcomes: [{ id: 'resolved', name: { fi: 'a', sv: 'b', en: 'c' } }],
      serviceLevelTargetSeconds: 120,
      openingHours: { '1': { opens: '08:00', closes: '16:15' } },
    };
    expect(Agency.safeParse(agency).success).toBe(true);
    expect(Agency.safeParse({ ...agency, languages: ['de'] }).success).toBe(false);
    expect(Agency.safeParse({ ...agency, extra: 1 }).success).toBe(false);
    expect(Agency.safeParse({ ...agency, openingHours: { '8': { opens: '08:00', closes: '16:15' } } }).success).toBe(
      false,
    );
    expect(Agency.safeParse({ ...agency, openingHours: { '1': { opens: '8:00', closes: '16:15' } } }).success).toBe(
      false,
    );
  });

  it('types acknowledgements as result or coded error, nothing else', () => {
    const ack = ackSchema(PresenceSet);
    expect(ack.safeParse({ ok: true, data: { state: 'available' } }).success).toBe(true);
    expect(ack.safeParse({ ok: false, error: { code: 'FORBIDDEN', message: 'no' } }).success).toBe(true);
    expect(ack.safeParse({ ok: false, error: { code: 'MADE_UP', message: 'no' } }).success).toBe(false);
    expect(ack.safeParse({ ok: true }).success).toBe(false);
  });
});
