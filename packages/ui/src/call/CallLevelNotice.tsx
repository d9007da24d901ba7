/**
 * A call's level said in words, at the point and in the console alike: this side's own (a weak
 * network, or audio only chosen) and each other participant's as they announced it, always with
 * what continues ("video paused, audio continues"). One polite live region that is always there,
 * so a screen reader hears each change; "good again" is said once and then goes.
 */
import type { CallLevelState } from '@etapiste/call-client';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** How long "the connection is good again" stays on screen, ms. */
const RESTORED_MS = 8_000;

export function CallLevelNotice({
  own,
  peers,
}: {
  own: CallLevelState;
  /** The others' levels by participant id (`point:` or `expert:`); absent: full. */
  peers: Readonly<Record<string, CallLevelState>>;
}) {
  const { t } = useTranslation('common');
  const [restored, setRestored] = useState(false);
  const previous = useRef(own.level);
  useEffect(() => {
    const was = previous.current;
    previous.current = own.level;
    if (own.level !== 'full') {
      setRestored(false);
      return;
    }
    if (was === 'full') return;
    setRestored(true);
    const timer = setTimeout(() => setRestored(false), RESTORED_MS);
    return () => clearTimeout(timer);
  }, [own.level]);

  const lines: { key: string; text: string; weak: boolean }[] = [];
  if (own.level !== 'full') {
    const text = own.cause === 'chosen' ? t('callLevel.own.chosen') : t(`callLevel.own.${own.level}`);
    lines.push({ key: 'own', text, weak: own.cause === 'network' });
  } else if (restored) {
    lines.push({ key: 'own', text: t('callLevel.own.restored'), weak: false });
  }
  for (const [participantId, state] of Object.entries(peers)) {
    if (state.level === 'full') continue;
    const who = participantId.startsWith('point:') ? 'point' : 'expert';
    const text =
      state.cause === 'chosen' ? t(`callLevel.peer.${who}.chosen`) : t(`callLevel.peer.${who}.${state.level}`);
    lines.push({ key: participantId, text, weak: state.cause === 'network' });
  }

  return (
    <div className="call-level" role="status" aria-live="polite" data-testid="call-level">
      {lines.map((line) => (
        <p
          key={line.key}
          className={`call-level__line${line.weak ? ' call-level__line--weak' : ''}`}
          data-level-of={line.key}
        >
          {line.text}
        </p>
      ))}
    </div>
  );
}
