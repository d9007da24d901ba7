import {
  type Agency,
  type AgencyAvailability,
  type AvailabilitySnapshot,
  type Directory,
  IDENTITY_CHECKS,
  type IdentityCheck,
  type Language,
  type Point,
} from '@etapiste/protocol';
import { interpreterLanguageName, localeOf } from '@etapiste/ui';
import { useState } from 'react';
import { Button, Form, Label, Radio, RadioGroup, Text, TextArea, TextField } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ScreenHeading } from '../components/ScreenHeading.js';
import type { Draft } from '../visit/visit-state.js';

/** The same rule the server applies (protocol SpecialistNote): no personal identity codes in notes. */
const PERSONAL_IDENTITY_CODE = /\d{6}[-+A-FU-Y]\d{3}[0-9A-FHJ-NPR-Y]/i;
export const NOTE_MAX = 500;

/** When a service opens, in its own time zone and the reader's language: "ti 2.12. klo 8.00". */
function openingTime(language: string, iso: string): string {
  return new Intl.DateTimeFormat(localeOf(language), {
    weekday: 'short',
    day: 'numeric',
    month: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone: 'Europe/Helsinki',
  }).format(new Date(iso));
}

interface Props {
  directory: Directory;
  point: Point | undefined;
  notice?: 'cancelled' | 'abandoned' | 'come-back' | 'closed' | 'stepped-away' | undefined;
  /** With `closed`: when the service opens next. */
  opensAt?: string | undefined;
  /** Which agencies serve now, in which languages; shown on their tiles once known. */
  availability?: AvailabilitySnapshot | undefined;
  onChoose(draft: Draft): void;
  onSignOut(): void;
  /** Who is signed in at the point, and their sign-out (advisor/AdvisorBar.tsx). */
  advisorBar?: React.ReactNode;
  /** Customers who stepped away, with their places (step-away/SteppedAwayPanel.tsx). */
  steppedAway?: React.ReactNode;
}

/**
 * The start: which agency (each tile says whether it serves now and in which languages), in which
 * language the customer is served (each language in its own name; never guessed from the screen's
 * language: the customer's right, the advisor asks), optionally a topic from the agency's list and
 * a note for the specialist. Large tiles, one choice per step, nothing hidden behind menus.
 */
