import type { Directory, Language, TicketView } from '@etapiste/protocol';
import { ErrorMessage, interpreterLanguageName, Video } from '@etapiste/ui';
import { useEffect, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ScreenHeading } from '../components/ScreenHeading.js';
import { StepAwayChoice } from '../step-away/StepAwayChoice.js';
import { elapsedClock, etaMinutes } from '../visit/time-words.js';
import { ChoiceSummary } from './ChoiceSummary.js';

interface Props {
  ticket: TicketView | undefined;
  transferredFromAgency: string | undefined;
  directory: Directory;
  selfView: MediaStreamTrack | undefined;
  busy: boolean;
  error: unknown;
  onCancel(): void;
  /** A long wait: ask again in another language served now (the customer's choice). */
  onSwitchLanguage?(language: Language): void;
  /** A long wait: stop waiting, come back in opening hours. */
  onComeBackLater?(): void;
  /** The customer steps away for a while; the request keeps its place. */
  onStepAway?(minutes: number): void;
}

/**
 * Waiting, calmly: the place in the queue and the estimate in one sentence that screen readers
 * hear when it changes, the time waited so far (quiet, not announced), the customer's own picture
 * as the specialist will see it, and a way to stop waiting.
 */
export function WaitingScreen({
  ticket,
  transferredFromAgency,
  directory,
  selfView,
  busy,
  error,
  onCancel,
  onSwitchLanguage,
  onComeBackLater,
  onStepAway,
}: Props) {
  const { t, i18n } = useTranslation();
  const ui = i18n.language as Language;
  const now = useNow();
  const from = directory.agencies.find((a) => a.id === transferredFromAgency);
  const to = ticket ? directory.agencies.find((a) => a.id === ticket.agency) : undefined;
  const minutes = etaMinutes(ticket?.etaSeconds);

  let status: string;
  if (!ticket) status = t('waiting.joining');
  else if (ticket.state === 'offered') status = t('waiting.offered');
  else if (ticket.position === undefined) status = t('waiting.inQueue');
  else {
    status = `${t('waiting.position', { position: ticket.position })} ${
      minutes === undefined ? t('waiting.noEstimate') : t('waiting.eta', { count: minutes })
    }`;
  }

  return (
    <section aria-labelledby="waiting-heading" className="waiting">
      <div className="screen-top">
        <ScreenHeading id="waiting-heading">{t('waiting.heading')}</ScreenHeading>
        {ticket && <ChoiceSummary draft={ticket} directory={directory} />}
      </div>
      {from && (
        <p className="notice notice--info">
          {t('waiting.transferred', { from: from.name[ui], to: to?.name[ui] ?? '' })}
        </p>
      )}
      <div className="waiting__grid">
        <div className="card waiting__status">
          {ticket?.position !== undefined && ticket.state === 'waiting' && (
            <p className="waiting__position" aria-hidden="true">
              {ticket.position}
            </p>
          )}
          <p className="waiting__text" role="status" aria-live="polite" aria-atomic="true">
            {status}
          </p>
          {ticket && (
            <p className="muted">
              {t('waiting.elapsed')}{' '}
              <time dateTime={`PT${Math.max(0, Math.floor((now - Date.parse(ticket.enqueuedAt)) / 1000))}S`}>
                {elapsedClock(now - Date.parse(ticket.enqueuedAt))}
              </time>
            </p>
          )}
          {ticket?.interpreterLanguage && ticket.state === 'waiting' && (
            <p className="notice notice--info">
              {t('interpreter.arranging', {
                language: interpreterLanguageName(t, i18n.language, ticket.interpreterLanguage),
              })}
            </p>
          )}
          <p>{t('waiting.calm')}</p>
        </div>
        <div className="card waiting__self">
          <h2>{t('waiting.selfHeading')}</h2>
          {selfView ? (
            <Video track={selfView} label={t('waiting.selfView')} className="waiting__video" mirrored />
          ) : (
            <p className="muted">{t('waiting.noSelfView')}</p>
          )}
        </div>
      </div>
      {ticket && (
        <LongWait
          ticket={ticket}
          now={now}
          busy={busy}
          {...(onSwitchLanguage ? { onSwitchLanguage } : {})}
          {...(onComeBackLater ? { onComeBackLater } : {})}
        />
      )}
      <ErrorMessage error={error} />
      {onStepAway && ticket?.state === 'waiting' && <StepAwayChoice busy={busy} onStepAway={onStepAway} />}
      <div className="actions">
        <Button data-variant="secondary" onPress={onCancel} isDisabled={busy || ticket?.state === 'in-session'}>
          {t('waiting.cancel')}
        </Button>
      </div>
    </section>
  );
}

