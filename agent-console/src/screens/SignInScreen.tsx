import { SignInForm } from '@etapiste/ui';
import { useTranslation } from 'react-i18next';
import { authApi, sessionTokens } from '../services.js';

/** A specialist, supervisor or administrator signs in with username and password. */
export function SignInScreen() {
  const { t } = useTranslation();
  return (
    <SignInForm
      heading={t('signIn.heading')}
      fields={[
        { name: 'username', label: t('signIn.username'), autoComplete: 'username' },
        { name: 'password', label: t('signIn.password'), autoComplete: 'current-password' },
      ]}
      submitLabel={t('signIn.submit')}
      refusedHint={t('signIn.refusedHint')}
      signIn={(values) => authApi.login({ username: (values.username ?? '').trim(), password: values.password ?? '' })}
      onSignedIn={(pair) => sessionTokens.set(pair)}
    />
  );
}
