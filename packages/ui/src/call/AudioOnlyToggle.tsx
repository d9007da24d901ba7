/**
 * Audio only, chosen by hand (both apps): a real toggle button (Space and Enter press it, its
 * pressed state is announced), its purpose said next to it; the other side is told by the media
 * session and says so in words (CallLevelNotice).
 */
import { type ReactNode, useId } from 'react';
import { ToggleButton } from 'react-aria-components';
import { useTranslation } from 'react-i18next';

export function AudioOnlyToggle({
  on,
  onChange,
  className = 'react-aria-Button',
  children,
}: {
  on: boolean;
  onChange: (on: boolean) => void;
  className?: string;
  /** An icon before the words (the point's large controls have one). */
  children?: ReactNode;
}) {
  const { t } = useTranslation('common');
  const hint = useId();
  return (
    <>
      <ToggleButton className={className} isSelected={on} onChange={onChange} aria-describedby={hint}>
        {children}
        {t('callLevel.audioOnly.label')}
      </ToggleButton>
      <span id={hint} className="visually-hidden">
        {t('callLevel.audioOnly.hint')}
      </span>
    </>
  );
}
