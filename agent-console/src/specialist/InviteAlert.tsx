/**
 * An invite into a session under way ringing at a colleague, an interpreter or a supervisor (issue
 * 14): seen in a banner, heard as the offer's ring, announced once to screen readers; focus on Join.
 */
import type { InviteIncoming } from '@etapiste/protocol';
import { interpreterLanguageName } from '@etapiste/ui';
import { useEffect, useRef } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { beep } from '../shared/beep.js';
import { BellIcon } from '../shared/icons.js';
import type { Names } from '../shared/names.js';
import { secondsLeft } from '../shared/time.js';

const RING_EVERY_MS = 4000;

export function InviteAlert(props: {
  invite: InviteIncoming;
  names: Names;
  now: number;
  busy: boolean;
  onAccept: () => void;
  onDecline: () => void;
  ring?: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { invite, names } = props;
  const ring = useRef(props.ring ?? beep);
  ring.current = props.ring ?? beep;
  const join = useRef<HTMLButtonElement>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the invite id is the trigger on purpose.
  useEffect(() => {
    ring.current();
    join.current?.focus();
    const timer = setInterval(() => ring.current(), RING_EVERY_MS);
    return () => clearInterval(timer);
  }, [invite.inviteId]);

  const facts = {
    from: invite.from,
    agency: names.agency(invite.agency),
    language: t(`common:language.name.${invite.language}`),
    interpreterLanguage: invite.interpreterLanguage
      ? interpreterLanguageName(t, i18n.language, invite.interpreterLanguage)
      : '',
  };
  const text =
    invite.kind === 'interpreter'
      ? t('invite.incomingInterpreter', facts)
      : invite.kind === 'supervisor'
        ? t('invite.incomingSupervisor', facts)
        : t('invite.incoming', facts);
  return (
    <section className="offer" aria-labelledby="invite-incoming-heading">
      <p role="alert" className="visually-hidden">
        {text}
      </p>
      <h2 id="invite-incoming-heading" className="offer__heading">
        <BellIcon /> {t('invite.incomingHeading')}
      </h2>
      <p>{text}</p>
      <div className="row offer__actions">
        <Button ref={join} className="react-aria-Button button--large" isDisabled={props.busy} onPress={props.onAccept}>
          {t('invite.accept')}
        </Button>
        <Button data-variant="secondary" isDisabled={props.busy} onPress={props.onDecline}>
          {t('invite.decline')}
        </Button>
        <span role="timer" className="offer__countdown">
          {t('offer.seconds', { count: secondsLeft(invite.expiresAt, props.now) })}
        </span>
      </div>
    </section>
  );
}
