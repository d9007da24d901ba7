/**
 * A supervisor in a session's call (issue 14). They join announced — everyone in the call sees
 * "Supervisor <name> joined" and hears a sound — with the microphone off: it is published paused
 * and stays so until they turn it on here. They see and hear the customer (and the document
 * camera or a shared screen) and the specialist as named tiles, the speaker outlined, with who is
 * in the call beside. Leaving is announced the same way; a session that ends closes the call.
 *
 * An invited colleague (`as="consultant"`, issue 14) is in the call the same way, announced, with
 * their microphone on from the start; they leave with `session:leave-as-guest`.
 */
import type { SignalingClient } from '@etapiste/call-client';
import type { LiveSession, MediaSource, SessionParticipants } from '@etapiste/protocol';
import {
  Audio,
  CallGrid,
  type CallTile,
  ErrorMessage,
  ParticipantNotice,
  ParticipantsPanel,
  useActiveSpeaker,
  useCallMedia,
  useParticipants,
} from '@etapiste/ui';
import { useEffect, useRef, useState } from 'react';
import { Button, ToggleButton } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { Names } from '../shared/names.js';

const PUBLISH: readonly MediaSource[] = ['microphone', 'camera'];

export function SupervisorCall({
  client,
  joined,
  session,
  names,
  onClosed,
  as = 'supervisor',
  title,
}: {
  client: SignalingClient | undefined;
  /** The join's answer: the call's room and who was in it. */
  joined: SessionParticipants;
  /** The session as the wallboard lists it (a supervisor's join); an invited colleague has `title` instead. */
  session?: LiveSession;
  names: Names;
  /** Who is joining: a supervisor (muted at the join) or an invited colleague. */
  as?: 'supervisor' | 'consultant';
  /** The call's heading when there is no wallboard entry (an invited colleague). */
  title?: string;
  /** Back to the wallboard (after leaving, or once the session has ended). */
  onClosed(): void;
}) {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  const [ended, setEnded] = useState(false);
  const [leaving, setLeaving] = useState(false);
  const [error, setError] = useState<unknown>();
  const { sessionId, visitId } = joined;
  // The microphone is muted before the join, so it is produced paused: nobody hears the
  // supervisor until they turn it on themselves.
  const mute = useRef<(muted: boolean) => void>(undefined);
  const media = useCallMedia(client, {
    roomId: ended ? undefined : visitId,
    publish: PUBLISH,
    onJoining: () => {
      if (as === 'supervisor') mute.current?.(true);
    },
  });
  mute.current = media.setMicMuted;
  const people = useParticipants(client, sessionId);
  const speaker = useActiveSpeaker(client, visitId);

  useEffect(() => heading.current?.focus(), []);
  useEffect(() => {
    if (!client) return;
    return client.on('media:revoked', ({ roomId, reason }) => {
      if (roomId === visitId && reason === 'session-ended') setEnded(true);
    });
  }, [client, visitId]);

  const leave = async () => {
    if (!client) return;
    setLeaving(true);
    try {
      if (as === 'supervisor') await client.request('session:leave-as-supervisor', { sessionId });
      else await client.request('session:leave-as-guest', { sessionId });
      onClosed();
    } catch (failure) {
      setError(failure);
      setLeaving(false);
    }
  };

  const participants = people.participants.length > 0 ? people.participants : joined.participants;
  const byId = new Map(participants.map((p) => [p.participantId, p]));
  const nameOf = (p: { pointId?: string | undefined; name: string }) => (p.pointId ? names.point(p.pointId) : p.name);
  const tiles: CallTile[] = media.remote
    .filter((r) => r.kind === 'video')
    .map((r) => {
      const person = byId.get(r.participantId);
      const what =
        r.source === 'document-camera'
          ? t('supervise.call.documentCamera')
          : r.source === 'screen'
            ? t('supervise.call.screen')
            : undefined;
      return {
        key: r.producerId,
        track: r.track,
        participantId: r.participantId,
        role: person?.role ?? (r.participantId.startsWith('point:') ? 'point' : 'expert'),
        name: person ? nameOf(person) : '',
        ...(what ? { what } : {}),
      };
    });
  if (media.local.camera && !media.cameraOff) {
    tiles.push({
      key: 'self',
      track: media.local.camera,
      participantId: media.participantId ?? 'self',
      role: as,
      name: '',
      self: true,
      mirrored: true,
    });
  }

  return (
    <section className="supervisor-call" aria-labelledby="supervisor-call-heading" data-media-state={media.state}>
      <h2 id="supervisor-call-heading" ref={heading} tabIndex={-1}>
        {title ??
          (session
            ? t('supervise.call.heading', { point: names.point(session.pointId), expert: session.expertName })
            : '')}
      </h2>
      <ParticipantNotice participants={people} nameOf={nameOf} />
      {ended ? (
        <div className="card">
          <p role="status">{t('supervise.call.ended')}</p>
          <Button onPress={onClosed}>{t('supervise.call.back')}</Button>
        </div>
      ) : (
        <>
          <div className="supervisor-call__stage">
            {tiles.length > 0 ? (
              <CallGrid tiles={tiles.slice(0, 5)} speaker={speaker} />
            ) : (
              <p role="status">{t('supervise.call.connecting')}</p>
            )}
          </div>
          {media.remote
            .filter((r) => r.kind === 'audio')
            .map((a) => (
              <Audio key={a.producerId} track={a.track} />
            ))}
          <p className="supervisor-call__mic" role="status" data-muted={media.micMuted || undefined}>
            {media.micMuted ? t('supervise.call.micOff') : t('supervise.call.micOn')}
          </p>
          <div className="actions">
            <ToggleButton isSelected={!media.micMuted} onChange={(on) => media.setMicMuted(!on)}>
              {media.micMuted ? t('supervise.call.unmute') : t('supervise.call.mute')}
            </ToggleButton>
            <ToggleButton isSelected={media.cameraOff} onChange={media.setCameraOff}>
              {media.cameraOff ? t('supervise.call.cameraOn') : t('supervise.call.cameraOff')}
            </ToggleButton>
            <Button data-variant="secondary" isDisabled={leaving} onPress={() => void leave()}>
              {t('supervise.call.leave')}
            </Button>
          </div>
          <ErrorMessage error={error ?? media.error} />
        </>
      )}
      <ParticipantsPanel
        participants={{ participants, change: people.change }}
        self={media.participantId}
        nameOf={nameOf}
      />
    </section>
  );
}
