import '@etapiste/ui/base.css';
import './console.css';
import { createI18n } from '@etapiste/ui';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { App } from './App.js';
import { resources } from './i18n/resources.js';

const i18n = createI18n(resources, 'etapiste.console.language');
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

createRoot(root).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <App />
    </I18nextProvider>
  </StrictMode>,
);
