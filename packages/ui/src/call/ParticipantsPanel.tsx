/**
 * Who is in the call, for everyone in it — the customer at the point included: each participant by
 * role and name (`ParticipantsPanel`), and each join and leave said in a sentence on screen and to
 * screen readers (`ParticipantNotice`, an always-present polite live region, so the sentence is
 * read however the page's focus lies, with a short sound as it appears).
 */
import type { SessionParticipant } from '@etapiste/protocol';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { chime } from './chime.js';
import type { Participants } from './useParticipants.js';

/** How long the sentence stays on screen; the list keeps the state after it. */
const NOTICE_SHOWN_MS = 12_000;

/** A participant's name: the point by the app's name for it (its language), people by their own. */
export type NameOf = (participant: SessionParticipant) => string;

const ownName: NameOf = (p) => p.name;

export function ParticipantNotice({ participants, nameOf = ownName }: { participants: Participants; nameOf?: NameOf }) {
  const { t } = useTranslation('participants');
  const { change } = participants;
  const [shown, setShown] = useState<number>();
  useEffect(() => {
    if (!change) return;
    setShown(change.serial);
    chime(change.kind);
    const timer = setTimeout(() => setShown(undefined), NOTICE_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [change]);
  // A supervisor who came at the specialist's invite is said to be invited, and by whom.
  const by = change?.kind === 'joined' ? change.participant.invitedBy : undefined;
  const sentence =
    change && shown === change.serial
      ? t(by ? 'joinedInvited' : change.kind, {
          role: t(`role.${change.participant.role}`),
          name: nameOf(change.participant),
          by,
        })
      : '';
  return (
    <p
      className="participant-notice"
      data-kind={sentence ? change?.kind : undefined}
      role="status"
      aria-live="polite"
      data-testid="participant-notice"
    >
      {sentence}
    </p>
  );
}

export function ParticipantsPanel({
  participants,
  self,
  nameOf = ownName,
  headingLevel = 3,
}: {
  participants: Participants;
  /** This page's participant id, marked "(you)". */
  self: string | undefined;
  nameOf?: NameOf;
  headingLevel?: 2 | 3;
}) {
  const { t } = useTranslation('participants');
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  if (participants.participants.length === 0) return null;
  return (
    <section className="participants card card--compact" aria-labelledby="participants-heading">
      <Heading id="participants-heading">{t('heading')}</Heading>
      <ul className="participants__list" data-testid="participants">
        {participants.participants.map((p) => (
          <li key={p.participantId} className="participants__item" data-role={p.role}>
            {/* A point's name says what it is ("Asiointipiste Mikkeli"); a person's role goes before their name. */}
            {p.role !== 'point' && <span className="participants__role">{t(`role.${p.role}`)} </span>}
            <span className="participants__name">{nameOf(p)}</span>
            {p.participantId === self && <span className="participants__you"> {t('you')}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
