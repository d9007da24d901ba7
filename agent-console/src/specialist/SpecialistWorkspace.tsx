import type { ConnectionState, SignalingClient } from '@etapiste/call-client';
import type {
  ChoosableAwayReason,
  CurrentWork,
  Directory,
  InviteIncoming,
  Principal,
  SessionParticipants,
} from '@etapiste/protocol';
import { ErrorMessage } from '@etapiste/ui';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Names } from '../shared/names.js';
import { useNow } from '../shared/time.js';
import { SupervisorCall } from '../supervise/SupervisorCall.js';
import { InviteAlert } from './InviteAlert.js';
import { MyQueues } from './MyQueues.js';
import { OfferAlert } from './OfferAlert.js';
import { PresenceControls } from './PresenceControls.js';
import { SessionView, type TransferTarget } from './SessionView.js';
import { useQueueGlance } from './useQueueGlance.js';
import { StandbyMediaContext, useStandbyMedia } from './useSpecialistMedia.js';
import { useSpecialistWork } from './useSpecialistWork.js';
import { WrapUpView } from './WrapUpView.js';
import { type Presence, workPhase } from './work-state.js';

/** The specialist's day: availability and skills when idle; the offer, the session, the wrap-up. */
export function SpecialistWorkspace(props: {
  client: SignalingClient | undefined;
  connection: ConnectionState;
  directory: Directory | undefined;
  principal: Principal;
  names: Names;
}) {
  const { t } = useTranslation();
  const { client, connection, names } = props;
  // An interpreter works in the same view: offers (with a specialist), the call, no wrap-up.
  const interpreter = props.principal.role === 'interpreter';
  // An invite into a colleague's call (issue 14), and the call once joined as their guest.
  const [invite, setInvite] = useState<InviteIncoming>();
  const [guestCall, setGuestCall] = useState<{ joined: SessionParticipants; title: string }>();
  // After a reload: an invite still ringing, or the call joined by invite, comes back (issue 14).
  const resumeInvites = (current: CurrentWork) => {
    if (current.invite) setInvite(current.invite);
    const call = current.guestCall;
    if (call) {
      const from = call.participants.find((p) => p.role === 'expert')?.name ?? '';
      setGuestCall((was) =>
        was?.joined.sessionId === call.sessionId ? was : { joined: call, title: t('invite.callTitle', { from }) },
      );
    }
  };
  const { work, dispatch, error, setError } = useSpecialistWork(client, connection, interpreter, resumeInvites);
  const queues = useQueueGlance(client, connection);
  const [busy, setBusy] = useState(false);
  const now = useNow(500);
  const phase = workPhase(work);
  const offline = connection !== 'connected';
  useEffect(() => {
    if (!client) return;
    return client.on('invite:incoming', (incoming) => setInvite(incoming));
  }, [client]);
  // Until it is answered or its time is up (the server then moves the state on by itself).
  const ringingInvite = invite && Date.parse(invite.expiresAt) > now ? invite : undefined;
  // Camera and microphone wait on the SFU while the specialist works: an accept only starts receiving.
  // Interpreters join the visit's room at the accept (no standby room: theirs is not a specialist's).
  const standby = useStandbyMedia(client, props.principal.id, interpreter ? undefined : work.presence?.state);

  /** Runs one command; its error is shown translated, and the state follows the server's answer. */
  async function run<T>(command: (c: SignalingClient) => Promise<T>, then: (result: T) => void) {
    if (!client) return;
    setBusy(true);
    setError(undefined);
    try {
      then(await command(client));
    } catch (failure) {
      setError(failure);
      // The state may have moved on (offer gone, session ended elsewhere): ask again.
      client.request('work:current', {}).then(
        (current) => {
          dispatch({ type: 'resumed', work: current });
          resumeInvites(current);
        },
        () => {},
      );
    } finally {
      setBusy(false);
    }
  }

  const choose = (state: 'available' | 'away', reason?: ChoosableAwayReason) =>
    run(
      (c) => c.request('presence:set', reason ? { state, reason } : { state }),
      (presence) => dispatch({ type: 'presence', presence }),
    );

  const transfer = (target: TransferTarget) => {
    const { session } = work;
    if (!session) return;
    run(
      (c) => c.request('session:transfer', { sessionId: session.sessionId, ...target }),
      (ended) => {
        dispatch({
          type: 'session-ended',
          sessionId: ended.sessionId,
          wrapUpDeadline: ended.wrapUpDeadline,
          transferred: true,
        });
        // The answer says the wrap-up: no presence push comes to this connection for it.
        dispatch({ type: 'presence', presence: { state: 'wrap-up', since: ended.endedAt } });
      },
    );
  };

  if (guestCall) {
    return (
      <SupervisorCall
        client={client}
        joined={guestCall.joined}
        names={names}
        as="consultant"
        title={guestCall.title}
        onClosed={() => setGuestCall(undefined)}
      />
    );
  }

  return (
    <StandbyMediaContext.Provider value={interpreter ? undefined : standby}>
      {ringingInvite && phase === 'idle' && (
        <InviteAlert
          invite={ringingInvite}
          names={names}
          now={now}
          busy={busy || offline}
          onAccept={() =>
            run(
              (c) => c.request('invite:accept', { inviteId: ringingInvite.inviteId }),
              (joined) => {
                setInvite(undefined);
                setGuestCall({ joined, title: t('invite.callTitle', { from: ringingInvite.from }) });
              },
            ).finally(() => setInvite(undefined))
          }
          onDecline={() =>
            run(
              (c) => c.request('invite:decline', { inviteId: ringingInvite.inviteId }),
              // A specialist's or interpreter's presence (a supervisor's answer is empty).
              (answer) => 'state' in answer && dispatch({ type: 'presence', presence: answer as Presence }),
            ).finally(() => setInvite(undefined))
          }
        />
      )}
      <ErrorMessage error={error} />
      {work.wrapUpExpired && phase === 'idle' && (
        <p className="notice" role="status">
          {t('wrapUp.expired')}
        </p>
      )}
      {work.offerGone && phase === 'idle' && (
        <p className="notice" role="status">
          {t(`offer.gone.${work.offerGone}`)}
        </p>
      )}
      {phase === 'offer' && work.offer && (
        <OfferAlert
          offer={work.offer}
          accepted={work.acceptedOffer === work.offer.offerId}
          names={names}
          now={now}
          busy={busy || offline}
          onAccept={() => {
            const { offerId } = work.offer ?? {};
            if (offerId)
              run(
                (c) => c.request('offer:accept', { offerId }),
                // With an interpreter, the call starts (session:started) once the other side accepts too.
                // A session in the answer is not pushed to this connection again: the answer says it
                // started and that this specialist is in it.
                (answer) => {
                  if (!('sessionId' in answer)) {
                    dispatch({ type: 'offer-accepted-waiting', offerId: answer.offerId });
                    return;
                  }
                  dispatch({ type: 'session-started', session: answer });
                  dispatch({ type: 'presence', presence: { state: 'in-session', since: answer.answeredAt } });
                },
              );
          }}
          onDecline={() => {
            const { offerId } = work.offer ?? {};
            if (offerId)
              run(
                (c) => c.request('offer:decline', { offerId }),
                (presence) => {
                  dispatch({ type: 'offer-declined', offerId });
                  dispatch({ type: 'presence', presence });
                },
              );
          }}
        />
      )}
      {phase === 'session' && work.session && (
        <SessionView
          client={client}
          interpreter={interpreter}
          session={work.session}
          details={work.details}
          directory={props.directory}
          names={names}
          queues={queues}
          now={now}
          busy={busy || offline}
          onEnd={() => {
            const { sessionId } = work.session ?? {};
            if (sessionId)
              run(
                (c) => c.request('session:end', { sessionId }),
                (ended) => {
                  dispatch({
                    type: 'session-ended',
                    sessionId,
                    wrapUpDeadline: ended.wrapUpDeadline,
                    transferred: false,
                  });
                  // The answer says the wrap-up: no presence push comes to this connection for it.
                  dispatch({ type: 'presence', presence: { state: 'wrap-up', since: ended.endedAt } });
                },
              );
          }}
          onTransfer={transfer}
        />
      )}
      {phase === 'wrap-up' && work.session && work.wrapUpDeadline && (
        <WrapUpView
          session={work.session}
          deadline={work.wrapUpDeadline}
          transferred={work.transferred}
          customerLeft={work.customerLeft ?? false}
          names={names}
          now={now}
          busy={busy || offline}
          onSubmit={({ outcome, note, away }) => {
            const { sessionId } = work.session ?? {};
            if (sessionId)
              run(
                (c) =>
                  c.request('session:wrap-up', {
                    sessionId,
                    outcome,
                    ...(note ? { note } : {}),
                    // "Save and go away": away for another reason than a break or a meeting.
                    ...(away ? { awayReason: 'other' as const } : {}),
                  }),
                (presence) => {
                  dispatch({ type: 'wrapped-up', sessionId });
                  dispatch({ type: 'presence', presence });
                },
              );
          }}
        />
      )}
      {/* While an offer rings, the offer is the status: no "offer coming" beside it. */}
      {phase === 'idle' && !ringingInvite && (
        <PresenceControls presence={work.presence} disabled={offline} onChoose={choose} />
      )}
      {/* The camera's light is on while available: said, so nobody wonders who is watching. */}
      {!interpreter && phase === 'idle' && work.presence?.state === 'available' && standby.state === 'joined' && (
        <p className="muted" data-testid="standby-notice">
          {t('home.standby')}
        </p>
      )}
      {(phase === 'idle' || phase === 'offer') && (
        <MyQueues skills={props.principal.skills ?? []} queues={queues} names={names} now={now} />
      )}
    </StandbyMediaContext.Provider>
  );
}
