/**
 * @jest-environment jsdom
 */
/**
 * Who is in the call, at the point (issue 14): the list by role and name from the server, and a
 * supervisor's join and leave said in a sentence in a polite live region, in the reader's language.
 */
import { FakeSignalingClient } from '@etapiste/call-client/testing';
import type { SessionParticipants } from '@etapiste/protocol';
import { ParticipantNotice, ParticipantsPanel, useParticipants } from '@etapiste/ui';
import { rendererFor } from '@etapiste/ui/testing';
import { describe, expect, it } from '@jest/globals';
import { act, screen, waitFor } from '@testing-library/react';
import { resources } from '../src/i18n/resources.js';

const renderIn = rendererFor(resources);

const two: SessionParticipants = {
  sessionId: 'session-0001',
  visitId: 'visit-0001',
  participants: [
    { participantId: 'point:mikkeli', role: 'point', name: 'Asiointipiste Mikkeli', pointId: 'mikkeli' },
    { participantId: 'expert:aino', role: 'expert', name: 'Aino Virtanen' },
  ],
};
const maria = {
  participantId: 'supervisor:maria',
  role: 'supervisor' as const,
  name: 'Maria Lahtinen',
  joinedAt: '2026-12-01T12:05:00.000Z',
};

function People({ client }: { client: FakeSignalingClient }) {
  const people = useParticipants(client.client, 'session-0001');
  return (
    <>
      <ParticipantNotice participants={people} />
      <ParticipantsPanel participants={people} self="point:mikkeli" />
    </>
  );
}

describe('participants at the point', () => {
  it('lists who is in the call and says a supervisor joining and leaving, in Swedish', async () => {
    const fake = new FakeSignalingClient({ 'session:participants:get': () => two });
    renderIn(<People client={fake} />, 'sv');
    const list = await screen.findByTestId('participants');
    expect(list.textContent).toBe('Asiointipiste Mikkeli (du)Sakkunnig Aino Virtanen');
    const notice = screen.getByTestId('participant-notice');
    expect(notice.getAttribute('aria-live')).toBe('polite');
    expect(notice.textContent).toBe('');

    act(() =>
      fake.push('session:participants', {
        ...two,
        participants: [...two.participants, maria],
        change: { kind: 'joined', participant: maria },
      }),
    );
    expect(notice.textContent).toBe('Chef Maria Lahtinen anslöt till samtalet.');
    expect(screen.getByTestId('participants').textContent).toContain('Chef Maria Lahtinen');

    act(() => fake.push('session:participants', { ...two, change: { kind: 'left', participant: maria } }));
    expect(notice.textContent).toBe('Chef Maria Lahtinen lämnade samtalet.');
    await waitFor(() => expect(screen.getByTestId('participants').textContent).not.toContain('Maria'));
  });

  it('says a supervisor who came at the specialist’s invite is invited, and by whom', async () => {
    const fake = new FakeSignalingClient({ 'session:participants:get': () => two });
    renderIn(<People client={fake} />, 'fi');
    await screen.findByTestId('participants');
    const invited = { ...maria, invitedBy: 'Aino Virtanen' };
    act(() =>
      fake.push('session:participants', {
        ...two,
        participants: [...two.participants, invited],
        change: { kind: 'joined', participant: invited },
      }),
    );
    expect(screen.getByTestId('participant-notice').textContent).toBe(
      'Esihenkilö Maria Lahtinen liittyi puheluun. Kutsuja: Aino Virtanen.',
    );
    act(() => fake.push('session:participants', { ...two, change: { kind: 'left', participant: invited } }));
    expect(screen.getByTestId('participant-notice').textContent).toBe('Esihenkilö Maria Lahtinen poistui puhelusta.');
  });

  it('ignores pushes of another session', async () => {
    const fake = new FakeSignalingClient({ 'session:participants:get': () => two });
    renderIn(<People client={fake} />, 'fi');
    await screen.findByTestId('participants');
    act(() =>
      fake.push('session:participants', {
        ...two,
        sessionId: 'session-0002',
        participants: [...two.participants, maria],
        change: { kind: 'joined', participant: maria },
      }),
    );
    expect(screen.getByTestId('participant-notice').textContent).toBe('');
    expect(screen.getByTestId('participants').textContent).not.toContain('Maria');
  });
});
