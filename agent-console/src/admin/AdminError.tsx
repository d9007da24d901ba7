/**
 * A refusal from the admin API as sentences: the code's text (shared with the other screens), then
 * why, when the server said (`reason`: an agency with customers waiting, an id already taken…).
 * An edit made on an old version offers to load the entry as it is now; what was typed is then
 * replaced, so the button says so.
 */
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { AdminApiError } from './admin-api.js';

export function AdminError({ error, onReload }: { error: unknown; onReload?: () => void }) {
  const { t } = useTranslation();
  if (!error) return null;
  const failure = error instanceof AdminApiError ? error : new AdminApiError('NETWORK');
  const reason = failure.reason ? t(`admin.reason.${failure.reason}`, { defaultValue: '' }) : '';
  return (
    <div className="admin-error" role="alert">
      <p className="error-message">
        {t(`common:errors.${failure.code}`)}
        {reason ? ` ${reason}` : ''}
      </p>
      {failure.stale && onReload && (
        <Button data-variant="secondary" onPress={onReload}>
          {t('admin.reload')}
        </Button>
      )}
    </div>
  );
}
