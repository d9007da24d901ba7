import type { SignalingClient } from '@etapiste/call-client';
import type { Directory, Language, Session, WorkDetails } from '@etapiste/protocol';
import { useEffect, useRef, useState } from 'react';
import { Button, Form, Label, Text, TextArea, TextField } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { Names } from '../shared/names.js';
import { formatDuration, secondsSince } from '../shared/time.js';
import { CallStage } from './CallStage.js';

export interface TransferTarget {
  agency: string;
  language: Language;
  note?: string;
}

/** A session in progress: the call, what the customer came for, end or transfer. */
export function SessionView(props: {
  client: SignalingClient | undefined;
  session: Session;
  details: WorkDetails | undefined;
  directory: Directory | undefined;
  names: Names;
  now: number;
  busy: boolean;
  onEnd: () => void;
  onTransfer: (target: TransferTarget) => void;
}) {
  const { t } = useTranslation();
  const { session, details, names, now } = props;
  const heading = useRef<HTMLHeadingElement>(null);
  const [transferOpen, setTransferOpen] = useState(false);

  // biome-ignore lint/correctness/useExhaustiveDependencies: focus once per session, when it starts.
  useEffect(() => heading.current?.focus(), [session.sessionId]);

  return (
    <section className="session" aria-labelledby="session-heading">
      <div className="session__header">
        <h2 id="session-heading" ref={heading} tabIndex={-1}>
          {t('session.heading', { point: names.point(session.pointId) })}
        </h2>
        <p className="muted">
          {names.agency(session.agency)} ·{' '}
          <span lang={session.language}>{t(`common:languageName.${session.language}`)}</span>
          {details?.topic ? ` · ${names.topic(session.agency, details.topic)}` : ''} ·{' '}
          {t('session.duration', { time: formatDuration(secondsSince(session.answeredAt, now)) })}
        </p>
      </div>
      <div className="session__layout">
        <CallStage session={session} client={props.client} />
        <aside className="session__side" aria-label={t('session.details')}>
          <section className="card card--compact" aria-labelledby="advisor-note-heading">
            <h3 id="advisor-note-heading">{t('session.advisorNote')}</h3>
            <p>{details?.note ?? t('session.noNote')}</p>
            {details?.transferNote && (
              <p>
                <strong>{t('offer.transferNote')}:</strong> {details.transferNote}
              </p>
            )}
          </section>
          <div className="stack">
            <Button isDisabled={props.busy} onPress={props.onEnd}>
              {t('session.end')}
            </Button>
            <Button
              data-variant="secondary"
              isDisabled={props.busy}
              aria-expanded={transferOpen}
              aria-controls="transfer-form"
              onPress={() => setTransferOpen((open) => !open)}
            >
              {t('session.transfer')}
            </Button>
          </div>
          {transferOpen && (
            <TransferForm
              directory={props.directory}
              names={names}
              busy={props.busy}
              current={{ agency: session.agency, language: session.language }}
              onTransfer={props.onTransfer}
            />
          )}
        </aside>
      </div>
    </section>
  );
}

function TransferForm(props: {
  directory: Directory | undefined;
  names: Names;
  busy: boolean;
  current: { agency: string; language: Language };
  onTransfer: (target: TransferTarget) => void;
}) {
  const { t } = useTranslation();
  const agencies = props.directory?.agencies ?? [];
  const firstOther = agencies.find((a) => a.id !== props.current.agency) ?? agencies[0];
  const [agency, setAgency] = useState(firstOther?.id ?? '');
  const languages = agencies.find((a) => a.id === agency)?.languages ?? [];
  const [language, setLanguage] = useState<Language>(props.current.language);
  const chosenLanguage = languages.includes(language) ? language : (languages[0] ?? language);
  const first = useRef<HTMLSelectElement>(null);
  useEffect(() => first.current?.focus(), []);

  return (
    <Form
      id="transfer-form"
      className="card card--compact"
      aria-labelledby="transfer-heading"
      onSubmit={(event) => {
        event.preventDefault();
        const note = String(new FormData(event.currentTarget).get('note') ?? '').trim();
        props.onTransfer({ agency, language: chosenLanguage, ...(note ? { note } : {}) });
      }}
    >
      <h3 id="transfer-heading">{t('transfer.heading')}</h3>
      <div className="field">
        <label htmlFor="transfer-agency">{t('transfer.agency')}</label>
        <select id="transfer-agency" ref={first} value={agency} onChange={(e) => setAgency(e.target.value)}>
          {agencies.map((a) => (
            <option key={a.id} value={a.id}>
              {props.names.agency(a.id)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="transfer-language">{t('transfer.language')}</label>
        <select id="transfer-language" value={chosenLanguage} onChange={(e) => setLanguage(e.target.value as Language)}>
          {languages.map((l) => (
            <option key={l} value={l}>
              {t(`common:languageName.${l}`)}
            </option>
          ))}
        </select>
      </div>
      <TextField name="note" className="field" maxLength={500}>
        <Label>{t('transfer.note')}</Label>
        <TextArea rows={3} />
        <Text slot="description">{t('transfer.noteHelp')}</Text>
      </TextField>
      <Button type="submit" isDisabled={props.busy || !agency}>
        {t('transfer.submit')}
      </Button>
    </Form>
  );
}
