import type { SignalingClient } from '@etapiste/call-client';
import type { Directory, Language, TokenPair } from '@etapiste/protocol';
import { ConnectionStatus, ErrorMessage, useConnectionState } from '@etapiste/ui';
import { useEffect, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { createSignaling, sessionTokens } from '../services.js';

/** The signed-in device: connected, showing its point and the agencies it can reach. */
export function ReadyScreen({ session }: { session: TokenPair }) {
  const { t, i18n } = useTranslation();
  const lang = (i18n.language as Language) ?? 'fi';
  const [client, setClient] = useState<SignalingClient>();
  const [directory, setDirectory] = useState<Directory>();
  const [error, setError] = useState<unknown>();
  const state = useConnectionState(client);

  useEffect(() => {
    const signaling = createSignaling();
    setClient(signaling);
    signaling.connect();
    return () => signaling.close();
  }, []);

  useEffect(() => {
    if (state !== 'connected' || !client) return;
    client.request('directory:get', {}).then(setDirectory, setError);
  }, [state, client]);

  const point = directory?.points.find((p) => p.id === session.principal.pointId);

  return (
    <section aria-labelledby="ready-heading">
      <div className="row">
        <h1 id="ready-heading">{t('ready.heading')}</h1>
        <ConnectionStatus state={state} />
      </div>
      <ErrorMessage error={error} />
      {point && (
        <dl className="card">
          <dt>{t('ready.point')}</dt>
          <dd>{point.name[lang]}</dd>
          <dt>{t('ready.municipality')}</dt>
          <dd>{point.municipality[lang]}</dd>
        </dl>
      )}
      {directory && (
        <section aria-labelledby="agencies-heading">
          <h2 id="agencies-heading">{t('ready.agencies')}</h2>
          <ul className="tiles">
            {directory.agencies.map((agency) => (
              <li key={agency.id} className="tile">
                <span className="tile__name">{agency.name[lang]}</span>
                <br />
                <span className="tile__meta">
                  {t('ready.languages')}: {agency.languages.map((l) => t(`common:languageName.${l}`)).join(', ')}
                </span>
              </li>
            ))}
          </ul>
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
