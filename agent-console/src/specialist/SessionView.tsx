import type { SignalingClient } from '@etapiste/call-client';
import type { Directory, Language, Session, WorkDetails } from '@etapiste/protocol';
import {
  ChatPanel,
  DocumentsPanel,
  ParticipantNotice,
  ParticipantsPanel,
  useChat,
  useDocuments,
  useParticipants,
} from '@etapiste/ui';
import { useEffect, useRef, useState } from 'react';
import {
  Button,
  Dialog,
  DialogTrigger,
  Form,
  Heading,
  Label,
  Modal,
  Text,
  TextArea,
  TextField,
} from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { documentsApi } from '../services.js';
import type { Names } from '../shared/names.js';
import { formatDuration, secondsSince } from '../shared/time.js';
import { CallStage } from './CallStage.js';
import { InviteControl } from './InviteControl.js';
import { PeerLostBanner } from './PeerLostBanner.js';
import { type QueueGlances, queueKey, type WatchedQueue } from './useQueueGlance.js';

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
  /** Every queue now, for the transfer list (who is at work, how many wait). */
  queues: QueueGlances;
  now: number;
  busy: boolean;
  onEnd: () => void;
  onTransfer: (target: TransferTarget) => void;
  /** The interpreter's view of the call: the specialist ends and transfers it, not them. */
  interpreter?: boolean;
}) {
  const { t } = useTranslation();
  const { session, details, names, now } = props;
  const heading = useRef<HTMLHeadingElement>(null);
  const [transferOpen, setTransferOpen] = useState(false);
  const chat = useChat(props.client, session.sessionId);
  // Who is in the call: a supervisor who joins is said on screen, by a sound and to screen readers.
  const people = useParticipants(props.client, session.sessionId);
  const nameOf = (p: { pointId?: string | undefined; name: string }) => (p.pointId ? names.point(p.pointId) : p.name);
  const documents = useDocuments(props.client, documentsApi, session.sessionId);

  // biome-ignore lint/correctness/useExhaustiveDependencies: focus once per session, when it starts.
  useEffect(() => heading.current?.focus(), [session.sessionId]);

  return (
    <section className="session" aria-labelledby="session-heading">
      <div className="session__header">
        <h2 id="session-heading" ref={heading} tabIndex={-1}>
          {t('session.heading', { point: names.point(session.pointId) })}
        </h2>
        <p className="muted">
          {names.agency(session.agency)} · {t(`common:language.name.${session.language}`)}
          {details?.topic ? ` · ${names.topic(session.agency, details.topic)}` : ''} ·{' '}
          {t('session.duration', { time: formatDuration(secondsSince(session.answeredAt, now)) })}
        </p>
      </div>
      <PeerLostBanner client={props.client} sessionId={session.sessionId} />
      <ParticipantNotice participants={people} nameOf={nameOf} />
      <div className="session__layout">
        <CallStage session={session} client={props.client} />
        <aside className="session__side" aria-label={t('session.details')}>
          <section className="card card--compact" aria-labelledby="customer-heading">
            <h3 id="customer-heading">{t('session.customer')}</h3>
            <dl className="facts">
              <div>
                <dt>{t('offer.identity')}</dt>
                <dd data-identity-check={details?.identityCheck ?? 'not-recorded'}>
                  {details?.identityCheck
                    ? t(`common:identityCheck.${details.identityCheck}`)
                    : t('offer.identityNotRecorded')}
                </dd>
              </div>
              {details?.advisorName && (
                <div>
                  <dt>{t('offer.advisor')}</dt>
                  <dd>{details.advisorName}</dd>
                </div>
              )}
            </dl>
          </section>
          <section className="card card--compact" aria-labelledby="advisor-note-heading">
            <h3 id="advisor-note-heading">{t('session.advisorNote')}</h3>
            <p>{details?.note ?? t('session.noNote')}</p>
            {details?.transfer && (
              <p>
                {t('offer.transferredBy', {
                  name: details.transfer.byName,
                  queue: `${names.agency(details.transfer.fromAgency)} – ${t(`common:language.name.${details.transfer.fromLanguage}`)}`,
                })}
              </p>
            )}
            {details?.transferNote && (
              <p>
                <strong>
                  {details.transfer
                    ? t('offer.transferNoteBy', { name: details.transfer.byName })
                    : t('offer.transferNote')}
                  :
                </strong>{' '}
                {details.transferNote}
              </p>
            )}
          </section>
          <ParticipantsPanel
            participants={people}
            self={props.interpreter ? `interpreter:${session.interpreterId ?? ''}` : `expert:${session.expertId}`}
            nameOf={nameOf}
          />
          <ChatPanel chat={chat} self="expert" headingLevel={3} />
          <DocumentsPanel documents={documents} self="expert" headingLevel={3} />
          {!props.interpreter && (
            <InviteControl
              client={props.client}
              session={session}
              directory={props.directory}
              names={names}
              busy={props.busy}
            />
          )}
          {props.interpreter && (
            <p className="notice notice--info" data-testid="interpreting">
              {t('session.interpreting', {
                name: people.participants.find((p) => p.role === 'expert')?.name ?? '',
              })}
            </p>
          )}
          {/* Neither is the primary action; ending asks first, and "continue" is the dialog's default. */}
          <div className="stack" hidden={props.interpreter}>
            <Button
              data-variant="secondary"
              isDisabled={props.busy}
              aria-expanded={transferOpen}
              aria-controls="transfer-form"
              onPress={() => setTransferOpen((open) => !open)}
            >
              {t('session.transfer')}
            </Button>
            <DialogTrigger>
              <Button data-variant="secondary" className="react-aria-Button button--end" isDisabled={props.busy}>
                {t('session.end')}
              </Button>
              <Modal isDismissable className="react-aria-Modal confirm">
                <Dialog role="alertdialog" aria-labelledby="end-session-heading">
                  {({ close }) => (
                    <>
                      <Heading slot="title" id="end-session-heading">
                        {t('session.endConfirm.heading')}
                      </Heading>
                      <p>{t('session.endConfirm.body')}</p>
                      <div className="row">
                        <Button autoFocus onPress={close}>
                          {t('session.endConfirm.no')}
                        </Button>
                        <Button
                          data-variant="secondary"
                          onPress={() => {
                            close();
                            props.onEnd();
                          }}
                        >
                          {t('session.endConfirm.yes')}
                        </Button>
                      </div>
                    </>
                  )}
                </Dialog>
              </Modal>
            </DialogTrigger>
          </div>
          {transferOpen && (
            <TransferForm
              directory={props.directory}
              names={names}
              queues={props.queues}
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
  queues: QueueGlances;
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
              {props.names.agency(a.id)} –{' '}
              {t('transfer.agencyOnline', {
                count: a.languages.reduce((sum, l) => sum + (props.queues.get(queueKey(a.id, l))?.online ?? 0), 0),
              })}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="transfer-language">{t('transfer.language')}</label>
        <select id="transfer-language" value={chosenLanguage} onChange={(e) => setLanguage(e.target.value as Language)}>
          {languages.map((l) => {
            const queue = props.queues.get(queueKey(agency, l));
            return (
              <option key={l} value={l}>
                {t(`common:language.name.${l}`)}
                {queue ? ` – ${t('transfer.queueFigures', { online: queue.online, waiting: queue.waiting })}` : ''}
              </option>
            );
          })}
        </select>
      </div>
      <QueueSummary
        queue={props.queues.get(queueKey(agency, chosenLanguage))}
        label={`${props.names.agency(agency)} – ${t(`common:language.name.${chosenLanguage}`)}`}
      />
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

/** The chosen queue in words: who is at work there and how many wait, said as it changes. */
function QueueSummary(props: { queue: WatchedQueue | undefined; label: string }) {
  const { t } = useTranslation();
  const { queue } = props;
  return (
    <p className="transfer-summary" role="status">
      {queue
        ? t('transfer.summary', {
            queue: props.label,
            online: t('transfer.online', { count: queue.online }),
            available: queue.available,
            waiting: t('transfer.waiting', { count: queue.waiting }),
          })
        : ''}
    </p>
  );
}
