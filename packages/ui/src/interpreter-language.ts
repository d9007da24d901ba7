/**
 * An interpreter's language by name in the reader's language (issue 14): the sign languages from
 * the common texts (Intl does not name them), the spoken ones from Intl.DisplayNames (`arabia`,
 * `arabiska`, `Arabic`), the code itself as the last resort. The point and the console both say it.
 */
import type { TFunction } from 'i18next';
import { localeOf } from './i18n.js';

export function interpreterLanguageName(t: TFunction, uiLanguage: string, code: string): string {
  if (code === 'fse' || code === 'fss') return t(`common:signLanguage.${code}`);
  try {
    return new Intl.DisplayNames([localeOf(uiLanguage)], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}
