/**
 * Test helpers for the apps' components (`@etapiste/ui/testing`; never imported by app code):
 * render inside an app's i18n, its own texts with the shared ones, in the language asked for.
 */
import type { Language } from '@etapiste/protocol';
import { type RenderResult, render } from '@testing-library/react';
import type { i18n } from 'i18next';
import { createElement, type ReactElement } from 'react';
import { I18nextProvider } from 'react-i18next';
import { type AppResources, createI18n } from '../i18n.js';

export type RenderedIn = Omit<RenderResult, 'rerender'> & { i18n: i18n; rerender(element: ReactElement): void };

/** `const renderIn = rendererFor(resources)` in a test file, then `renderIn(<Screen />, 'sv')`. */
export function rendererFor(resources: AppResources): (ui: ReactElement, language?: Language) => RenderedIn {
  return function renderIn(ui, language = 'en') {
    const i18n = createI18n(resources, 'etapiste.test.language');
    void i18n.changeLanguage(language);
    const wrap = (element: ReactElement) => createElement(I18nextProvider, { i18n }, element);
    const result = render(wrap(ui));
    return { ...result, i18n, rerender: (element: ReactElement) => result.rerender(wrap(element)) };
  };
}
