/**
 * The apps' bootstrap: their texts set up with the shared ones, the whole tree in StrictMode under
 * i18next, mounted on `#root`. Each app's `main.tsx` imports its styles and calls this once.
 */
import { type ReactElement, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { type AppResources, createI18n } from '../i18n.js';

export interface StartOptions {
  /** The app's own texts in fi, sv and en. */
  resources: AppResources;
  /** Where the device remembers the chosen language (one key per app). */
  languageKey: string;
}

export function startApp(app: ReactElement, { resources, languageKey }: StartOptions): void {
  const i18n = createI18n(resources, languageKey);
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root');
  createRoot(root).render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>{app}</I18nextProvider>
    </StrictMode>,
  );
}
