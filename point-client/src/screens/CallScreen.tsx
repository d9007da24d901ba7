import type { ConnectionState, SignalingClient } from '@etapiste/call-client';
import { type Directory, type Language, SIGN_LANGUAGES, type TicketView } from '@etapiste/protocol';
import {
  Audio,
  AudioOnlyToggle,
  CallLevelNotice,
  ChatPanel,
  DocumentsPanel,
  ErrorMessage,
  qualityLevel,
  useChat,
  useDocuments,
  Video,
} from '@etapiste/ui';
import { Button, Dialog, DialogTrigger, Heading, Modal, ToggleButton } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { CameraIcon, DocumentIcon, MicIcon, ScreenIcon, SpeakerIcon } from '../components/icons.js';
import { ScreenHeading } from '../components/ScreenHeading.js';
import type { PointMedia } from '../media/usePointMedia.js';
import { documentsApi } from '../services.js';
import { PeopleGrid, PeopleNotice, PeoplePanel, useCallPeople } from './CallPeople.js';

interface Props {
  ticket: TicketView;
  /** The session's chat goes over the point's connection. */
  client?: SignalingClient | undefined;
  sessionId?: string | undefined;
  directory: Directory;
  media: PointMedia;
  connection: ConnectionState;
  busy?: boolean;
  /** The advisor confirmed ending the call. */
  onLeave?: () => void;
  /** The specialist's connection is lost (`session:peer`): their picture is frozen, not live. */
  peerLost?: boolean;
  /** While it is lost: end the call and queue again first in line (`true`), or just end it. */
  onLeaveLost?: (requeue: boolean) => void;
}

/**
 * The call: the specialist large (their shared screen when they share one), the customer's own
 * picture small, and four big controls — microphone, camera, showing a paper on the document
 * camera, sharing this terminal's screen — with the connection's quality in words. While the
 * connection is being restored a clear message says so; nothing needs pressing.
 */
