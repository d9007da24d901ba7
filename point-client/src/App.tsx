import type { TokenPair } from '@etapiste/protocol';
import { LanguageSwitcher } from '@etapiste/ui';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import './point.css';
import { PointHome } from './screens/PointHome.js';
import { SignInScreen } from './screens/SignInScreen.js';
import { sessionTokens } from './services.js';

export function App() {
  const { t } = useTranslation();
  const [session, setSession] = useState<TokenPair | undefined>(sessionTokens.current);

  useEffect(() => {
    sessionTokens.start();
    const off = sessionTokens.onChange(setSession);
    return () => {
      off();
      sessionTokens.stop();
    };
  }, []);

  return (
    <>
      <a className="skip-link" href="#main">
        {t('common:skipToContent')}
      </a>
      <header className="app-header">
        <div>
          <p className="app-header__title">{t('title')}</p>
          <p className="muted">{t('subtitle')}</p>
        </div>
        <LanguageSwitcher />
      </header>
      <main id="main" className="app-main" tabIndex={-1}>
        {session ? <PointHome session={session} /> : <SignInScreen onSignedIn={(pair) => sessionTokens.set(pair)} />}
      </main>
    </>
  );
}
