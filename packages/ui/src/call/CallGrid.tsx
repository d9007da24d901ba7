/**
 * The call's pictures as tiles that adapt to how many there are (two to four people, plus a
 * document camera or a shared screen): one tile fills the stage, two sit side by side, three or
 * four make a two-by-two grid. Each tile names its role and person on the picture, and the one
 * speaking now has an outline (and says so to screen readers).
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
  className = '',
}: {
  tiles: CallTile[];
  /** The participant speaking now. */
  speaker: string | null;
  className?: string;
}) {
  const { t } = useTranslation('participants');
  const count = Math.min(tiles.length, 4);
  return (
    <ul className={`call-grid call-grid--${count} ${className}`} data-testid="call-grid">
      {tiles.map((tile) => {
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
