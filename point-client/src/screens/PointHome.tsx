import type { ConnectionState, SignalingClient } from '@etapiste/call-client';
import type { Directory, Language, TokenPair } from '@etapiste/protocol';
import { ConnectionStatus, ErrorMessage, useSignaling } from '@etapiste/ui';
import { useEffect, useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { AdvisorBar } from '../advisor/AdvisorBar.js';
import { AdvisorSignInScreen } from '../advisor/AdvisorSignInScreen.js';
import { useAdvisor } from '../advisor/useAdvisor.js';
import { BookingsScreen } from '../bookings/BookingsScreen.js';
import { usePointMedia } from '../media/usePointMedia.js';
import { createSignaling, sessionTokens } from '../services.js';
import { SteppedAwayAlert, SteppedAwayList } from '../step-away/SteppedAwayPanel.js';
import { useSteppedAway } from '../step-away/useSteppedAway.js';
import { useAvailability } from '../visit/useAvailability.js';
import { useVisit } from '../visit/useVisit.js';
import { CallScreen } from './CallScreen.js';
import { DeviceCheckScreen } from './DeviceCheckScreen.js';
import { FeedbackScreen, ThanksScreen } from './FeedbackScreen.js';
import { InterruptedScreen } from './InterruptedScreen.js';
import { StartScreen } from './StartScreen.js';
import { UnavailableScreen } from './UnavailableScreen.js';
import { WaitingScreen } from './WaitingScreen.js';

/** How long the thanks stay before the start screen is back for the next customer. */
const THANKS_MS = 20_000;

/** The signed-in device: one connection, the visit's flow, and the media of the visit. */
export function PointHome({ session }: { session: TokenPair }) {
  const { client, connection } = useSignaling(createSignaling);
  return <PointFlow client={client} connection={connection} pointId={session.principal.pointId} />;
}

export function PointFlow({
  client,
  connection,
  pointId,
}: {
  client: SignalingClient | undefined;
  connection: ConnectionState;
  pointId: string | undefined;
}) {
  const { t, i18n } = useTranslation();
  const [directory, setDirectory] = useState<Directory>();
  const [directoryError, setDirectoryError] = useState<unknown>();
  const visit = useVisit(client, connection);
  const { phase } = visit;
  const mediaActive = ['check', 'unavailable', 'waiting', 'call'].includes(phase.name);
  const media = usePointMedia(client, connection, visit.visitId, mediaActive);
  // The agencies' tiles say who serves now: asked again every few seconds while the start is open.
  const availability = useAvailability(client, connection, phase.name === 'start');
  // The advisor signs in personally before starting a visit (where the deployment requires it).
  const advisor = useAdvisor(client, connection);
  // Customers who stepped away while their requests keep their places; alerted when one is near.
  const steppedAway = useSteppedAway(client, connection);
  const [wantsAdvisorSignIn, setWantsAdvisorSignIn] = useState(false);
  // The point's appointments (bookings/): opened from the start screen, back to it after.
  const [bookingsOpen, setBookingsOpen] = useState(false);
  const advisorState = advisor.state;
  const advisorSignInShown =
    advisorState !== undefined && !advisorState.advisor && (advisorState.required || wantsAdvisorSignIn);

  useEffect(() => {
    if (connection !== 'connected' || !client || directory) return;
    client.request('directory:get', {}).then(setDirectory, setDirectoryError);
  }, [connection, client, directory]);

  // Feedback is asked in the customer's language, once per session (the language can still be
  // changed by hand); the advisor's language comes back at the start.
  const advisorLanguage = useRef<string | undefined>(undefined);
  const askedIn = useRef<string | undefined>(undefined);
  const feedbackFor = phase.name === 'feedback' ? phase : undefined;
  useEffect(() => {
    if (!feedbackFor || askedIn.current === feedbackFor.sessionId) return;
    askedIn.current = feedbackFor.sessionId;
    advisorLanguage.current ??= i18n.language;
    if (i18n.language !== feedbackFor.language) void i18n.changeLanguage(feedbackFor.language);
  }, [feedbackFor, i18n]);
  useEffect(() => {
    if (phase.name === 'start' && advisorLanguage.current) {
      void i18n.changeLanguage(advisorLanguage.current);
      advisorLanguage.current = undefined;
    }
  }, [phase.name, i18n]);

  const restart = visit.restart;
  useEffect(() => {
    if (phase.name !== 'thanks') return;
    const timer = setTimeout(restart, THANKS_MS);
    return () => clearTimeout(timer);
  }, [phase.name, restart]);

  const point = directory?.points.find((p) => p.id === pointId);

  return (
    <div className="point" data-phase={phase.name}>
      <div className="point__status">
        <ConnectionStatus state={connection} />
      </div>
      <ErrorMessage error={directoryError} />
      {directory && <SteppedAwayAlert steppedAway={steppedAway} directory={directory} />}
      {!directory || (phase.name === 'start' && !advisorState) ? null : phase.name === 'start' && advisorSignInShown ? (
        <AdvisorSignInScreen
          pointName={point?.name[i18n.language as Language] ?? ''}
          onSignedIn={(state) => {
            setWantsAdvisorSignIn(false);
            advisor.signedIn(state);
          }}
          {...(advisorState.required ? {} : { onCancel: () => setWantsAdvisorSignIn(false) })}
        />
      ) : phase.name === 'start' && bookingsOpen ? (
        <BookingsScreen
          client={client}
          directory={directory}
          busy={visit.busy}
          onCheckedIn={(result) => {
            setBookingsOpen(false);
            if (result.request.status === 'queued') visit.checkedIn(result.request);
          }}
          onClose={() => setBookingsOpen(false)}
        />
      ) : phase.name === 'start' ? (
        <StartScreen
          advisorBar={
            advisorState && (
              <AdvisorBar
                state={advisorState}
                onSignOut={() => void advisor.signOut()}
                onSignIn={() => setWantsAdvisorSignIn(true)}
              />
            )
          }
          directory={directory}
          point={point}
          notice={phase.notice}
          opensAt={phase.opensAt}
          availability={availability}
          onChoose={visit.choose}
          onSignOut={() => sessionTokens.set(undefined)}
          steppedAway={
            <>
              <div className="actions">
                <Button data-variant="secondary" onPress={() => setBookingsOpen(true)}>
                  {t('bookings.open')}
                </Button>
              </div>
              <ErrorMessage error={visit.error} />
              <SteppedAwayList
                steppedAway={steppedAway}
                directory={directory}
                busy={visit.busy}
                onBack={(ticketId) => {
                  steppedAway.forget(ticketId);
                  void visit.stepBack(ticketId);
                }}
                onCancel={(ticketId) => {
                  steppedAway.forget(ticketId);
                  void client?.request('request:cancel', { ticketId }).catch(() => undefined);
                }}
              />
            </>
          }
        />
      ) : phase.name === 'check' ? (
        <DeviceCheckScreen
          draft={phase.draft}
          directory={directory}
          media={media}
          busy={visit.busy}
          error={visit.error}
          onBack={visit.back}
          onRequest={() => void visit.request(phase.draft)}
        />
      ) : phase.name === 'unavailable' ? (
        <UnavailableScreen
          draft={phase.draft}
          reason={phase.reason}
          languagesOnline={phase.languagesOnline}
          directory={directory}
          busy={visit.busy}
          error={visit.error}
          onWait={() => void visit.request(phase.draft, 'wait')}
          onLanguage={(language: Language) => void visit.request({ ...phase.draft, language })}
          onComeBackLater={visit.comeBackLater}
          onBack={visit.back}
        />
      ) : phase.name === 'waiting' ? (
        <WaitingScreen
          ticket={phase.ticket}
          transferredFromAgency={phase.transferredFromAgency}
          directory={directory}
          selfView={media.camera}
          busy={visit.busy}
          error={visit.error}
          onCancel={() => void visit.cancel()}
          onSwitchLanguage={(language: Language) => void visit.switchLanguage(language)}
          onComeBackLater={() => void visit.cancelAndComeBack()}
          onStepAway={(minutes: number) => void visit.stepAway(minutes)}
        />
      ) : phase.name === 'call' ? (
        <CallScreen
          client={client}
          sessionId={phase.sessionId}
          ticket={phase.ticket}
          directory={directory}
          media={media}
          connection={connection}
          busy={visit.busy}
          onLeave={() => void visit.leave()}
          peerLost={visit.peerLost !== undefined}
          onLeaveLost={(requeue: boolean) => void visit.leaveLost(requeue)}
        />
      ) : phase.name === 'interrupted' ? (
        <InterruptedScreen
          reason={phase.reason}
          busy={visit.busy}
          error={visit.error}
          onRequeue={() => void visit.requeue()}
          onFinish={visit.finishInterrupted}
        />
      ) : phase.name === 'feedback' ? (
        <FeedbackScreen busy={visit.busy} error={visit.error} onSubmit={(f) => void visit.submitFeedback(f)} />
      ) : (
        <ThanksScreen onDone={restart} />
      )}
    </div>
  );
}
