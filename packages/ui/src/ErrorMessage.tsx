import { CallClientError } from '@etapiste/call-client';
import { useTranslation } from 'react-i18next';

/** A server or network error as a translated sentence; the raw code never reaches the screen. */
export function ErrorMessage({ error }: { error: unknown }) {
  const { t } = useTranslation('common');
  if (!error) return null;
  const { code } = CallClientError.from(error);
  return (
    <p className="error-message" role="alert">
      {t(`errors.${code}`)}
    </p>
  );
}
