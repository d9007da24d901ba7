import type { AdvisorState } from '@etapiste/protocol';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';

/** Who works at the point now, with their sign-out (or a sign-in when it is optional). */
export function AdvisorBar({
  state,
  onSignOut,
  onSignIn,
}: {
  state: AdvisorState;
  onSignOut: () => void;
  onSignIn: () => void;
}) {
  const { t } = useTranslation();
  return (
    <section className="advisor-bar" aria-label={t('advisor.barLabel')}>
      {state.advisor ? (
        <>
          <span>{t('advisor.signedInAs', { name: state.advisor.displayName })}</span>
          <Button data-variant="secondary" onPress={onSignOut}>
            {t('advisor.signOut')}
          </Button>
        </>
      ) : (
        <>
          <span>{t('advisor.nobody')}</span>
          <Button data-variant="secondary" onPress={onSignIn}>
            {t('advisor.signIn')}
          </Button>
        </>
      )}
    </section>
  );
}
