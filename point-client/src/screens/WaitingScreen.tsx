import type { Directory, Language, TicketView } from '@etapiste/protocol';
import { ErrorMessage, Video } from '@etapiste/ui';
import { useEffect, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ScreenHeading } from '../components/ScreenHeading.js';
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
}

/**
 * Waiting, calmly: the place in the queue and the estimate in one sentence that screen readers
 * hear when it changes, the time waited so far (quiet, not announced), the customer's own picture
 * as the specialist will see it, and a way to stop waiting.
 */
export function WaitingScreen({ ticket, transferredFromAgency, directory, selfView, busy, error, onCancel }: Props) {
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
      <ErrorMessage error={error} />
      <div className="actions">
        <Button data-variant="secondary" onPress={onCancel} isDisabled={busy || ticket?.state === 'in-session'}>
          {t('waiting.cancel')}
        </Button>
      </div>
    </section>
  );
}

function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}
