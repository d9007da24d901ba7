/**
 * An interpreter's language by name in the reader's language: the sign languages from the app's
 * texts (Intl does not name them), the spoken ones from Intl.DisplayNames (`arabia`, `arabiska`,
 * `Arabic`), the code itself as the last resort.
 */

import { localeOf } from '@etapiste/ui';
import type { TFunction } from 'i18next';

export function interpreterLanguageName(t: TFunction, uiLanguage: string, code: string): string {
  if (code === 'fse' || code === 'fss') return t(`interpreter.signLanguage.${code}`);
  try {
    return new Intl.DisplayNames([localeOf(uiLanguage)], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}
