/** The specialist's work state machine: the live path and the resume path end in the same states. */
import { describe, expect, it } from '@jest/globals';
import { initialWork, type WorkState, workPhase, workReducer } from '../src/specialist/work-state.js';
import { offer, session } from './fixtures.js';

const presence = (state: 'available' | 'away' | 'offered' | 'in-session' | 'wrap-up') => ({
  type: 'presence' as const,
  presence: { state, since: new Date().toISOString() },
});

describe('work state', () => {
  it('goes to wrap-up saying so when the point ends the call', () => {
    let s: WorkState = workReducer(initialWork, { type: 'session-started', session });
    s = workReducer(s, {
      type: 'session-ended',
      sessionId: session.sessionId,
      wrapUpDeadline: '2026-11-23T10:05:00.000Z',
      transferred: false,
      customerLeft: true,
    });
    expect(workPhase(s)).toBe('wrap-up');
    expect(s.customerLeft).toBe(true);
    // A later session starts without the notice.
    s = workReducer(workReducer(s, { type: 'wrapped-up', sessionId: session.sessionId }), {
      type: 'session-started',
      session: { ...session, sessionId: 'session-00002' },
    });
    s = workReducer(s, {
      type: 'session-ended',
      sessionId: 'session-00002',
      wrapUpDeadline: '2026-11-23T10:05:00.000Z',
      transferred: false,
    });
    expect(s.customerLeft).toBe(false);
  });

  it('rings, starts a session with the offer’s details, ends into wrap-up and is free after the outcome', () => {
    let s: WorkState = workReducer(initialWork, presence('available'));
    s = workReducer(s, { type: 'offer', offer });
    expect(workPhase(s)).toBe('offer');
    s = workReducer(s, { type: 'session-started', session });
    expect(workPhase(s)).toBe('session');
    expect(s.details).toEqual({ topic: 'tax-card', note: 'Brings last year’s decision' });
    // The push and the acknowledgement both report the start: the second changes nothing.
    expect(workReducer(s, { type: 'session-started', session })).toBe(s);
    s = workReducer(s, {
      type: 'session-ended',
      sessionId: session.sessionId,
      wrapUpDeadline: '2026-11-23T10:05:00.000Z',
      transferred: true,
    });
    expect(workPhase(s)).toBe('wrap-up');
    expect(s.transferred).toBe(true);
    s = workReducer(s, { type: 'wrapped-up', sessionId: session.sessionId });
    expect(workPhase(s)).toBe('idle');
    expect(s.session).toBeUndefined();
  });

  it('drops a withdrawn offer with its reason, and ignores a withdrawal of another offer', () => {
    const ringing = workReducer(initialWork, { type: 'offer', offer });
    expect(workReducer(ringing, { type: 'offer-withdrawn', offerId: 'other-offer-1', reason: 'timeout' })).toBe(
      ringing,
    );
    const gone = workReducer(ringing, { type: 'offer-withdrawn', offerId: offer.offerId, reason: 'timeout' });
    expect(workPhase(gone)).toBe('idle');
    expect(gone.offerGone).toBe('timeout');
  });

  it('never lets an offer replace a session, and clears a stale offer when the server says available', () => {
    const inSession = workReducer(initialWork, { type: 'session-started', session });
    expect(workReducer(inSession, { type: 'offer', offer })).toBe(inSession);
    const ringing = workReducer(initialWork, { type: 'offer', offer });
    expect(workPhase(workReducer(ringing, presence('away')))).toBe('idle');
  });

  it('leaves wrap-up when the server frees the specialist, and says so when the time ran out', () => {
    const deadline = '2026-11-23T10:05:00.000Z';
    const inWrapUp = workReducer(initialWork, { type: 'resumed', work: { session, wrapUpDeadline: deadline } });
    expect(workPhase(inWrapUp)).toBe('wrap-up');
    const expired = workReducer(inWrapUp, { ...presence('available'), at: Date.parse(deadline) + 50 });
    expect(workPhase(expired)).toBe('idle');
    expect(expired.wrapUpExpired).toBe(true);
    // Saved in time: the push may come before the acknowledgement, and is no expiry.
    const saved = workReducer(inWrapUp, { ...presence('available'), at: Date.parse(deadline) - 30_000 });
    expect(workPhase(saved)).toBe('idle');
    expect(saved.wrapUpExpired).toBe(false);
  });

  it('resumes an offer, a session with its details, or nothing after a reload', () => {
    expect(workPhase(workReducer(initialWork, { type: 'resumed', work: { offer } }))).toBe('offer');
    const resumed = workReducer(initialWork, { type: 'resumed', work: { session, details: { note: 'n' } } });
    expect(workPhase(resumed)).toBe('session');
    expect(resumed.details).toEqual({ note: 'n' });
    expect(workPhase(workReducer(resumed, { type: 'resumed', work: {} }))).toBe('idle');
  });
});
