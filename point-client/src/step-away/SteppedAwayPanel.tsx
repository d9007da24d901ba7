import type { Directory, Language, TicketView } from '@etapiste/protocol';
import { localeOf } from '@etapiste/ui';
import { useEffect, useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { playAlertChime } from '../media/audio.js';
import type { SteppedAway } from './useSteppedAway.js';

interface Props {
  steppedAway: SteppedAway;
  directory: Directory;
  busy: boolean;
  /** Shown only where a stepped-away customer can be taken back (the desk is free). */
  onBack?(ticketId: string): void;
  onCancel(ticketId: string): void;
}

/**
 * The alert that a stepped-away customer's turn is near: a banner (an alert for screen readers)
 * and a chime, once each time one of them comes within two places of the head. Shown on every
 * screen of the point, a call in progress included: the advisor must go and fetch the customer.
 */
export function SteppedAwayAlert({ steppedAway, directory }: Pick<Props, 'steppedAway' | 'directory'>) {
  const { t, i18n } = useTranslation();
  const chimed = useRef(new Set<string>());
  const nearIds = steppedAway.near.map((ticket) => ticket.ticketId).join(',');
  useEffect(() => {
    for (const id of nearIds ? nearIds.split(',') : []) {
      if (chimed.current.has(id)) continue;
      chimed.current.add(id);
      playAlertChime();
    }
    // Left the near zone (served, cancelled, back): it may chime again if it comes near again.
    for (const id of chimed.current) if (!nearIds.split(',').includes(id)) chimed.current.delete(id);
  }, [nearIds]);
  if (steppedAway.near.length === 0) return null;
  return (
    <div className="notice notice--warning stepped-away__alert" role="alert" data-testid="stepped-away-alert">
      {steppedAway.near.map((ticket) => (
        <p key={ticket.ticketId}>{t('stepAway.near', describe(ticket, directory, t, i18n.language))}</p>
      ))}
    </div>
  );
}

/** The list of customers who stepped away, with "back by hh:mm", their place, and what can be done. */
export function SteppedAwayList({ steppedAway, directory, busy, onBack, onCancel }: Props) {
  const { t, i18n } = useTranslation();
  const [confirming, setConfirming] = useState<string>();
  if (steppedAway.tickets.length === 0) return null;
  return (
    <section className="card stepped-away" aria-labelledby="stepped-away-heading" data-testid="stepped-away">
      <h2 id="stepped-away-heading">{t('stepAway.listHeading')}</h2>
      <ul className="stepped-away__list">
        {steppedAway.tickets.map((ticket) => {
          const words = describe(ticket, directory, t, i18n.language);
          return (
            <li key={ticket.ticketId} className="stepped-away__item">
              <p>
                <strong>{t('stepAway.item', words)}</strong> – {t('stepAway.backBy', words)}
                {ticket.position !== undefined && <>, {t('stepAway.position', words)}</>}
              </p>
              {ticket.steppedAway?.passedOver && <p className="muted">{t('stepAway.passedOver')}</p>}
              {confirming === ticket.ticketId ? (
                <div className="actions">
                  <span>{t('stepAway.removeConfirm')}</span>
                  <Button
                    data-variant="secondary"
                    isDisabled={busy}
                    onPress={() => {
                      setConfirming(undefined);
                      onCancel(ticket.ticketId);
                    }}
                  >
                    {t('stepAway.removeYes')}
                  </Button>
                  <Button data-variant="secondary" onPress={() => setConfirming(undefined)}>
                    {t('stepAway.removeNo')}
                  </Button>
                </div>
              ) : (
                <div className="actions">
                  {onBack && (
                    <Button isDisabled={busy} onPress={() => onBack(ticket.ticketId)}>
                      {t('stepAway.back')}
                    </Button>
                  )}
                  <Button data-variant="secondary" isDisabled={busy} onPress={() => setConfirming(ticket.ticketId)}>
                    {t('stepAway.remove')}
                  </Button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function describe(
  ticket: TicketView,
  directory: Directory,
  t: (key: string) => string,
  language: string,
): { agency: string; inLanguage: string; time: string; position: number | string } {
  const agency = directory.agencies.find((a) => a.id === ticket.agency);
  return {
    agency: agency?.name[language as Language] ?? ticket.agency,
    inLanguage: t(`stepAway.inLanguage.${ticket.language}`),
    time: ticket.steppedAway
      ? new Intl.DateTimeFormat(localeOf(language), {
          hour: 'numeric',
          minute: '2-digit',
          timeZone: 'Europe/Helsinki',
        }).format(new Date(ticket.steppedAway.backBy))
      : '',
    position: ticket.position ?? '',
  };
}
