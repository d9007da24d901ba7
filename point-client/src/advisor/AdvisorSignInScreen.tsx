import type { AdvisorState } from '@etapiste/protocol';
import { SignInForm } from '@etapiste/ui';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { authApi, sessionTokens } from '../services.js';

/**
 * The advisor's personal sign-in, after the device key opened the point. Their own account: each
 * visit then records who served the customer. The point stays signed in underneath.
 */
export function AdvisorSignInScreen({
  pointName,
  onSignedIn,
  onCancel,
}: {
  pointName: string;
  onSignedIn: (state: AdvisorState) => void;
  /** Set when signing in is optional: back to the start without. */
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="advisor-sign-in">
      <SignInForm<AdvisorState>
        heading={t('advisor.heading')}
        intro={t('advisor.intro', { point: pointName })}
        fields={[
          { name: 'username', label: t('advisor.username'), autoComplete: 'username' },
          { name: 'password', label: t('advisor.password'), autoComplete: 'current-password' },
        ]}
        submitLabel={t('advisor.submit')}
        refusedHint={t('advisor.refusedHint')}
        signIn={async (values) =>
          authApi.signInAdvisor(
            { username: (values.username ?? '').trim(), password: values.password ?? '' },
            await sessionTokens.accessToken(),
          )
        }
        onSignedIn={onSignedIn}
      />
      {onCancel && (
        <p className="advisor-sign-in__skip">
          <Button data-variant="secondary" onPress={onCancel}>
            {t('advisor.skip')}
          </Button>
        </p>
      )}
    </div>
  );
}
