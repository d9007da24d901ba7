/**
 * The frame both apps share: a skip link, the header with the app's name and the language
 * switcher, the main region showing the sign-in until there is a session, then the app, and a
 * footer on every screen linking to the accessibility statement (which opens over the screen). The
 * session follows the token store (a refused refresh or a sign-out elsewhere goes back to sign-in).
 */
import type { SessionTokens } from '@etapiste/call-client';
import type { TokenPair } from '@etapiste/protocol';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitcher } from '../LanguageSwitcher.js';
import { AccessibilityStatementDialog, AccessibilityStatementLink } from './AccessibilityStatement.js';

export function AppFrame(props: {
  tokens: SessionTokens;
  title: string;
  subtitle?: string;
  signIn: ReactNode;
  children: (session: TokenPair) => ReactNode;
}) {
  const { t } = useTranslation('common');
  const { tokens } = props;
  const [session, setSession] = useState<TokenPair | undefined>(tokens.current);

  useEffect(() => {
    tokens.start();
    const off = tokens.onChange(setSession);
    return () => {
      off();
      tokens.stop();
    };
  }, [tokens]);

  return (
    <>
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <header className="app-header">
        <div>
          <p className="app-header__title">{props.title}</p>
          {props.subtitle && <p className="muted">{props.subtitle}</p>}
        </div>
        <LanguageSwitcher />
      </header>
      <main id="main" className="app-main" tabIndex={-1}>
        {session ? props.children(session) : props.signIn}
      </main>
      <footer className="app-footer">
        <AccessibilityStatementLink />
      </footer>
      <AccessibilityStatementDialog />
    </>
  );
}
