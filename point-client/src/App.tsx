import { AppFrame } from '@etapiste/ui';
import { useTranslation } from 'react-i18next';
import './point.css';
import { PointHome } from './screens/PointHome.js';
import { SignInScreen } from './screens/SignInScreen.js';
import { sessionTokens } from './services.js';

export function App() {
  const { t } = useTranslation();
  return (
    <AppFrame tokens={sessionTokens} title={t('title')} subtitle={t('subtitle')} signIn={<SignInScreen />}>
      {(session) => <PointHome session={session} />}
    </AppFrame>
  );
}
