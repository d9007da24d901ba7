import '@etapiste/ui/base.css';
import './console.css';
import { startApp } from '@etapiste/ui';
import { App } from './App.js';
import { resources } from './i18n/resources.js';

startApp(<App />, { resources, languageKey: 'etapiste.console.language' });
