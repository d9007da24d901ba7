/**
 * A supervisor invited into a call by its specialist (issue 14): the invite rings whichever view is
 * open (`invite:incoming`, the same alert a colleague gets), and once accepted the call takes the
 * screen as a wallboard join does — announced as invited, microphone off until they turn it on
 * (SupervisorCall). After a reload or a dropped connection `work:current` brings back an invite
 * still ringing, or the call joined by invite.
 */
import type { ConnectionState, SignalingClient } from '@etapiste/call-client';
import type { CurrentWork, InviteIncoming, SessionParticipants } from '@etapiste/protocol';
import { ErrorMessage } from '@etapiste/ui';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Names } from '../shared/names.js';
import { useNow } from '../shared/time.js';
import { InviteAlert } from '../specialist/InviteAlert.js';
import { SupervisorCall } from './SupervisorCall.js';

export function InvitedSupervisor(props: {
  client: SignalingClient | undefined;
  connection: ConnectionState;
  names: Names;
  /** Only a supervisor (the console opened on supervising) is invited; anyone else sees the views alone. */
  enabled: boolean;
  /** The views shown while not in a call by invite. */
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const { client, connection, names } = props;
  const [invite, setInvite] = useState<InviteIncoming>();
  const [call, setCall] = useState<{ joined: SessionParticipants; title: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const now = useNow(500);

  const callOf = (joined: SessionParticipants, from: string) => ({
    joined,
    title: t('invite.supervisorCallTitle', { from }),
  });
  // What `work:current` brings back; a call already on screen stays as it is.
  const resume = useRef<(current: CurrentWork) => void>(undefined);
  resume.current = (current: CurrentWork) => {
    if (current.invite) setInvite(current.invite);
    const joined = current.guestCall;
    if (joined) {
      const from = joined.participants.find((p) => p.role === 'expert')?.name ?? '';
      setCall((was) => (was?.joined.sessionId === joined.sessionId ? was : callOf(joined, from)));
    }
  };

  const { enabled } = props;
  useEffect(() => {
    if (!client || !enabled) return;
    return client.on('invite:incoming', (incoming) => setInvite(incoming));
  }, [client, enabled]);
  useEffect(() => {
    if (connection !== 'connected' || !client || !enabled) return;
    let cancelled = false;
    client.request('work:current', {}).then(
      (current) => !cancelled && resume.current?.(current),
      (failure: unknown) => !cancelled && setError(failure),
    );
    return () => {
      cancelled = true;
    };
  }, [connection, client, enabled]);

  const answer = async (accept: boolean, ringing: InviteIncoming) => {
    if (!client) return;
    setBusy(true);
    setError(undefined);
    try {
      if (accept) {
        const joined = await client.request('invite:accept', { inviteId: ringing.inviteId });
        setCall(callOf(joined, ringing.from));
      } else {
        await client.request('invite:decline', { inviteId: ringing.inviteId });
      }
    } catch (failure) {
      setError(failure);
    } finally {
      setInvite(undefined);
      setBusy(false);
    }
  };

  if (call) {
    return (
      <SupervisorCall
        client={client}
        joined={call.joined}
        names={names}
        title={call.title}
        onClosed={() => setCall(undefined)}
      />
    );
  }
  // Until it is answered or its time is up (the server then ends it by itself).
  const ringing = invite && Date.parse(invite.expiresAt) > now ? invite : undefined;
  return (
    <>
      {ringing && (
        <InviteAlert
          invite={ringing}
          names={names}
          now={now}
          busy={busy || connection !== 'connected'}
          onAccept={() => void answer(true, ringing)}
          onDecline={() => void answer(false, ringing)}
        />
      )}
      <ErrorMessage error={error} />
      {props.children}
    </>
  );
}
