import type { ConnectionState } from '@etapiste/call-client';
import { useTranslation } from 'react-i18next';

/** The connection state in words, announced politely when it changes. */
export function ConnectionStatus({ state }: { state: ConnectionState }) {
  const { t } = useTranslation('common');
  return (
    <p className={`connection connection--${state}`} role="status" aria-live="polite">
      <span className="connection__dot" aria-hidden="true" />
      {t(`connection.${state}`)}
    </p>
  );
}
