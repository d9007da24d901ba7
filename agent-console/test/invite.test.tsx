/**
 * @jest-environment jsdom
 */
/**
 * Inviting into a session under way (issue 14) in the console: the specialist sends the invite for
 * a colleague of the chosen agency × language and hears the answer; the invite ringing at the
 * colleague says who invites and to what, in the reader's language.
 */
import { FakeSignalingClient } from '@etapiste/call-client/testing';
import { rendererFor } from '@etapiste/ui/testing';
import { describe, expect, it, jest } from '@jest/globals';
import { act, fireEvent, screen } from '@testing-library/react';
import { resources } from '../src/i18n/resources.js';
import { namesFor } from '../src/shared/names.js';
import { InviteAlert } from '../src/specialist/InviteAlert.js';
import { InviteControl } from '../src/specialist/InviteControl.js';
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
});
