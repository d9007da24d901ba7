import type { Offer } from '@etapiste/protocol';
import { interpreterLanguageName } from '@etapiste/ui';
import { useEffect, useRef } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { beep } from '../shared/beep.js';
import { BellIcon } from '../shared/icons.js';
import type { Names } from '../shared/names.js';
import { formatDuration, secondsLeft, secondsSince } from '../shared/time.js';

/** How often the ring repeats while the offer is open. */
const RING_EVERY_MS = 4000;

/**
 * An offer ringing: unmistakable by sight (a large banner that takes the top of the screen), by
 * sound (a repeated two-tone ring) and for screen readers (an alert announced once); focus moves
 * to Accept so a keyboard user answers with Enter, or Tab to Decline.
 */
export function OfferAlert(props: {
  offer: Offer;
  names: Names;
  now: number;
  busy: boolean;
  /** This side accepted an offer with an interpreter; the other side's accept is awaited. */
  accepted?: boolean;
  onAccept: () => void;
  onDecline: () => void;
  /** Tests switch the sound off. */
  ring?: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { offer, names, now } = props;
  const pair = offer.interpreter;
  // Whose accept is awaited, named by their part (the interpreter, or the specialist).
  const partner = pair
    ? t(pair.as === 'expert' ? 'offer.interpreter.partnerInterpreter' : 'offer.interpreter.partnerExpert', {
        name: pair.partnerName,
      })
    : '';
  const ring = useRef(props.ring ?? beep);
  ring.current = props.ring ?? beep;
  const accept = useRef<HTMLButtonElement>(null);

  // Once per offer: the ring until it is answered or gone.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the offer id is the trigger on purpose.
  useEffect(() => {
    ring.current();
    const timer = setInterval(() => ring.current(), RING_EVERY_MS);
    return () => clearInterval(timer);
  }, [offer.offerId]);

  // Once per offer, focus on Accept as soon as it can take it (the offer may arrive while the
  // command that made the specialist available is still being answered).
  const focused = useRef<string>(undefined);
  useEffect(() => {
    if (props.busy || focused.current === offer.offerId) return;
    focused.current = offer.offerId;
    accept.current?.focus();
  }, [offer.offerId, props.busy]);

  const left = secondsLeft(offer.expiresAt, now);
  const agency = names.agency(offer.agency);
  const language = t(`common:language.name.${offer.language}`);
  const topic = names.topic(offer.agency, offer.topic);
  const point = names.point(offer.pointId);
  const { transfer } = offer;
  // The customer's real wait: since they first queued in this visit, not since the transfer.
  const waited = secondsSince(offer.visitQueuedAt ?? offer.enqueuedAt, now);

  return (
    <section className="offer" aria-labelledby="offer-heading">
      <p role="alert" className="visually-hidden">
        {t('offer.announce', { agency, language, point })}
      </p>
      <h2 id="offer-heading" className="offer__heading">
        <BellIcon />{' '}
        {pair?.as === 'interpreter'
          ? t('offer.interpreter.heading')
          : offer.transferredFrom
            ? t('offer.transferredHeading')
            : t('offer.heading')}
      </h2>
      {pair && (
        <p className="notice notice--info" role="status" data-testid="offer-pair">
          {t('offer.interpreter.together', {
            partner,
            language: interpreterLanguageName(t, i18n.language, pair.language),
          })}{' '}
          {props.accepted
            ? t('offer.interpreter.awaiting', { partner })
            : pair.partnerAccepted
              ? t('offer.interpreter.partnerAccepted', { partner })
              : ''}
        </p>
      )}
      {/* The answer first, so it is on screen at 200 % zoom without scrolling. */}
      <div className="row offer__actions">
        <Button
          ref={accept}
          className="react-aria-Button button--large"
          isDisabled={props.busy || props.accepted}
          onPress={props.onAccept}
        >
          {props.accepted ? t('offer.interpreter.accepted') : t('offer.accept')}
        </Button>
        <Button data-variant="secondary" isDisabled={props.busy} onPress={props.onDecline}>
          {t('offer.decline')}
        </Button>
        <span>
          {t('offer.timeLeft')}:{' '}
          <span role="timer" className="offer__countdown" data-urgent={left <= 5 || undefined}>
            {t('offer.seconds', { count: left })}
          </span>
        </span>
      </div>
      <dl className="facts">
        <div>
          <dt>{t('offer.agency')}</dt>
          <dd>{agency}</dd>
        </div>
        <div>
          <dt>{t('offer.language')}</dt>
          <dd>{language}</dd>
        </div>
        <div>
          <dt>{t('offer.topic')}</dt>
          <dd>{topic ?? t('offer.noTopic')}</dd>
        </div>
        <div>
          <dt>{t('offer.point')}</dt>
          <dd>{point}</dd>
        </div>
        {offer.bookingId && (
          <div>
            <dt>{t('offer.booking')}</dt>
            <dd>{t('offer.bookingYes')}</dd>
          </div>
        )}
        {offer.advisorName && (
          <div>
            <dt>{t('offer.advisor')}</dt>
            <dd>{offer.advisorName}</dd>
          </div>
        )}
        <div>
          <dt>{t('offer.identity')}</dt>
          <dd data-identity-check={offer.identityCheck ?? 'not-recorded'}>
            {offer.identityCheck ? t(`common:identityCheck.${offer.identityCheck}`) : t('offer.identityNotRecorded')}
          </dd>
        </div>
        <div>
          <dt>{transfer ? t('offer.waitedVisit') : t('offer.waited')}</dt>
          <dd>{formatDuration(waited)}</dd>
        </div>
      </dl>
      {offer.note && (
        <p>
          <strong>{t('offer.note')}:</strong> {offer.note}
        </p>
      )}
      {transfer && (
        <p className="offer__transfer">
          {t('offer.transferredBy', {
            name: transfer.byName,
            queue: `${names.agency(transfer.fromAgency)} – ${t(`common:language.name.${transfer.fromLanguage}`)}`,
          })}
          {transfer.fromTopic && transfer.fromAgency !== offer.agency
            ? ` ${t('offer.previousTopic', { topic: names.topic(transfer.fromAgency, transfer.fromTopic) })}`
            : ''}
        </p>
      )}
      {offer.transferNote && (
        <p>
          <strong>{transfer ? t('offer.transferNoteBy', { name: transfer.byName }) : t('offer.transferNote')}:</strong>{' '}
          {offer.transferNote}
        </p>
      )}
    </section>
  );
}
