import { SignInForm } from '@etapiste/ui';
import { useTranslation } from 'react-i18next';
import { authApi, sessionTokens } from '../services.js';

/** One-time device sign-in with the point id and the provisioned key. */
export function SignInScreen() {
  const { t } = useTranslation();
  return (
    <SignInForm
      heading={t('signIn.heading')}
      intro={t('signIn.intro')}
      fields={[
        { name: 'pointId', label: t('signIn.pointId'), description: t('signIn.pointIdHelp'), autoComplete: 'username' },
        { name: 'pointKey', label: t('signIn.pointKey'), autoComplete: 'current-password' },
      ]}
      submitLabel={t('signIn.submit')}
      signIn={(values) =>
        authApi.loginPoint({ pointId: (values.pointId ?? '').trim().toLowerCase(), pointKey: values.pointKey ?? '' })
      }
      onSignedIn={(pair) => sessionTokens.set(pair)}
    />
  );
}
