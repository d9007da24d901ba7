/**
 * The sessions in progress of the supervisor's agencies, on the wallboard, each with a button to
 * join its call. Joining is never one press away and never silent: a dialog says first that
 * everyone in the call — the customer included — will see and hear it, and that the microphone
 * stays off until turned on. A refusal (another agency, another supervisor in it, the session
 * over) is said in words where the list is.
 */
import type { SignalingClient } from '@etapiste/call-client';
import type { LiveSession, SessionParticipants } from '@etapiste/protocol';
import { ErrorMessage } from '@etapiste/ui';
import { useState } from 'react';
import { Button, Dialog, DialogTrigger, Heading, Modal } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { Names } from '../shared/names.js';
import { TableScroll } from '../shared/TableScroll.js';
import { formatDuration, secondsSince } from '../shared/time.js';

export function LiveSessions({
  sessions,
  client,
  names,
  now,
  onJoined,
}: {
  sessions: LiveSession[];
  client: SignalingClient | undefined;
  names: Names;
  now: number;
  onJoined(joined: SessionParticipants, session: LiveSession): void;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const join = async (session: LiveSession) => {
    if (!client) return;
    setBusy(true);
    setError(undefined);
    try {
      onJoined(await client.request('session:join-as-supervisor', { sessionId: session.sessionId }), session);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <ErrorMessage error={error} />
      {sessions.length === 0 ? (
        <p>{t('supervise.none')}</p>
      ) : (
        <TableScroll labelledBy="live-caption">
          <table className="figures" data-testid="live-sessions">
            <caption id="live-caption">{t('supervise.liveCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('supervise.column.point')}</th>
                <th scope="col">{t('supervise.column.queue')}</th>
                <th scope="col">{t('supervise.column.expert')}</th>
                <th scope="col">{t('supervise.column.duration')}</th>
                <th scope="col">{t('supervise.column.supervisor')}</th>
                <th scope="col">{t('supervise.column.action')}</th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((s) => (
                <tr key={s.sessionId} data-session={s.sessionId}>
                  <th scope="row">{names.point(s.pointId)}</th>
                  <td>
                    {t('wallboard.queueName', {
                      agency: names.agency(s.agency),
                      language: t(`wallboard.language.${s.language}`),
                    })}
                  </td>
                  <td>{s.expertName}</td>
                  <td className="num">{formatDuration(secondsSince(s.answeredAt, now))}</td>
                  <td>{s.supervisorName ?? '–'}</td>
                  <td>
                    <DialogTrigger>
                      <Button
                        isDisabled={busy || !client}
                        aria-label={t('supervise.joinLabel', { point: names.point(s.pointId), expert: s.expertName })}
                      >
                        {t('supervise.join')}
                      </Button>
                      <Modal isDismissable className="react-aria-Modal confirm">
                        <Dialog role="alertdialog" aria-labelledby="join-call-heading">
                          {({ close }) => (
                            <>
                              <Heading slot="title" id="join-call-heading">
                                {t('supervise.confirm.heading')}
                              </Heading>
                              <p>{t('supervise.confirm.body')}</p>
                              <div className="actions">
                                <Button
                                  onPress={() => {
                                    close();
                                    void join(s);
                                  }}
                                >
                                  {t('supervise.confirm.yes')}
                                </Button>
                                <Button data-variant="secondary" autoFocus onPress={close}>
                                  {t('supervise.confirm.no')}
                                </Button>
                              </div>
                            </>
                          )}
                        </Dialog>
                      </Modal>
                    </DialogTrigger>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}
