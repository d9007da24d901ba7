export { ConnectionStatus } from './ConnectionStatus.js';
export { ErrorMessage } from './ErrorMessage.js';
export { type AppResources, createI18n } from './i18n.js';
export { LanguageSwitcher } from './LanguageSwitcher.js';
export { type CommonTexts, en as commonEn, fi as commonFi, sv as commonSv } from './locales/common.js';
export { useConnectionState } from './useConnectionState.js';
