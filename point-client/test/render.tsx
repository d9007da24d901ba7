/** Renders a component inside the point app's i18n, in the language asked for. */
import type { Language } from '@etapiste/protocol';
import { createI18n } from '@etapiste/ui';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { I18nextProvider } from 'react-i18next';
import { resources } from '../src/i18n/resources.js';

export function renderIn(ui: ReactElement, language: Language = 'en') {
  const i18n = createI18n(resources, 'etapiste.point.test.language');
  void i18n.changeLanguage(language);
  const wrap = (element: ReactElement) => <I18nextProvider i18n={i18n}>{element}</I18nextProvider>;
  const result = render(wrap(ui));
  return { ...result, i18n, rerender: (element: ReactElement) => result.rerender(wrap(element)) };
}
