/**
 * Documents shared in the session, the same at the point and in the console: who sent each, its
 * type and size in the reader's words, a button to save it, and a file chooser to send one (PDF,
 * JPEG or PNG; the server checks the content). Announced politely as documents arrive.
 */
import type { SharedDocument } from '@etapiste/protocol';
import { useState } from 'react';
import { Button, FileTrigger } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../ErrorMessage.js';
import { localeOf } from '../i18n.js';
import type { Documents } from './useDocuments.js';

const TYPE_KEY: Record<SharedDocument['contentType'], 'pdf' | 'jpeg' | 'png'> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpeg',
  'image/png': 'png',
};

export function DocumentsPanel({
  documents,
  self,
  headingLevel = 2,
}: {
  documents: Documents;
  self: SharedDocument['from'];
  headingLevel?: 2 | 3;
}) {
  const { t, i18n } = useTranslation('common');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const size = new Intl.NumberFormat(localeOf(i18n.language), {
    style: 'unit',
    unit: 'kilobyte',
    maximumFractionDigits: 0,
  });

  const run = (work: Promise<void>) => {
    setBusy(true);
    setError(undefined);
    work.catch(setError).finally(() => setBusy(false));
  };

  return (
    <section className="documents card card--compact" aria-labelledby="documents-heading">
      <Heading id="documents-heading">{t('documents.heading')}</Heading>
      <ul className="documents__list" aria-live="polite">
        {documents.documents.length === 0 && <li className="documents__empty">{t('documents.empty')}</li>}
        {documents.documents.map((d) => (
          <li key={d.documentId} className="documents__item">
            <span>
              <strong>{d.name}</strong>{' '}
              <span className="documents__meta">
                {t(`documents.type.${TYPE_KEY[d.contentType]}`)}, {size.format(Math.max(1, Math.round(d.size / 1024)))}{' '}
                · {d.from === self ? t('documents.fromYou') : t(`documents.from.${d.from}`)}
              </span>
            </span>
            <Button
              data-variant="secondary"
              isDisabled={busy}
              aria-label={t('documents.saveNamed', { name: d.name })}
              onPress={() => run(documents.save(d))}
            >
              {t('documents.save')}
            </Button>
          </li>
        ))}
      </ul>
      <FileTrigger
        acceptedFileTypes={['application/pdf', 'image/jpeg', 'image/png']}
        onSelect={(files) => {
          const file = files?.[0];
          if (file) run(documents.upload(file));
        }}
      >
        <Button isDisabled={busy}>{t('documents.send')}</Button>
      </FileTrigger>
      <p className="documents__hint">{t('documents.hint')}</p>
      <ErrorMessage error={error} />
    </section>
  );
}
