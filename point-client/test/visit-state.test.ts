/** The point's flow as a reducer: every transition the server's answers and pushes can cause. */
import { describe, expect, it } from '@jest/globals';
import { openingHoursLines } from '../src/visit/opening-hours.js';
import { elapsedClock, etaMinutes } from '../src/visit/time-words.js';
import { type Phase, visitReducer } from '../src/visit/visit-state.js';
import { directory, ticket } from './fixtures.js';

const draft = { agency: 'tax', language: 'sv' as const };

function run(...events: Parameters<typeof visitReducer>[1][]): Phase {
  return events.reduce(visitReducer, { name: 'start' } as Phase);
}

describe('visitReducer', () => {
  it('after an interrupted call offers to queue again, and finishing goes on to the feedback', () => {
    const inCall = run(
      { type: 'queued', ticket },
      { type: 'session-started', ticketId: ticket.ticketId, sessionId: 'session-00001' },
    );
    const cut = visitReducer(inCall, { type: 'session-ended', sessionId: 'session-00001', reason: 'interrupted' });
    expect(cut).toMatchObject({ name: 'interrupted', sessionId: 'session-00001', reason: 'interrupted' });
    const limit = visitReducer(inCall, { type: 'session-ended', sessionId: 'session-00001', reason: 'time-limit' });
    expect(limit).toMatchObject({ name: 'interrupted', reason: 'time-limit' });
    // Queued again: waiting for the new request (the visit stays the same).
    const again = visitReducer(cut, { type: 'queued', ticket: { ...ticket, ticketId: 'again-000001', position: 1 } });
    expect(again).toMatchObject({ name: 'waiting', ticketId: 'again-000001', visitId: ticket.visitId });
    expect(visitReducer(cut, { type: 'interruption-done' })).toMatchObject({
      name: 'feedback',
      sessionId: 'session-00001',
    });
    // The point leaving is an ordinary end: the feedback.
    expect(visitReducer(inCall, { type: 'session-ended', sessionId: 'session-00001', reason: 'left' })).toMatchObject({
      name: 'feedback',
    });
  });

  it('tells the advisor when the service closed while the customer waited', () => {
    const phase = run({ type: 'queued', ticket }, { type: 'ticket', ticket: { ...ticket, state: 'closed' } });
    expect(phase).toEqual({ name: 'start', notice: 'closed' });
    const opensAt = '2026-12-02T06:00:00.000Z';
    expect(
      run({ type: 'queued', ticket }, { type: 'ticket', ticket: { ...ticket, state: 'closed', opensAt } }),
    ).toEqual({
      name: 'start',
      notice: 'closed',
      opensAt,
    });
  });

  it('goes from the start through the device check to waiting, and follows the pushes', () => {
    let phase = run({ type: 'choose', draft });
    expect(phase).toEqual({ name: 'check', draft });
    phase = visitReducer(phase, { type: 'queued', ticket });
    expect(phase).toMatchObject({ name: 'waiting', ticketId: ticket.ticketId, ticket: { position: 3 } });
    phase = visitReducer(phase, { type: 'ticket', ticket: { ...ticket, position: 1, etaSeconds: 30 } });
    expect(phase).toMatchObject({ name: 'waiting', ticket: { position: 1, etaSeconds: 30 } });
    // Another point's or an old ticket's push changes nothing.
    expect(visitReducer(phase, { type: 'ticket', ticket: { ...ticket, ticketId: 'other-000001', position: 9 } })).toBe(
      phase,
    );
    phase = visitReducer(phase, { type: 'session-started', ticketId: ticket.ticketId, sessionId: 'session-00001' });
    expect(phase).toMatchObject({ name: 'call', sessionId: 'session-00001', ticket: { state: 'in-session' } });
  });

  it('asks the feedback in the customer language when the session ends', () => {
    const phase = run(
      { type: 'queued', ticket },
      { type: 'session-started', ticketId: ticket.ticketId, sessionId: 'session-00001' },
      { type: 'session-ended', sessionId: 'session-00001' },
    );
    expect(phase).toEqual({
      name: 'feedback',
      sessionId: 'session-00001',
      visitId: ticket.visitId,
      language: 'sv',
      agency: 'tax',
    });
    expect(visitReducer(phase, { type: 'feedback-done' })).toEqual({ name: 'thanks' });
    expect(visitReducer({ name: 'thanks' }, { type: 'restart' })).toEqual({ name: 'start' });
  });

  it('waits for the next agency after a transfer, in the same visit, without starting over', () => {
    let phase = run(
      { type: 'queued', ticket },
      { type: 'session-started', ticketId: ticket.ticketId, sessionId: 'session-00001' },
      { type: 'session-ended', sessionId: 'session-00001', transferTicketId: 'ticket-000002' },
    );
    expect(phase).toEqual({
      name: 'waiting',
      ticketId: 'ticket-000002',
      visitId: ticket.visitId,
      transferredFromAgency: 'tax',
    });
    phase = visitReducer(phase, {
      type: 'ticket',
      ticket: { ...ticket, ticketId: 'ticket-000002', agency: 'kela', position: 1 },
    });
    expect(phase).toMatchObject({ name: 'waiting', transferredFromAgency: 'tax', ticket: { agency: 'kela' } });
  });

  it('takes a resumed ticket to the phase its state says', () => {
    expect(run({ type: 'queued', ticket: { ...ticket, state: 'offered' } })).toMatchObject({ name: 'waiting' });
    expect(
      run({ type: 'queued', ticket: { ...ticket, state: 'in-session', sessionId: 'session-00001' } }),
    ).toMatchObject({ name: 'call', sessionId: 'session-00001' });
    expect(
      run({ type: 'queued', ticket: { ...ticket, state: 'completed', sessionId: 'session-00001' } }),
    ).toMatchObject({ name: 'feedback', sessionId: 'session-00001' });
    expect(run({ type: 'queued', ticket }, { type: 'ticket', ticket: { ...ticket, state: 'abandoned' } })).toEqual({
      name: 'start',
      notice: 'abandoned',
    });
  });

  it('offers the choices when unavailable and goes back to the start from them', () => {
    const phase = run(
      { type: 'choose', draft },
      { type: 'unavailable', draft, reason: 'nobody-online', languagesOnline: ['fi'] },
    );
    expect(phase).toEqual({ name: 'unavailable', draft, reason: 'nobody-online', languagesOnline: ['fi'] });
    expect(visitReducer(phase, { type: 'come-back-later' })).toEqual({ name: 'start', notice: 'come-back' });
    expect(visitReducer(phase, { type: 'back' })).toEqual({ name: 'start' });
  });
});

describe('words for time', () => {
  it('rounds the estimate up to whole minutes and shows the waited time as a clock', () => {
    expect(etaMinutes(undefined)).toBeUndefined();
    expect(etaMinutes(0)).toBe(1);
    expect(etaMinutes(61)).toBe(2);
    expect(elapsedClock(65_000)).toBe('1:05');
    expect(elapsedClock(3_725_000)).toBe('1:02:05');
  });

  it('groups days with the same opening hours', () => {
    const kela = directory.agencies[1];
    expect(openingHoursLines(kela?.openingHours ?? {}, 'en')).toEqual(['Mon–Fri 8:00–16:15', 'Sat 10:00–14:00']);
    expect(openingHoursLines(kela?.openingHours ?? {}, 'fi')).toEqual(['ma–pe 8.00–16.15', 'la 10.00–14.00']);
  });
});