export function StartScreen({
  directory,
  point,
  notice,
  opensAt,
  availability,
  onChoose,
  onSignOut,
  advisorBar,
  steppedAway,
}: Props) {
  const { t, i18n } = useTranslation();
  const ui = i18n.language as Language;
  const [agencyId, setAgencyId] = useState<string>();
  const [language, setLanguage] = useState<Language>();
  const [topic, setTopic] = useState<string>('');
  const [note, setNote] = useState('');
  const [identityCheck, setIdentityCheck] = useState<IdentityCheck>();
  // '' is "no interpreter", the default: asking for one is the advisor's explicit choice.
  const [interpreterLanguage, setInterpreterLanguage] = useState('');
  const [tried, setTried] = useState(false);
  const agency: Agency | undefined = directory.agencies.find((a) => a.id === agencyId);
  const noteHasId = PERSONAL_IDENTITY_CODE.test(note);

  const chooseAgency = (id: string) => {
    const next = directory.agencies.find((a) => a.id === id);
    setAgencyId(id);
    setTopic('');
    // Keep the language the advisor chose if the new agency serves in it; otherwise none is
    // chosen. The screen's own language says nothing about the customer's.
    if (next && language && !next.languages.includes(language)) setLanguage(undefined);
    if (next?.uncheckedIdentity === 'refused' && identityCheck === 'not-checked') setIdentityCheck(undefined);
  };
  const uncheckedRefused = agency?.uncheckedIdentity === 'refused';
  // The interpreter pool's languages with the chosen service language (none: the step is not shown).
  const interpreting = (directory.interpreting ?? []).filter((p) => p.serviceLanguage === language);
  const chooseLanguage = (value: Language) => {
    setLanguage(value);
    if (!(directory.interpreting ?? []).some((p) => p.serviceLanguage === value && p.language === interpreterLanguage))
      setInterpreterLanguage('');
  };

  return (
    <section aria-labelledby="start-heading" className="start">
      {advisorBar}
      <ScreenHeading id="start-heading">{t('ready.heading')}</ScreenHeading>
      <p className="lead">{t('start.intro', { point: point?.name[ui] ?? '' })}</p>
      {notice && (
        <p className="notice" role="status">
          {t(`start.notice.${notice}`)}
          {notice === 'closed' && opensAt && (
            <> {t('start.notice.opensAt', { time: openingTime(i18n.language, opensAt) })}</>
          )}
        </p>
      )}
      {steppedAway}
      <Form
        onSubmit={(event) => {
          event.preventDefault();
          setTried(true);
          if (!agency || !language || !identityCheck || noteHasId) return;
          onChoose({
            agency: agency.id,
            language,
            identityCheck,
            ...(interpreterLanguage ? { interpreterLanguage } : {}),
            ...(topic ? { topic } : {}),
            ...(note.trim() ? { note: note.trim() } : {}),
          });
        }}
      >
        <RadioGroup
          className="step"
          value={agencyId ?? null}
          onChange={chooseAgency}
          isInvalid={tried && !agency}
          aria-describedby={tried && !agency ? 'agency-missing' : undefined}
        >
          <Label className="step__label">{t('start.agency')}</Label>
          <div className="choice-grid choice-grid--agencies">
            {directory.agencies.map((a) => {
              const now = availability?.agencies.find((entry) => entry.agency === a.id);
              return (
                <Radio
                  key={a.id}
                  value={a.id}
                  className="choice-tile choice-tile--agency"
                  aria-describedby={now ? `availability-${a.id}` : undefined}
                >
                  <span className="choice-tile__body">
                    <span className="choice-tile__name">{a.name[ui]}</span>
                    {/* Read as the radio's description, not as part of its name. */}
                    {now && <AvailabilityLine id={`availability-${a.id}`} now={now} />}
                  </span>
                </Radio>
              );
            })}
          </div>
          {tried && !agency && (
            <p id="agency-missing" className="error-message">
              {t('start.agencyMissing')}
            </p>
          )}
        </RadioGroup>

        {agency && (
          <>
            <RadioGroup
              className="step"
              value={language ?? null}
              onChange={(value) => chooseLanguage(value as Language)}
              isInvalid={tried && !language}
              aria-describedby={tried && !language ? 'language-missing' : undefined}
            >
              <Label className="step__label">{t('start.language')}</Label>
              <Text slot="description" className="step__help">
                {t('start.languageHelp')}
              </Text>
              <div className="choice-grid choice-grid--languages">
                {directory.languages
                  .filter((l) => agency.languages.includes(l))
                  .map((l) => (
                    <Radio key={l} value={l} className="choice-tile choice-tile--language" lang={l}>
                      <span className="choice-tile__name">{t(`common:languageName.${l}`)}</span>
                    </Radio>
                  ))}
              </div>
              {tried && !language && (
                <p id="language-missing" className="error-message">
                  {t('start.languageMissing')}
                </p>
              )}
            </RadioGroup>

            {interpreting.length > 0 && (
              <RadioGroup className="step" value={interpreterLanguage} onChange={setInterpreterLanguage}>
                <Label className="step__label">{t('interpreter.heading')}</Label>
                <Text slot="description" className="step__help">
                  {t('interpreter.help')}
                </Text>
                <div className="choice-grid choice-grid--topics">
                  <Radio value="" className="choice-tile choice-tile--small">
                    {t('interpreter.none')}
                  </Radio>
                  {interpreting.map((pair) => (
                    <Radio key={pair.language} value={pair.language} className="choice-tile choice-tile--small">
                      {interpreterLanguageName(t, i18n.language, pair.language)}
                    </Radio>
                  ))}
                </div>
              </RadioGroup>
            )}

            <RadioGroup
              className="step"
              value={identityCheck ?? null}
              onChange={(value) => setIdentityCheck(value as IdentityCheck)}
              isInvalid={tried && !identityCheck}
              aria-describedby={tried && !identityCheck ? 'identity-missing' : undefined}
            >
              <Label className="step__label">{t('start.identity')}</Label>
              <Text slot="description" className="step__help">
                {uncheckedRefused ? t('start.identityRequired', { agency: agency.name[ui] }) : t('start.identityHelp')}
              </Text>
              <div className="choice-grid choice-grid--topics">
                {IDENTITY_CHECKS.filter((method) => !(uncheckedRefused && method === 'not-checked')).map((method) => (
                  <Radio key={method} value={method} className="choice-tile choice-tile--small">
                    {t(`common:identityCheck.${method}`)}
                  </Radio>
                ))}
              </div>
              {tried && !identityCheck && (
                <p id="identity-missing" className="error-message">
                  {t('start.identityMissing')}
                </p>
              )}
            </RadioGroup>

            {agency.topics.length > 0 && (
              <RadioGroup className="step" value={topic} onChange={setTopic}>
                <Label className="step__label">{t('start.topic')}</Label>
                <div className="choice-grid choice-grid--topics">
                  {agency.topics.map((item) => (
                    <Radio key={item.id} value={item.id} className="choice-tile choice-tile--small">
                      {item.name[ui]}
                    </Radio>
                  ))}
                  <Radio value="" className="choice-tile choice-tile--small">
                    {t('start.noTopic')}
                  </Radio>
                </div>
              </RadioGroup>
            )}

            <TextField className="step field field--wide" value={note} onChange={setNote} maxLength={NOTE_MAX}>
              <Label className="step__label">{t('start.note')}</Label>
              <TextArea rows={3} className="note-input" aria-invalid={noteHasId || undefined} />
              <Text slot="description" className="step__help">
                {t('start.noteHelp')}
              </Text>
              {noteHasId && <p className="error-message">{t('start.noteHasId')}</p>}
            </TextField>
          </>
        )}

        <div className="actions">
          <Button type="submit" className="react-aria-Button button--large">
            {t('start.continue')}
          </Button>
        </div>
      </Form>
      <footer className="start__footer">
        {/* The device's own sign-out, not the advisor's: said so, they sit on one screen. */}
        <Button data-variant="secondary" onPress={onSignOut}>
          {t('start.signOutDevice')}
        </Button>
      </footer>
    </section>
  );
}

/**
 * "Palvelee nyt suomeksi ja ruotsiksi", "Asiantuntijoita ei ole nyt paikalla" or "Suljettu, aukeaa
 * ti 2.12. klo 8.00", in the reader's language, the language names inflected for the sentence.
 */
function AvailabilityLine({ id, now }: { id: string; now: AgencyAvailability }) {
  const { t, i18n } = useTranslation();
  const list = new Intl.ListFormat(localeOf(i18n.language), { type: 'conjunction' });
  const state = !now.open ? 'closed' : now.languages.length > 0 ? 'serving' : 'nobody';
  const text =
    state === 'serving'
      ? t('start.availability.serving', {
          inList: list.format(now.languages.map((l) => t(`common:language.in.${l}`))),
          nameList: list.format(now.languages.map((l) => t(`common:language.name.${l}`))),
        })
      : state === 'nobody'
        ? t('start.availability.nobody')
        : now.opensAt
          ? t('start.availability.closedUntil', { time: openingTime(i18n.language, now.opensAt) })
          : t('start.availability.closed');
  return (
    <span id={id} className="choice-tile__availability" data-state={state} aria-hidden="true">
      {text}
    </span>
  );
}
