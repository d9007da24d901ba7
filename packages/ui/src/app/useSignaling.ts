/**
 * The page's signaling connection while the signed-in part of an app is shown: made and connected
 * on mount, closed on unmount (sign-out), with its state for the screen. Reconnection is the
 * client's own business (call-client's backoff schedule).
 */
import type { ConnectionState, SignalingClient } from '@etapiste/call-client';
import { useEffect, useState } from 'react';
import { useConnectionState } from './useConnectionState.js';

export function useSignaling(create: () => SignalingClient): {
  client: SignalingClient | undefined;
  connection: ConnectionState;
} {
  const [client, setClient] = useState<SignalingClient>();
  const connection = useConnectionState(client);

  // One connection per mount: `create` is the app's module-level factory, the same every render.
  useEffect(() => {
    const signaling = create();
    setClient(signaling);
    signaling.connect();
    return () => signaling.close();
  }, [create]);

  return { client, connection };
}
