/**
 * @jest-environment jsdom
 */
/**
 * Nobody is left stuck, at the point: a long wait or an empty queue is said with the choices that
 * exist; the specialist's lost connection is said, and the point may queue again first in line.
 */
import { FakeSignalingClient } from '@etapiste/call-client/testing';
import { rendererFor } from '@etapiste/ui/testing';
import { describe, expect, it, jest } from '@jest/globals';
import { act, fireEvent, renderHook, screen } from '@testing-library/react';
import { resources } from '../src/i18n/resources.js';
import { WaitingScreen } from '../src/screens/WaitingScreen.js';
import { useVisit } from '../src/visit/useVisit.js';
import { directory, session, ticket } from './fixtures.js';

const renderIn = rendererFor(resources);

const press = (element: HTMLElement) => {
  fireEvent.pointerDown(element, { pointerType: 'mouse' });
  fireEvent.pointerUp(element, { pointerType: 'mouse' });
  fireEvent.click(element);
};

describe('WaitingScreen: a long wait or nobody working', () => {
  const view = (t: typeof ticket, handlers: { onSwitchLanguage?: () => void; onComeBackLater?: () => void } = {}) => (
    <WaitingScreen
      ticket={t}
      transferredFromAgency={undefined}
      directory={directory}
      selfView={undefined}
      busy={false}
      error={undefined}
      onCancel={() => {}}
      onSwitchLanguage={handlers.onSwitchLanguage ?? (() => {})}
      onComeBackLater={handlers.onComeBackLater ?? (() => {})}
    />
  );

  it('says nothing extra while the wait is short and someone works the queue', () => {
    renderIn(view({ ...ticket, nobodyWorking: false, longWaitAt: new Date(Date.now() + 60_000).toISOString() }), 'fi');
    expect(screen.queryByTestId('long-wait')).toBeNull();
  });

  it('says nobody works the queue, offers the languages served now and when it opens, in each language', () => {
    const onSwitchLanguage = jest.fn();
    const onComeBackLater = jest.fn();
    const waiting = {
      ...ticket,
      nobodyWorking: true,
      languagesServed: ['fi' as const],
      opensAt: '2026-12-02T06:00:00.000Z',
      longWaitAt: new Date(Date.now() + 60_000).toISOString(),
    };
    const { i18n } = renderIn(view(waiting, { onSwitchLanguage, onComeBackLater }), 'fi');
    expect(screen.getByRole('heading', { name: 'Kukaan ei palvele tässä jonossa juuri nyt' })).toBeTruthy();
    expect(screen.getByText(/Yksikään ruotsinkielinen asiantuntija/)).toBeTruthy();
    expect(screen.getByText(/aukeaa seuraavan kerran keskiviikkona 2\.12\. klo 8\.00/)).toBeTruthy();
    press(screen.getByRole('button', { name: /Asioi suomeksi/ }));
    expect(onSwitchLanguage).toHaveBeenCalledWith('fi');
    press(screen.getByRole('button', { name: /Tule takaisin aukioloaikana/ }));
    expect(onComeBackLater).toHaveBeenCalled();
    act(() => void i18n.changeLanguage('sv'));
    expect(screen.getByRole('button', { name: /Uträtta ärendet på finska/ })).toBeTruthy();
    act(() => void i18n.changeLanguage('en'));
    expect(screen.getByRole('heading', { name: 'Nobody is serving this queue right now' })).toBeTruthy();
    // Keep waiting: the choices go away.
    press(screen.getByRole('button', { name: /Keep waiting/ }));
    expect(screen.queryByTestId('long-wait')).toBeNull();
  });

  it('says the wait is long once it is', () => {
    const enqueuedAt = new Date(Date.now() - 12 * 60_000).toISOString();
    renderIn(view({ ...ticket, enqueuedAt, nobodyWorking: false, languagesServed: [], longWaitAt: enqueuedAt }), 'fi');
    expect(screen.getByRole('heading', { name: 'Odotus on pitkä' })).toBeTruthy();
    expect(screen.getByText(/Olette odottaneet jo 12 minuuttia/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Asioi/ })).toBeNull();
  });
});

describe('useVisit: the specialist drops', () => {
  it('says the specialist was lost and back, and leaving while lost queues again first in line', async () => {
    const fake = new FakeSignalingClient({
      'request:list': () => [{ ...ticket, state: 'in-session', sessionId: session.sessionId }],
      'session:leave': () => ({
        sessionId: session.sessionId,
        reason: 'interrupted',
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
    expect(result.current.peerLost).toBeUndefined();
    const at = new Date().toISOString();
    act(() => fake.push('session:peer', { sessionId: session.sessionId, state: 'lost', at }));
    expect(result.current.peerLost).toBe(session.sessionId);
    act(() => fake.push('session:peer', { sessionId: session.sessionId, state: 'back', at }));
    expect(result.current.peerLost).toBeUndefined();
    act(() => fake.push('session:peer', { sessionId: session.sessionId, state: 'lost', at }));
    await act(() => result.current.leaveLost(true));
    expect(fake.requests.map((r) => r.event)).toEqual(expect.arrayContaining(['session:leave', 'request:requeue']));
    expect(result.current.phase).toMatchObject({ name: 'waiting', ticketId: 'again-000001' });
    expect(result.current.peerLost).toBeUndefined();
  });
});
