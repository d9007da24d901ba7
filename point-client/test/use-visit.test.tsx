/**
 * @jest-environment jsdom
 */
/** The visit over a (fake) connection: finding its place again, the unavailable answer, feedback. */
import { CallClientError } from '@etapiste/call-client';
import { FakeSignalingClient } from '@etapiste/call-client/testing';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { act, renderHook } from '@testing-library/react';
import { useVisit } from '../src/visit/useVisit.js';
import { visitStorage } from '../src/visit/visit-storage.js';
import { session, ticket } from './fixtures.js';

type Connection = 'reconnecting' | 'connected';

beforeEach(() => localStorage.clear());

describe('useVisit', () => {
  it("leaves a call on the advisor's word, and after an interruption queues again at the head", async () => {
    const fake = new FakeSignalingClient({
      'request:list': () => [{ ...ticket, state: 'in-session', sessionId: session.sessionId }],
      'session:leave': () => ({
        sessionId: session.sessionId,
        reason: 'left',
        endedAt: ticket.enqueuedAt,
        wrapUpDeadline: ticket.enqueuedAt,
      }),
      'request:requeue': () => ({
        status: 'queued',
        ticket: { ...ticket, ticketId: 'again-000001', position: 1 },
        resumeToken: 'resume-token-2',
      }),
    });
    const { result } = renderHook(() => useVisit(fake.client, 'connected'));
    await act(async () => {});
    expect(result.current.phase.name).toBe('call');
    await act(() => result.current.leave());
    expect(fake.requests.find((r) => r.event === 'session:leave')?.payload).toEqual({ sessionId: session.sessionId });
    expect(result.current.phase.name).toBe('feedback');

    // Another call (a fresh page), cut by the specialist's lost connection.
    localStorage.clear();
    const second = renderHook(() => useVisit(fake.client, 'connected'));
    await act(async () => {});
    act(() =>
      fake.push('session:ended', {
        sessionId: session.sessionId,
        reason: 'interrupted',
        endedAt: ticket.enqueuedAt,
        wrapUpDeadline: ticket.enqueuedAt,
      }),
    );
    expect(second.result.current.phase).toMatchObject({ name: 'interrupted', reason: 'interrupted' });
    await act(() => second.result.current.requeue());
    expect(second.result.current.phase).toMatchObject({ name: 'waiting', ticketId: 'again-000001' });
    expect(visitStorage.ticket()).toMatchObject({ ticketId: 'again-000001', resumeToken: 'resume-token-2' });
  });

  it('finds its place after a reload with the stored resume token', async () => {
    visitStorage.setTicket({ ticketId: ticket.ticketId, visitId: ticket.visitId, resumeToken: 'resume-token-1' });
    const fake = new FakeSignalingClient({
      'request:resume': () => ({ ...ticket, position: 2 }),
      'visit:open': () => ({ visitId: ticket.visitId, openedAt: ticket.enqueuedAt }),
    });
    const { result } = renderHook(() => useVisit(fake.client, 'connected'));
    await act(async () => {});
    expect(fake.requests[0]).toEqual({
      event: 'request:resume',
      payload: { ticketId: ticket.ticketId, resumeToken: 'resume-token-1' },
    });
    expect(result.current.phase).toMatchObject({ name: 'waiting', ticket: { position: 2 } });
    expect(result.current.visitId).toBe(ticket.visitId);
    // The pushes move it on.
    act(() => fake.push('ticket:update', { ...ticket, position: 1 }));
    expect(result.current.phase).toMatchObject({ ticket: { position: 1 } });
    act(() => fake.push('session:started', session));
    expect(result.current.phase.name).toBe('call');
  });

  it('falls back to the point list when the token is not known, and resyncs after a reconnect', async () => {
    visitStorage.setTicket({ ticketId: ticket.ticketId, visitId: ticket.visitId, resumeToken: 'resume-token-1' });
    let position = 4;
    const fake = new FakeSignalingClient({
      'request:resume': () => Promise.reject(new CallClientError('NOT_FOUND')),
      'request:list': () => [{ ...ticket, position }],
    });
    const { result, rerender } = renderHook(({ connection }) => useVisit(fake.client, connection), {
      initialProps: { connection: 'connected' as Connection },
    });
    await act(async () => {});
    expect(result.current.phase).toMatchObject({ name: 'waiting', ticket: { position: 4 } });
    position = 2;
    rerender({ connection: 'reconnecting' });
    rerender({ connection: 'connected' });
    await act(async () => {});
    expect(result.current.phase).toMatchObject({ name: 'waiting', ticket: { position: 2 } });
    expect(fake.count('request:list')).toBe(2);
  });

  it('shows the unavailable choices, then queues with "wait" and stores the resume token', async () => {
    const fake = new FakeSignalingClient({
      'visit:open': () => ({ visitId: 'visit-000001', openedAt: ticket.enqueuedAt }),
      'request:list': () => [],
      'request:create': (payload) =>
        (payload as { whenUnavailable: string }).whenUnavailable === 'ask'
          ? { status: 'unavailable', reason: 'nobody-online', languagesOnline: ['fi'] }
          : { status: 'queued', ticket, resumeToken: 'resume-token-2' },
    });
    const { result } = renderHook(() => useVisit(fake.client, 'connected'));
    await act(async () => {});
    const draft = { agency: 'tax', language: 'sv' as const, note: '  Brings a form  ' };
    act(() => result.current.choose(draft));
    await act(async () => {});
    expect(result.current.visitId).toBe('visit-000001');
    await act(() => result.current.request(draft));
    expect(result.current.phase).toMatchObject({ name: 'unavailable', languagesOnline: ['fi'] });
    expect(fake.requests.find((r) => r.event === 'request:create')?.payload).toEqual({
      agency: 'tax',
      language: 'sv',
      note: 'Brings a form',
      whenUnavailable: 'ask',
    });
    await act(() => result.current.request(draft, 'wait'));
    expect(result.current.phase.name).toBe('waiting');
    expect(visitStorage.ticket()).toEqual({
      ticketId: ticket.ticketId,
      visitId: ticket.visitId,
      resumeToken: 'resume-token-2',
    });
  });

  it('cancels, closes the visit and forgets the place', async () => {
    const fake = new FakeSignalingClient({
      'request:list': () => [ticket],
      'request:cancel': () => ({ ...ticket, state: 'cancelled' }),
      'visit:close': () => ({ visitId: ticket.visitId, closedAt: ticket.enqueuedAt }),
    });
    const { result } = renderHook(() => useVisit(fake.client, 'connected'));
    await act(async () => {});
    expect(result.current.phase.name).toBe('waiting');
    await act(() => result.current.cancel());
    expect(result.current.phase).toEqual({ name: 'start', notice: 'cancelled' });
    expect(fake.requests.find((r) => r.event === 'visit:close')?.payload).toEqual({ visitId: ticket.visitId });
    expect(visitStorage.ticket()).toBeUndefined();
  });

  it('asks the feedback once, also after a reload, and counts "already given" as done', async () => {
    const fake = new FakeSignalingClient({
      'request:list': () => [],
      'feedback:submit': () => Promise.reject(new CallClientError('FEEDBACK_ALREADY_GIVEN')),
      'visit:close': () => ({ visitId: ticket.visitId, closedAt: ticket.enqueuedAt }),
    });
    visitStorage.setFeedback({ sessionId: 'session-00001', visitId: ticket.visitId, language: 'sv', agency: 'tax' });
    const { result } = renderHook(() => useVisit(fake.client, 'connected'));
    await act(async () => {});
    expect(result.current.phase).toMatchObject({ name: 'feedback', language: 'sv' });
    await act(() => result.current.submitFeedback({ rating: 5, comment: ' Good ' }));
    expect(fake.requests.find((r) => r.event === 'feedback:submit')?.payload).toEqual({
      sessionId: 'session-00001',
      rating: 5,
      comment: 'Good',
    });
    expect(result.current.phase.name).toBe('thanks');
    expect(result.current.error).toBeUndefined();
    expect(visitStorage.feedback()).toBeUndefined();
  });

  it('shows other server errors as errors and stays where it is', async () => {
    const fake = new FakeSignalingClient({
      'request:list': () => [],
      'visit:open': () => ({ visitId: 'visit-000001', openedAt: ticket.enqueuedAt }),
      'request:create': () => Promise.reject(new CallClientError('UNKNOWN_TOPIC')),
    });
    const { result } = renderHook(() => useVisit(fake.client, 'connected'));
    await act(async () => {});
    act(() => result.current.choose({ agency: 'tax', language: 'fi' }));
    await act(() => result.current.request({ agency: 'tax', language: 'fi', topic: 'nope' }));
    expect(result.current.phase.name).toBe('check');
    expect(result.current.error?.code).toBe('UNKNOWN_TOPIC');
  });
});
