/**
 * i18next set up the same way in both apps: the shared texts under `common`, the app's own under
 * `app`, the accessibility statement under `statement`, who is in a call under `participants`, the chosen language remembered on the device and mirrored to `<html lang>` for screen
 * readers.
 */
import type { Language } from '@etapiste/protocol';
import { LANGUAGES } from '@etapiste/protocol';
import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import * as statement from './locales/accessibility-statement.js';
import { en, fi, sv } from './locales/common.js';
import * as participants from './locales/participants.js';

export type AppResources = Record<Language, Record<string, unknown>>;

/** The locale numbers and dates are written in for each language: as in Finland (1.12.2026, 1 December 2026). */
export const LOCALES: Record<Language, string> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' };

/** The locale of an i18next language code, Finnish for anything unknown. */
export function localeOf(language: string): string {
  return LOCALES[language as Language] ?? LOCALES.fi;
}

export function createI18n(app: AppResources, storageKey: string, fallback: Language = 'fi'): i18n {
  const instance = i18next.createInstance();
  const stored = readStored(storageKey);
  void instance.use(initReactI18next).init({
    resources: {
      fi: { common: fi, app: app.fi, statement: statement.fi, participants: participants.texts.fi },
      sv: { common: sv, app: app.sv, statement: statement.sv, participants: participants.texts.sv },
      en: { common: en, app: app.en, statement: statement.en, participants: participants.texts.en },
    },
    lng: stored ?? fallback,
    fallbackLng: fallback,
    supportedLngs: [...LANGUAGES],
    ns: ['app', 'common', 'statement', 'participants'],
    defaultNS: 'app',
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  const mirror = (lng: string) => {
    if (typeof document !== 'undefined') document.documentElement.lang = lng;
    try {
      globalThis.localStorage?.setItem(storageKey, lng);
    } catch {
      // private mode: the choice lasts for this page only
    }
  };
  mirror(instance.language);
  instance.on('languageChanged', mirror);
  return instance;
}

function readStored(key: string): Language | undefined {
  try {
    const value = globalThis.localStorage?.getItem(key);
    return (LANGUAGES as readonly string[]).includes(value ?? '') ? (value as Language) : undefined;
  } catch {
    return undefined;
  }
}
