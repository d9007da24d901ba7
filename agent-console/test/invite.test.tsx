/**
 * @jest-environment jsdom
 */
/**
 * Inviting into a session under way (issue 14) in the console: the specialist sends the invite for
 * a colleague of the chosen agency × language, or for a supervisor, and hears the answer; the invite
 * ringing at the colleague (or the supervisor) says who invites and to what, in the reader's
 * language; a supervisor's reloaded console gets the invite back and answers it.
 */
import { FakeSignalingClient } from '@etapiste/call-client/testing';
import { rendererFor } from '@etapiste/ui/testing';
import { describe, expect, it, jest } from '@jest/globals';
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { resources } from '../src/i18n/resources.js';
import { namesFor } from '../src/shared/names.js';
import { InviteAlert } from '../src/specialist/InviteAlert.js';
import { InviteControl } from '../src/specialist/InviteControl.js';
import { InvitedSupervisor } from '../src/supervise/InvitedSupervisor.js';
import { directory, session, T0 } from './fixtures.js';

const renderIn = rendererFor(resources);
const press = (element: HTMLElement) => {
  fireEvent.pointerDown(element, { pointerType: 'mouse' });
  fireEvent.pointerUp(element, { pointerType: 'mouse' });
  fireEvent.click(element);
};

describe('inviting into the call', () => {
  it('sends the invite for a colleague of the session’s queue and says the answer', async () => {
    const sent: unknown[] = [];
    const fake = new FakeSignalingClient({
      'session:invite': (payload) => {
        sent.push(payload);
        return { inviteId: 'inv1', inviteeName: 'Erik Lindholm', expiresAt: '2026-11-23T10:05:00.000Z' };
      },
    });
    renderIn(
      <InviteControl
        client={fake.client}
        session={session}
        directory={directory}
        names={namesFor(directory, 'en')}
        busy={false}
      />,
      'en',
    );
    press(screen.getByRole('button', { name: 'Invite into the call' }));
    await act(async () => press(screen.getByRole('button', { name: 'Send the invite' })));
    expect(sent).toEqual([
      { sessionId: session.sessionId, kind: 'colleague', agency: session.agency, language: session.language },
    ]);
    expect(screen.getByTestId('invite-status').textContent).toMatch(/^The invite rings at Erik Lindholm\. Answer by/);
    await act(async () => fake.push('invite:answered', { inviteId: 'other', outcome: 'declined' }));
    expect(screen.getByTestId('invite-status').textContent).toMatch(/rings at Erik Lindholm/);
    await act(async () => fake.push('invite:answered', { inviteId: 'inv1', outcome: 'declined' }));
    expect(screen.getByTestId('invite-status').textContent).toBe('Erik Lindholm declined the invite.');
  });

  it('rings at the colleague with who invites and to what, in Swedish, and answers', () => {
    const onAccept = jest.fn();
    renderIn(
      <InviteAlert
        invite={{
          inviteId: 'inv1',
          sessionId: session.sessionId,
          visitId: session.visitId,
          kind: 'colleague',
          agency: session.agency,
          language: session.language,
          from: 'Aino Virtanen',
          expiresAt: new Date(T0 + 30_000).toISOString(),
        }}
        names={namesFor(directory, 'sv')}
        now={T0}
        busy={false}
        onAccept={onAccept}
        onDecline={() => {}}
        ring={() => {}}
      />,
      'sv',
    );
    expect(screen.getByRole('alert').textContent).toMatch(/^Aino Virtanen bjuder in dig till ett samtal: /);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Anslut till samtalet' }));
    press(screen.getByRole('button', { name: 'Anslut till samtalet' }));
    expect(onAccept).toHaveBeenCalledTimes(1);
  });

  it('invites a supervisor with nothing more to choose, in Finnish', async () => {
    const sent: unknown[] = [];
    const fake = new FakeSignalingClient({
      'session:invite': (payload) => {
        sent.push(payload);
        return { inviteId: 'inv2', inviteeName: 'Maria Lahtinen', expiresAt: '2026-11-23T10:05:00.000Z' };
      },
    });
    renderIn(
      <InviteControl
        client={fake.client}
        session={session}
        directory={directory}
        names={namesFor(directory, 'fi')}
        busy={false}
      />,
      'fi',
    );
    press(screen.getByRole('button', { name: 'Kutsu puheluun' }));
    fireEvent.change(screen.getByLabelText('Ketä kutsut?'), { target: { value: 'supervisor' } });
    expect(screen.getByRole('option', { name: 'Esihenkilö' })).toBeTruthy();
    expect(screen.queryByLabelText('Virasto')).toBeNull();
    await act(async () => press(screen.getByRole('button', { name: 'Lähetä kutsu' })));
    expect(sent).toEqual([{ sessionId: session.sessionId, kind: 'supervisor' }]);
    await act(async () => fake.push('invite:answered', { inviteId: 'inv2', outcome: 'timeout' }));
    expect(screen.getByTestId('invite-status').textContent).toBe('Maria Lahtinen ei vastannut kutsuun ajoissa.');
  });

  it('gives a supervisor’s reloaded console the invite back, over the view, and declines it', async () => {
    const declined: unknown[] = [];
    const fake = new FakeSignalingClient({
      'work:current': () => ({
        invite: {
          inviteId: 'inv3',
          sessionId: session.sessionId,
          visitId: session.visitId,
          kind: 'supervisor' as const,
          agency: session.agency,
          language: session.language,
          from: 'Aino Virtanen',
          expiresAt: new Date(Date.now() + 30_000).toISOString(),
        },
      }),
      'invite:decline': (payload) => {
        declined.push(payload);
        return {};
      },
    });
    renderIn(
      <InvitedSupervisor client={fake.client} connection="connected" names={namesFor(directory, 'en')} enabled>
        <p>The wallboard</p>
      </InvitedSupervisor>,
      'en',
    );
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/^Aino Virtanen invites you into a call as supervisor: Tax Administration, /);
    expect(alert.textContent).toMatch(/Your microphone stays off until you turn it on\.$/);
    expect(screen.getByText('The wallboard')).toBeTruthy();
    await act(async () => press(screen.getByRole('button', { name: 'Decline' })));
    expect(declined).toEqual([{ inviteId: 'inv3' }]);
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
  });

  it('rings nothing at a console that is not a supervisor’s', async () => {
    const fake = new FakeSignalingClient({ 'work:current': () => ({}) });
    renderIn(
      <InvitedSupervisor client={fake.client} connection="connected" names={namesFor(directory, 'en')} enabled={false}>
        <p>The views</p>
      </InvitedSupervisor>,
      'en',
    );
    expect(screen.getByText('The views')).toBeTruthy();
    await act(async () => {});
    expect(fake.count('work:current')).toBe(0);
  });
});