export function CallScreen({
  ticket,
  directory,
  media,
  connection,
  busy = false,
  onLeave,
  peerLost = false,
  onLeaveLost,
  client,
  sessionId,
}: Props) {
  const { t, i18n } = useTranslation();
  const ui = i18n.language as Language;
  const agency = directory.agencies.find((a) => a.id === ticket.agency);
  // The specialist's pictures; a guest's (a supervisor's) are tiles of their own (CallPeople.tsx).
  const people = useCallPeople(client, sessionId, ticket.visitId, media.remote, directory);
  const videos = media.remote.filter((r) => r.kind === 'video' && !people.isGuest(r.participantId));
  const audios = media.remote.filter((r) => r.kind === 'audio');
  const main = videos.find((v) => v.source === 'screen') ?? videos.find((v) => v.source === 'camera') ?? videos[0];
  const others = videos.filter((v) => v !== main);
  const mine = media.quality.find((q) => q.participantId === media.participantId);
  const level = qualityLevel(mine);
  const reconnecting = media.state === 'recovering' || connection === 'reconnecting';
  const chat = useChat(client, sessionId);
  const documents = useDocuments(client, documentsApi, sessionId);

  return (
    <section aria-labelledby="call-heading" className="call" data-media-state={media.state}>
      <ScreenHeading id="call-heading" className="visually-hidden">
        {t('call.heading', { agency: agency?.name[ui] ?? ticket.agency })}
      </ScreenHeading>
      {reconnecting && (
        <p className="call__reconnecting" role="alert">
          {t('call.reconnecting')}
        </p>
      )}
      {peerLost && !reconnecting && (
        <div className="call__peer-lost notice notice--warning" role="alert" data-testid="peer-lost">
          <p>{t('call.peerLost.text')}</p>
          {onLeaveLost && (
            <div className="actions">
              <Button isDisabled={busy} onPress={() => onLeaveLost(true)}>
                {t('call.peerLost.requeue')}
              </Button>
              <Button data-variant="secondary" isDisabled={busy} onPress={() => onLeaveLost(false)}>
                {t('call.peerLost.leave')}
              </Button>
            </div>
          )}
        </div>
      )}
      <CallLevelNotice own={media.level} peers={media.peerLevels} />
      <PeopleNotice call={people} />
      <div className="call__stage">
        {main && people.guests.length > 0 ? (
          <PeopleGrid
            call={people}
            main={main}
            signLanguage={SIGN_LANGUAGES.has(ticket.interpreterLanguage ?? '')}
            label={main.source === 'screen' ? t('call.specialistScreen') : t('call.specialist')}
          />
        ) : main ? (
          <Video
            track={main.track}
            label={main.source === 'screen' ? t('call.specialistScreen') : t('call.specialist')}
            className="call__remote"
          />
        ) : (
          <p className="call__placeholder" role="status">
            {peerLost ? t('call.peerLost.quality') : t('call.connecting')}
          </p>
        )}
        <div className="call__selves">
          {others.map((v) => (
            <Video key={v.producerId} track={v.track} label={t('call.other')} className="call__thumb" />
          ))}
          {media.documentCamera && (
            <Video track={media.documentCamera} label={t('call.documentPreview')} className="call__thumb" />
          )}
          {media.camera && !media.cameraOff && (
            <Video track={media.camera} label={t('call.self')} className="call__thumb call__self" mirrored />
          )}
        </div>
      </div>
      {audios.map((a) => (
        <Audio key={a.producerId} track={a.track} />
      ))}
      <div className="call__bar">
        <div className="call__controls">
          <ToggleButton className="react-aria-Button control" isSelected={media.micMuted} onChange={media.setMicMuted}>
            <MicIcon off={media.micMuted} />
            {t('call.mute')}
          </ToggleButton>
          <ToggleButton
            className="react-aria-Button control"
            isSelected={media.cameraOff}
            onChange={media.setCameraOff}
          >
            <CameraIcon off={media.cameraOff} />
            {t('call.cameraOff')}
          </ToggleButton>
          <ToggleButton
            className="react-aria-Button control"
            isSelected={Boolean(media.documentCamera)}
            onChange={(on) => void media.setDocumentCameraOn(on)}
          >
            <DocumentIcon />
            {t('call.document')}
          </ToggleButton>
          <ToggleButton
            className="react-aria-Button control"
            isSelected={Boolean(media.screen)}
            onChange={(on) => void media.setScreenShared(on)}
          >
            <ScreenIcon />
            {t('call.screen')}
          </ToggleButton>
          <AudioOnlyToggle className="react-aria-Button control" on={media.audioOnly} onChange={media.setAudioOnly}>
            <SpeakerIcon />
          </AudioOnlyToggle>
        </div>
        {/* A frozen picture is not "good": while the specialist is gone the quality says so. */}
        <p className={`call__quality call__quality--${peerLost ? 'poor' : level}`} role="status">
          <span className="call__quality-dot" aria-hidden="true" />
          {peerLost ? t('call.peerLost.quality') : t('call.quality', { level: t(`common:quality.${level}`) })}
        </p>
      </div>
      <p className="call__hint">{t('call.hint')}</p>
      <div className="call__side">
        <PeoplePanel call={people} self={media.participantId} />
        <ChatPanel chat={chat} self="point" />
        <DocumentsPanel documents={documents} self="point" />
      </div>
      {onLeave && (
        <div className="actions">
          {/* Ending is never one press away: a dialog asks first, and "continue" is its default. */}
          <DialogTrigger>
            <Button data-variant="secondary" isDisabled={busy}>
              {t('call.end')}
            </Button>
            <Modal isDismissable className="react-aria-Modal confirm">
              <Dialog role="alertdialog" aria-labelledby="end-call-heading">
                {({ close }) => (
                  <>
                    <Heading slot="title" id="end-call-heading">
                      {t('call.endConfirm.heading')}
                    </Heading>
                    <p>{t('call.endConfirm.body')}</p>
                    <div className="actions">
                      <Button autoFocus onPress={close}>
                        {t('call.endConfirm.no')}
                      </Button>
                      <Button
                        data-variant="secondary"
                        onPress={() => {
                          close();
                          onLeave();
                        }}
                      >
                        {t('call.endConfirm.yes')}
                      </Button>
                    </div>
                  </>
                )}
              </Dialog>
            </Modal>
          </DialogTrigger>
        </div>
      )}
      {(['document-camera', 'screen', 'microphone', 'camera'] as const).map(
        (source) =>
          media.problems[source] && (
            <p key={source} className="problem" role="alert">
              {t(`call.problem.${source}`)}
            </p>
          ),
      )}
      <ErrorMessage error={media.error} />
    </section>
  );
}
