import type { SignalingClient } from '@etapiste/call-client';
import type { MediaSource, Session } from '@etapiste/protocol';
import { Audio, AudioOnlyToggle, CallLevelNotice, ErrorMessage, qualityLevel, Video } from '@etapiste/ui';
import { useEffect, useRef, useState } from 'react';
import { Button, ToggleButton } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { CameraIcon } from '../shared/icons.js';
import { GuestGrid, isGuest } from './CallGuests.js';
import { useSpecialistMedia } from './useSpecialistMedia.js';

/** Sources the customer's side may show large, in the order offered to the specialist. */
const VIEWABLE: MediaSource[] = ['camera', 'document-camera', 'screen'];

/**
 * The call: the customer's video large, the document camera and the point's screen share one
 * press away from taking its place (enlarge), the specialist's own preview, mute and camera off,
 * audio only by hand, and the connection quality of both ends in words, with what a weak network
 * paused on either side (CallLevelNotice).
 */
export function CallStage({ session, client }: { session: Session; client: SignalingClient | undefined }) {
  const { t } = useTranslation();
  const call = useSpecialistMedia(client, session);
  // The customer's pictures; a guest's (a supervisor who joined) are tiles beside them (CallGuests.tsx).
  const videos = call.remote.filter((r) => r.kind === 'video' && !isGuest(r.participantId));
  const guests = call.remote.filter((r) => r.kind === 'video' && isGuest(r.participantId));
  const audios = call.remote.filter((r) => r.kind === 'audio');
  const [chosen, setChosen] = useState<MediaSource>('camera');
  const available = VIEWABLE.filter((source) => videos.some((v) => v.source === source));
  // A screen share that starts is what the advisor wants to show: it takes the stage until changed.
  const sharing = available.includes('screen');
  const previousSharing = useRef(false);
  useEffect(() => {
    if (sharing && !previousSharing.current) setChosen('screen');
    previousSharing.current = sharing;
  }, [sharing]);
  const mainSource = available.includes(chosen) ? chosen : available[0];
  // The document camera coming on is said (a live region that is always there) and one large
  // button puts it on the stage.
  const documentOn = available.includes('document-camera');
  const main = videos.find((v) => v.source === mainSource);
  const others = videos.filter((v) => v !== main);
  const customer = call.quality.find((q) => q.participantId.startsWith('point:'));
  const mine = call.quality.find((q) => q.participantId === call.participantId);

  return (
    <section className="call-stage" aria-labelledby="call-stage-heading" data-media-state={call.state}>
      <h3 id="call-stage-heading" className="visually-hidden">
        {t('session.video')}
      </h3>
      <CallLevelNotice own={call.level} peers={call.peerLevels} />
      <div className="call-stage__main">
        {main && guests.length > 0 ? (
          <GuestGrid
            client={client}
            session={session}
            main={main}
            label={t(`call.source.${main.source}`)}
            guests={guests}
          />
        ) : main ? (
          <Video track={main.track} label={t(`call.source.${main.source}`)} className="call-stage__remote" />
        ) : (
          <p className="call-stage__placeholder">
            <span className="call-stage__icon">
              <CameraIcon />
            </span>
            {call.state === 'joined' ? t('call.waitingForCustomer') : t('call.connecting')}
          </p>
        )}
        {call.local.camera && (
          <Video track={call.local.camera} label={t('call.ownPreview')} className="call-stage__self" mirrored />
        )}
      </div>
      <div className="call-stage__document">
        <p role="status" aria-live="polite">
          {documentOn ? t('call.documentCameraOn') : ''}
        </p>
        {documentOn && mainSource !== 'document-camera' && (
          <Button className="react-aria-Button button--large" onPress={() => setChosen('document-camera')}>
            {t('call.showDocumentCamera')}
          </Button>
        )}
      </div>
      {audios.map((a) => (
        <Audio key={a.producerId} track={a.track} />
      ))}
      <div className="call-stage__bar">
        {others.map((v) => (
          <Button
            key={v.producerId}
            className="react-aria-Button call-stage__thumb"
            data-variant="secondary"
            onPress={() => setChosen(v.source)}
          >
            <Video track={v.track} label="" className="call-stage__thumb-video" />
            <span>{t('call.enlarge', { source: t(`call.source.${v.source}`) })}</span>
          </Button>
        ))}
        <div className="call-stage__controls">
          <ToggleButton className="react-aria-Button" isSelected={call.micMuted} onChange={call.setMicMuted}>
            {call.micMuted ? t('call.unmute') : t('call.mute')}
          </ToggleButton>
          <ToggleButton className="react-aria-Button" isSelected={call.cameraOff} onChange={call.setCameraOff}>
            {call.cameraOff ? t('call.cameraOn') : t('call.cameraOff')}
          </ToggleButton>
          <AudioOnlyToggle on={call.audioOnly} onChange={call.setAudioOnly} />
        </div>
        <p className="call-stage__quality" role="status">
          {t('call.qualityCustomer', { level: t(`common:quality.${qualityLevel(customer)}`) })}
          {' · '}
          {t('call.qualityOwn', { level: t(`common:quality.${qualityLevel(mine)}`) })}
        </p>
      </div>
      {call.deviceProblem && (
        <p className="error-message" role="alert">
          {t('call.deviceProblem')}
        </p>
      )}
      <ErrorMessage error={call.error} />
    </section>
  );
}
