import { AppFrame } from '@etapiste/ui';
import { useTranslation } from 'react-i18next';
import { HomeScreen } from './screens/HomeScreen.js';
import { SignInScreen } from './screens/SignInScreen.js';
import { sessionTokens } from './services.js';

export function App() {
  const { t } = useTranslation();
  return (
    <AppFrame tokens={sessionTokens} title={t('title')} signIn={<SignInScreen />}>
      {(session) => <HomeScreen session={session} />}
    </AppFrame>
  );
}
