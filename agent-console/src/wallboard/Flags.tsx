import { useTranslation } from 'react-i18next';
import type { Flag } from './thresholds.js';

/** A queue's or an agency's attention flags in words with a symbol, or "OK" with a tick. */
export function Flags({ flags }: { flags: Flag[] }) {
  const { t } = useTranslation();
  if (flags.length === 0) {
    return (
      <span className="small ok">
        <span aria-hidden="true">✓ </span>
        {t('wallboard.ok')}
      </span>
    );
  }
  return (
    <ul className="flags">
      {flags.map((flag) => (
        <li key={flag} className="flag">
          <span aria-hidden="true">⚠ </span>
          {t(`wallboard.flag.${flag}`)}
        </li>
      ))}
    </ul>
  );
}
