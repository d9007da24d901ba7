/**
 * The specialist invites someone into the session under way (issue 14): a colleague of an agency ×
 * language (a consultation), an interpreter of the pool with the call's language, or a supervisor of
 * the session's agency (nothing more to choose). The server rings at whoever is free longest; the
 * answer (accepted, declined, rang out, cancelled) is said here in a polite live region. Who then
 * joins is announced to everyone by the participant list.
 */
import type { SignalingClient } from '@etapiste/call-client';
import type { Directory, InviteKind, Language, Session, SessionInviteResult } from '@etapiste/protocol';
import { ErrorMessage, interpreterLanguageName, localeOf } from '@etapiste/ui';
import { useEffect, useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { Names } from '../shared/names.js';

export function InviteControl(props: {
  client: SignalingClient | undefined;
  session: Session;
  directory: Directory | undefined;
  names: Names;
  busy: boolean;
}) {
  const { t, i18n } = useTranslation();
  const { session, names } = props;
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<InviteKind>('colleague');
  const [agency, setAgency] = useState(session.agency);
  const [language, setLanguage] = useState<Language>(session.language);
  const pool = (props.directory?.interpreting ?? []).filter((p) => p.serviceLanguage === session.language);
  const [interpreterLanguage, setInterpreterLanguage] = useState(pool[0]?.language ?? '');
  const [ringing, setRinging] = useState<SessionInviteResult>();
  const [said, setSaid] = useState('');
  const [error, setError] = useState<unknown>();
  const [sending, setSending] = useState(false);
  const agencies = props.directory?.agencies ?? [];
  const languages = agencies.find((a) => a.id === agency)?.languages ?? [];

  // The answer to the invite ringing now, said once.
  useEffect(() => {
    if (!props.client || !ringing) return;
    return props.client.on('invite:answered', ({ inviteId, outcome }) => {
      if (inviteId !== ringing.inviteId) return;
      setSaid(t(`invite.answered.${outcome}`, { name: ringing.inviteeName }));
      setRinging(undefined);
    });
  }, [props.client, ringing, t]);

  const send = async () => {
    if (!props.client) return;
    setSending(true);
    setError(undefined);
    setSaid('');
    try {
      const result = await props.client.request(
        'session:invite',
        kind === 'interpreter'
          ? { sessionId: session.sessionId, kind, interpreterLanguage }
          : kind === 'supervisor'
            ? { sessionId: session.sessionId, kind }
            : { sessionId: session.sessionId, kind, agency, language },
      );
      setRinging(result);
      const time = new Intl.DateTimeFormat(localeOf(i18n.language), { hour: 'numeric', minute: '2-digit' }).format(
        new Date(result.expiresAt),
      );
      setSaid(t('invite.ringing', { name: result.inviteeName, time }));
    } catch (failure) {
      setError(failure);
    } finally {
      setSending(false);
    }
  };

  return (
    <section className="invite stack">
      <Button
        data-variant="secondary"
        isDisabled={props.busy}
        aria-expanded={open}
        aria-controls="invite-form"
        onPress={() => setOpen((was) => !was)}
      >
        {t('invite.open')}
      </Button>
      <p role="status" aria-live="polite" data-testid="invite-status">
        {said}
      </p>
      {open && (
        <Form
          id="invite-form"
          className="card card--compact"
          aria-labelledby="invite-heading"
          onSubmit={(event) => {
            event.preventDefault();
            void send();
          }}
        >
          <h3 id="invite-heading">{t('invite.heading')}</h3>
          <div className="field">
            <label htmlFor="invite-kind">{t('invite.kind')}</label>
            <select id="invite-kind" value={kind} onChange={(event) => setKind(event.target.value as InviteKind)}>
              <option value="colleague">{t('invite.colleague')}</option>
              <option value="interpreter">{t('invite.interpreter')}</option>
              <option value="supervisor">{t('invite.supervisor')}</option>
            </select>
          </div>
          {kind === 'colleague' ? (
            <>
              <div className="field">
                <label htmlFor="invite-agency">{t('invite.agency')}</label>
                <select
                  id="invite-agency"
                  value={agency}
                  onChange={(event) => {
                    const next = agencies.find((a) => a.id === event.target.value);
                    setAgency(event.target.value);
                    if (next && !next.languages.includes(language)) setLanguage(next.languages[0] ?? language);
                  }}
                >
                  {agencies.map((a) => (
                    <option key={a.id} value={a.id}>
                      {names.agency(a.id)}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor="invite-language">{t('invite.language')}</label>
                <select
                  id="invite-language"
                  value={language}
                  onChange={(event) => setLanguage(event.target.value as Language)}
                >
                  {languages.map((l) => (
                    <option key={l} value={l}>
                      {t(`common:language.name.${l}`)}
                    </option>
                  ))}
                </select>
              </div>
            </>
          ) : kind === 'supervisor' ? (
            <p className="muted">{t('invite.supervisorHint')}</p>
          ) : pool.length > 0 ? (
            <div className="field">
              <label htmlFor="invite-interpreter">{t('invite.interpreterLanguage')}</label>
              <select
                id="invite-interpreter"
                value={interpreterLanguage}
                onChange={(event) => setInterpreterLanguage(event.target.value)}
              >
                {pool.map((p) => (
                  <option key={p.language} value={p.language}>
                    {interpreterLanguageName(t, i18n.language, p.language)}
                  </option>
                ))}
              </select>
            </div>
          ) : (
            <p>{t('invite.noInterpreters')}</p>
          )}
          <div className="row">
            <Button
              type="submit"
              isDisabled={
                sending || props.busy || ringing !== undefined || (kind === 'interpreter' && pool.length === 0)
              }
            >
              {t('invite.send')}
            </Button>
            <Button data-variant="secondary" onPress={() => setOpen(false)}>
              {t('invite.cancel')}
            </Button>
          </div>
          <ErrorMessage error={error} />
        </Form>
      )}
    </section>
  );
}
