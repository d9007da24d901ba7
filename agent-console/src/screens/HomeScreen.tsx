import type { SignalingClient } from '@etapiste/call-client';
import type { ChoosableAwayReason, Directory, Language, ServerPayload, TokenPair } from '@etapiste/protocol';
import { ConnectionStatus, ErrorMessage, useConnectionState } from '@etapiste/ui';
import { useEffect, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { createSignaling, sessionTokens } from '../services.js';
import { PresenceControls } from './PresenceControls.js';

type Presence = ServerPayload<'presence:changed'>;

/** The signed-in console: who I am, what I serve, and (specialists) my availability. */
export function HomeScreen({ session }: { session: TokenPair }) {
  const { t, i18n } = useTranslation();
  const lang = (i18n.language as Language) ?? 'fi';
  const { principal } = session;
  const [client, setClient] = useState<SignalingClient>();
  const [directory, setDirectory] = useState<Directory>();
  const [presence, setPresence] = useState<Presence>();
  const [error, setError] = useState<unknown>();
  const state = useConnectionState(client);

  useEffect(() => {
    const signaling = createSignaling();
    setClient(signaling);
    const off = signaling.on('presence:changed', setPresence);
    signaling.connect();
    return () => {
      off();
      signaling.close();
    };
  }, []);

  useEffect(() => {
    if (state !== 'connected' || !client) return;
    client.request('directory:get', {}).then(setDirectory, setError);
    if (principal.role === 'expert') client.request('presence:get', {}).then(setPresence, setError);
  }, [state, client, principal.role]);

  const agencyName = (id: string) => directory?.agencies.find((a) => a.id === id)?.name[lang] ?? id;

  async function choose(next: 'available' | 'away', reason?: ChoosableAwayReason) {
    if (!client) return;
    setError(undefined);
    try {
      setPresence(await client.request('presence:set', reason ? { state: next, reason } : { state: next }));
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <section aria-labelledby="home-heading">
      <div className="row">
        <h1 id="home-heading">{t('home.greeting', { name: principal.displayName })}</h1>
        <ConnectionStatus state={state} />
      </div>
      <p className="muted">{t(`home.role.${principal.role}`)}</p>
      <ErrorMessage error={error} />
      {principal.role === 'expert' && (
        <>
          <PresenceControls presence={presence} disabled={state !== 'connected'} onChoose={choose} />
          <section className="card" aria-labelledby="skills-heading">
            <h2 id="skills-heading">{t('home.skills')}</h2>
            <ul>
              {(principal.skills ?? []).map((skill) => (
                <li key={`${skill.agency}-${skill.language}`}>
                  {agencyName(skill.agency)} –{' '}
                  <span lang={skill.language}>{t(`common:languageName.${skill.language}`)}</span>
                </li>
              ))}
            </ul>
          </section>
        </>
      )}
      {principal.role !== 'expert' && (
        <section className="card" aria-labelledby="agencies-heading">
          <h2 id="agencies-heading">{t('home.agencies')}</h2>
          {principal.role === 'admin' ? (
            <p>{t('home.allAgencies')}</p>
          ) : (
            <ul>
              {(principal.agencies ?? []).map((id) => (
                <li key={id}>{agencyName(id)}</li>
              ))}
            </ul>
          )}
        </section>
      )}
      <p>
        <Button data-variant="secondary" onPress={() => sessionTokens.set(undefined)}>
          {t('common:actions.signOut')}
        </Button>
      </p>
    </section>
  );
}
