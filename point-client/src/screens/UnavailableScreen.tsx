import type { Directory, Language, UnavailableReason } from '@etapiste/protocol';
import { ErrorMessage, interpreterLanguageName } from '@etapiste/ui';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ScreenHeading } from '../components/ScreenHeading.js';
import { openingHoursLines } from '../visit/opening-hours.js';
import type { Draft } from '../visit/visit-state.js';
import { ChoiceSummary } from './ChoiceSummary.js';

interface Props {
  draft: Draft;
  reason: UnavailableReason;
  languagesOnline: Language[];
  directory: Directory;
  busy: boolean;
  error: unknown;
  onWait(): void;
  onLanguage(language: Language): void;
  onComeBackLater(): void;
  onBack(): void;
}

/**
 * Nobody is online for that agency in that language, or the agency is closed: said plainly, with
 * the choices. Another language is only ever the advisor's explicit choice (the customer's right).
 */
export function UnavailableScreen(props: Props) {
  const { t, i18n } = useTranslation();
  const ui = i18n.language as Language;
  const agency = props.directory.agencies.find((a) => a.id === props.draft.agency);
  const agencyName = agency?.name[ui] ?? props.draft.agency;
  const hours = agency ? openingHoursLines(agency.openingHours, ui) : [];

  return (
    <section aria-labelledby="unavailable-heading" className="unavailable">
      <div className="screen-top">
        <ScreenHeading id="unavailable-heading">
          {props.reason === 'closed'
            ? t('unavailable.closedHeading', { agency: agencyName })
            : props.reason === 'no-interpreter'
              ? t('interpreter.unavailableHeading', {
                  agency: agencyName,
                  language: interpreterLanguageName(t, i18n.language, props.draft.interpreterLanguage ?? ''),
                })
              : t('unavailable.nobodyHeading', {
                  agency: agencyName,
                  inLanguage: t(`unavailable.inLanguage.${props.draft.language}`),
                })}
        </ScreenHeading>
        <ChoiceSummary draft={props.draft} directory={props.directory} />
      </div>
      <p className="lead">
        {t(
          props.reason === 'closed'
            ? 'unavailable.closedText'
            : props.reason === 'no-interpreter'
              ? 'interpreter.unavailableText'
              : 'unavailable.nobodyText',
        )}
      </p>
      {hours.length > 0 && (
        <div className="card hours">
          <h2>{t('unavailable.hoursHeading', { agency: agencyName })}</h2>
          <ul>
            {hours.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
      )}
      <h2>{t('unavailable.optionsHeading')}</h2>
      <ul className="options">
        {/* A closed service queues nobody (one rule: the server answers "closed" to a wait too). */}
        {props.reason !== 'closed' && (
          <li>
            <Button className="react-aria-Button option" onPress={props.onWait} isDisabled={props.busy}>
              <span className="option__title">{t('unavailable.wait')}</span>
              <span className="option__text">{t(`unavailable.waitText.${props.reason}`)}</span>
            </Button>
          </li>
        )}
        {props.languagesOnline.map((l) => (
          <li key={l}>
            <Button
              className="react-aria-Button option"
              data-variant="secondary"
              onPress={() => props.onLanguage(l)}
              isDisabled={props.busy}
            >
              <span className="option__title">
                {t('unavailable.serveIn', { inLanguage: t(`common:language.in.${l}`) })}
              </span>
              <span className="option__text">{t('unavailable.switchText')}</span>
            </Button>
          </li>
        ))}
        <li>
          <Button className="react-aria-Button option" data-variant="secondary" onPress={props.onComeBackLater}>
            <span className="option__title">{t('unavailable.later')}</span>
            <span className="option__text">{t('unavailable.laterText')}</span>
          </Button>
        </li>
      </ul>
      <ErrorMessage error={props.error} />
      <div className="actions">
        <Button data-variant="secondary" onPress={props.onBack}>
          {t('unavailable.change')}
        </Button>
      </div>
    </section>
  );
}
