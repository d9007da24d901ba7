import { LANGUAGES } from '@etapiste/protocol';
import { ToggleButton, ToggleButtonGroup } from 'react-aria-components';
import { useTranslation } from 'react-i18next';

/** Three buttons, each language in its own name and marked with its `lang` for screen readers. */
export function LanguageSwitcher() {
  const { t, i18n } = useTranslation('common');
  return (
    <ToggleButtonGroup
      aria-label={t('languageSwitcher.label')}
      selectionMode="single"
      disallowEmptySelection
      selectedKeys={[i18n.language]}
      onSelectionChange={(keys) => {
        const [next] = [...keys];
        if (typeof next === 'string') void i18n.changeLanguage(next);
      }}
      className="language-switcher"
    >
      {LANGUAGES.map((lng) => (
        <ToggleButton key={lng} id={lng} lang={lng} className="language-switcher__button">
          {t(`languageName.${lng}`)}
        </ToggleButton>
      ))}
    </ToggleButtonGroup>
  );
}
