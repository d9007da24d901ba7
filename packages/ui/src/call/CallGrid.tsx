/**
 * The call's pictures as tiles that adapt to how many there are (two to four people, plus a
 * document camera or a shared screen): one tile fills the stage, two sit side by side, three or
 * four make a two-by-two grid. Each tile names its role and person on the picture, and the one
 * speaking now has an outline (and says so to screen readers).
 *
 * `pinned`: a sign-language interpreter's picture (issue 14). The customer must see the hands and the
 * face, so it comes first and takes the larger part of the stage, never smaller than anyone else's;
 * there is no control to make it smaller.
 */
import type { ParticipantRole } from '@etapiste/protocol';
import { useTranslation } from 'react-i18next';
import { Video } from './MediaTracks.js';

export interface CallTile {
  key: string;
  track: MediaStreamTrack;
  participantId: string;
  role: ParticipantRole;
  name: string;
  /** What the tile shows when not the face camera (a document camera, a shared screen), in words. */
  what?: string;
  mirrored?: boolean;
  /** This page's own picture. */
  self?: boolean;
}

export function CallGrid({
  tiles,
  speaker,
  pinned,
  className = '',
}: {
  tiles: CallTile[];
  /** The participant speaking now. */
  speaker: string | null;
  /** The participant pinned large (a sign-language interpreter), when in the call. */
  pinned?: string | undefined;
  className?: string;
}) {
  const { t } = useTranslation('participants');
  const count = Math.min(tiles.length, 4);
  const pinnedTile = pinned ? tiles.find((tile) => tile.participantId === pinned) : undefined;
  const ordered = pinnedTile ? [pinnedTile, ...tiles.filter((tile) => tile !== pinnedTile)] : tiles;
  const layout = pinnedTile && count > 1 ? 'call-grid--pinned' : `call-grid--${count}`;
  return (
    <ul className={`call-grid ${layout} ${className}`} data-testid="call-grid">
      {ordered.map((tile) => {
        // A point's name says what it is ("Asiointipiste Mikkeli"); a person's role goes before their name.
        const who = tile.self
          ? t('self')
          : tile.role === 'point'
            ? tile.name
            : t('tile', { role: t(`role.${tile.role}`), name: tile.name });
        const label = tile.what ? `${who}: ${tile.what}` : who;
        const speaking = tile.participantId === speaker && !tile.self;
        return (
          <li
            key={tile.key}
            className="call-grid__tile"
            data-role={tile.role}
            data-speaking={speaking || undefined}
            data-participant={tile.participantId}
            data-pinned={tile === pinnedTile || undefined}
          >
            <Video track={tile.track} label={label} className="call-grid__video" mirrored={tile.mirrored ?? false} />
            <span className="call-grid__name" aria-hidden="true">
              {label}
            </span>
            {speaking && <span className="visually-hidden">{t('speaking')}</span>}
          </li>
        );
      })}
    </ul>
  );
}
