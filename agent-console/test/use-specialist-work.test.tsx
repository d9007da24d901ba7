/**
 * @jest-environment jsdom
 */
/** The specialist's work over a connection: resumed after every (re)connect, moved by pushes. */
import { FakeSignalingClient } from '@etapiste/call-client/testing';
import type { ClientResult } from '@etapiste/protocol';
import { describe, expect, it } from '@jest/globals';
import { act, renderHook } from '@testing-library/react';
import { useSpecialistWork } from '../src/specialist/useSpecialistWork.js';
import { workPhase } from '../src/specialist/work-state.js';
import { offer, session } from './fixtures.js';

const since = '2026-11-23T10:00:00.000Z';

describe('useSpecialistWork', () => {
  it('resumes the session in progress when (re)connected, with its details', async () => {
    let current: ClientResult<'work:current'> = { session, details: { note: 'Brings a form' } };
    const fake = new FakeSignalingClient({
      'presence:get': () => ({ state: 'in-session', since }),
      'work:current': () => current,
    });
    const { result, rerender } = renderHook(({ connection }) => useSpecialistWork(fake.client, connection), {
      initialProps: { connection: 'reconnecting' as 'reconnecting' | 'connected' },
    });
    expect(workPhase(result.current.work)).toBe('idle');
    rerender({ connection: 'connected' });
    await act(async () => {});
    expect(workPhase(result.current.work)).toBe('session');
    expect(result.current.work.details).toEqual({ note: 'Brings a form' });

    // The session was ended in another tab: the presence push says wrap-up, the console asks.
    current = { session: { ...session, endedAt: since }, wrapUpDeadline: '2026-11-23T10:02:00.000Z' };
    await act(async () => fake.push('presence:changed', { state: 'wrap-up', since }));
    expect(workPhase(result.current.work)).toBe('wrap-up');
    expect(result.current.work.wrapUpDeadline).toBe('2026-11-23T10:02:00.000Z');
  });

  it('rings on an offer push and lets it go when withdrawn', async () => {
    const fake = new FakeSignalingClient({
      'presence:get': () => ({ state: 'available', since }),
      'work:current': () => ({}),
    });
    const { result } = renderHook(() => useSpecialistWork(fake.client, 'connected'));
    await act(async () => {});
    act(() => fake.push('offer:incoming', { ...offer, offeredAt: '2026-11-23T10:05:00.000Z' }));
    expect(workPhase(result.current.work)).toBe('offer');
    // The offer says the state: no presence push comes with it.
    expect(result.current.work.presence).toEqual({ state: 'offered', since: '2026-11-23T10:05:00.000Z' });
    act(() => fake.push('offer:withdrawn', { offerId: offer.offerId, reason: 'cancelled' }));
    expect(workPhase(result.current.work)).toBe('idle');
    expect(result.current.work.offerGone).toBe('cancelled');
  });

  it('is in a session from the session:started push, since its answer', async () => {
    const fake = new FakeSignalingClient({
      'presence:get': () => ({ state: 'available', since }),
      'work:current': () => ({}),
    });
    const { result } = renderHook(() => useSpecialistWork(fake.client, 'connected'));
    await act(async () => {});
    act(() => fake.push('offer:incoming', offer));
    act(() => fake.push('session:started', session));
    expect(workPhase(result.current.work)).toBe('session');
    expect(result.current.work.presence).toEqual({ state: 'in-session', since: session.answeredAt });
  });

  it('hands every work:current answer on: an invite ringing after a reload, then the call joined by invite', async () => {
    const invite = {
      inviteId: 'inv1',
      sessionId: session.sessionId,
      visitId: session.visitId,
      kind: 'colleague' as const,
      agency: session.agency,
      language: session.language,
      from: 'Aino Virtanen',
      expiresAt: '2026-11-23T10:00:30.000Z',
    };
    const guestCall = { sessionId: session.sessionId, visitId: session.visitId, participants: [] };
    let current: ClientResult<'work:current'> = { invite };
    const fake = new FakeSignalingClient({
      'presence:get': () => ({ state: 'offered', since }),
      'work:current': () => current,
    });
    const seen: ClientResult<'work:current'>[] = [];
    const { result } = renderHook(() =>
      useSpecialistWork(fake.client, 'connected', false, (answer) => seen.push(answer)),
    );
    await act(async () => {});
    expect(seen).toEqual([{ invite }]);
    // An invite is no offer: the work stays idle, the workspace shows the invite.
    expect(workPhase(result.current.work)).toBe('idle');
    current = { guestCall };
    await act(async () => fake.push('presence:changed', { state: 'in-session', since }));
    expect(seen.at(-1)).toEqual({ guestCall });
    expect(workPhase(result.current.work)).toBe('idle');
  });
});
