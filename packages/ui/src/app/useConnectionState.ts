import type { ConnectionState, SignalingClient } from '@etapiste/call-client';
import { useEffect, useState } from 'react';

export function useConnectionState(client: SignalingClient | undefined): ConnectionState {
  const [state, setState] = useState<ConnectionState>(client?.state ?? 'idle');
  useEffect(() => {
    if (!client) return;
    setState(client.state);
    return client.onState(setState);
  }, [client]);
  return state;
}
