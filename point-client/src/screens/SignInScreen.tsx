import { PointKeyLogin } from '@etapiste/protocol';
import { SignInForm } from '@etapiste/ui';
import { useTranslation } from 'react-i18next';
import { authApi, sessionTokens } from '../services.js';

/** The server refuses a shorter key before looking it up: said here, before asking. */
const POINT_KEY_MIN = PointKeyLogin.shape.pointKey.minLength ?? undefined;

/** One-time device sign-in with the point id and the provisioned key. */
export function SignInScreen() {
  const { t } = useTranslation();
  return (
    <SignInForm
      heading={t('signIn.heading')}
      intro={t('signIn.intro')}
      fields={[
        { name: 'pointId', label: t('signIn.pointId'), description: t('signIn.pointIdHelp'), autoComplete: 'username' },
        {
          name: 'pointKey',
          label: t('signIn.pointKey'),
          autoComplete: 'current-password',
          ...(POINT_KEY_MIN ? { minLength: POINT_KEY_MIN } : {}),
        },
      ]}
      submitLabel={t('signIn.submit')}
      refusedHint={t('signIn.refusedHint')}
      signIn={(values) =>
        authApi.loginPoint({ pointId: (values.pointId ?? '').trim().toLowerCase(), pointKey: values.pointKey ?? '' })
      }
      onSignedIn={(pair) => sessionTokens.set(pair)}
    />
  );
}
