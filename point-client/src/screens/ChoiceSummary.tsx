import type { Directory, Language } from '@etapiste/protocol';
import { interpreterLanguageName } from '@etapiste/ui';
import { useTranslation } from 'react-i18next';

/**
 * "Verohallinto · ruotsi · Verokortti": what was asked for, on every screen after the start. The
 * language is named in the reader's language, like the rest of the line.
 */
export function ChoiceSummary(props: {
  directory: Directory;
  draft: { agency: string; language: Language; topic?: string | undefined; interpreterLanguage?: string | undefined };
}) {
  const { t, i18n } = useTranslation();
  const ui = i18n.language as Language;
  const agency = props.directory.agencies.find((a) => a.id === props.draft.agency);
  const topic = agency?.topics.find((item) => item.id === props.draft.topic);
  return (
    <p className="summary">
      <span className="summary__agency">{agency?.name[ui] ?? props.draft.agency}</span>
      <span aria-hidden="true"> · </span>
      <span className="visually-hidden">, {t('summary.language')} </span>
      <span>{t(`common:language.name.${props.draft.language}`)}</span>
      {topic && (
        <>
          <span aria-hidden="true"> · </span>
          <span className="visually-hidden">, {t('summary.topic')} </span>
          {topic.name[ui]}
        </>
      )}
      {props.draft.interpreterLanguage && (
        <>
          <span aria-hidden="true"> · </span>
          <span className="visually-hidden">, </span>
          {t('interpreter.summary', {
            language: interpreterLanguageName(t, i18n.language, props.draft.interpreterLanguage),
          })}
        </>
      )}
    </p>
  );
}
