import type { SignalingClient } from '@etapiste/call-client';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * "The customer's connection was lost": said as soon as the server tells (`session:peer`), instead
 * of a quality reading of a picture that no longer moves; gone again when the customer is back.
 * Nothing to press: the session ends as interrupted if they do not return within their grace.
 */
export function PeerLostBanner({ client, sessionId }: { client: SignalingClient | undefined; sessionId: string }) {
  const { t } = useTranslation();
  const [lost, setLost] = useState(false);
  useEffect(() => {
    setLost(false);
    if (!client) return;
    return client.on('session:peer', (peer) => {
      if (peer.sessionId === sessionId) setLost(peer.state === 'lost');
    });
  }, [client, sessionId]);
  if (!lost) return null;
  return (
    <p className="notice notice--warning peer-lost" role="alert" data-testid="peer-lost">
      {t('session.peerLost')}
    </p>
  );
}