/**
 * After the long-wait time, or while nobody works the queue, the wait is said plainly with the
 * choices that exist: keep waiting, another language the agency serves now, or come back in
 * opening hours (with when it opens next). "Keep waiting" puts the choices away until the
 * situation changes (nobody working ↔ long wait).
 */
function LongWait({
  ticket,
  now,
  busy,
  onSwitchLanguage,
  onComeBackLater,
}: {
  ticket: TicketView;
  now: number;
  busy: boolean;
  onSwitchLanguage?(language: Language): void;
  onComeBackLater?(): void;
}) {
  const { t, i18n } = useTranslation();
  const ui = i18n.language as Language;
  const [keptFor, setKeptFor] = useState<string>();
  const long = ticket.longWaitAt !== undefined && now >= Date.parse(ticket.longWaitAt);
  const situation = ticket.nobodyWorking ? 'nobody' : long ? 'long' : undefined;
  if (ticket.state !== 'waiting' || !situation || keptFor === situation) return null;
  const minutes = Math.floor((now - Date.parse(ticket.enqueuedAt)) / 60_000);
  const opens = ticket.opensAt
    ? new Intl.DateTimeFormat(LOCALE[ui], {
        weekday: 'long',
        day: 'numeric',
        month: 'numeric',
        hour: 'numeric',
        minute: '2-digit',
        timeZone: 'Europe/Helsinki',
      }).format(new Date(ticket.opensAt))
    : undefined;
  return (
    <section className="card long-wait" aria-labelledby="long-wait-heading" data-testid="long-wait">
      <h2 id="long-wait-heading">{t(`waiting.long.${situation}Heading`)}</h2>
      <p role="status">
        {situation === 'nobody'
          ? t('waiting.long.nobodyText', { inLanguage: t(`waiting.long.inLanguage.${ticket.language}`) })
          : t('waiting.long.longText', { count: minutes })}
      </p>
      <ul className="options">
        <li>
          <Button className="react-aria-Button option" onPress={() => setKeptFor(situation)} isDisabled={busy}>
            <span className="option__title">{t('waiting.long.keep')}</span>
            <span className="option__text">{t('waiting.long.keepText')}</span>
          </Button>
        </li>
        {onSwitchLanguage &&
          (ticket.languagesServed ?? []).map((l) => (
            <li key={l}>
              <Button
                className="react-aria-Button option"
                data-variant="secondary"
                onPress={() => onSwitchLanguage(l)}
                isDisabled={busy}
              >
                <span className="option__title">{t(`waiting.long.switchTo.${l}`)}</span>
                <span className="option__text">{t('waiting.long.switchText')}</span>
              </Button>
            </li>
          ))}
        {onComeBackLater && (
          <li>
            <Button
              className="react-aria-Button option"
              data-variant="secondary"
              onPress={onComeBackLater}
              isDisabled={busy}
            >
              <span className="option__title">{t('waiting.long.later')}</span>
              <span className="option__text">
                {opens ? t('waiting.long.laterOpens', { opens }) : t('waiting.long.laterText')}
              </span>
            </Button>
          </li>
        )}
      </ul>
    </section>
  );
}

const LOCALE: Record<Language, string> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' };

function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}
