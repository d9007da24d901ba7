/** Municipalities: an id and a name in fi, sv and en. Points belong to one; billing rolls up by it. */
import { type Language, Municipality } from '@etapiste/protocol';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminApi, MunicipalityItem } from './admin-api.js';
import { problemsOf } from './field-problems.js';
import { NameFields, TextInput } from './fields.js';
import { ResourceAdmin, type ResourceSpec } from './ResourceAdmin.js';

type Draft = (typeof Municipality)['_input'];

export function MunicipalitiesAdmin({ api }: { api: AdminApi }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Language;
  const spec = useMemo(
    (): ResourceSpec<'municipalities', Draft> => ({
      kind: 'municipalities',
      columns: [],
      nameOf: (item: MunicipalityItem) => item.data.name[lang] ?? item.data.id,
      blank: () => ({ id: '', name: { fi: '', sv: '', en: '' } }),
      draftOf: (item) => structuredClone(item.data),
      check: (draft) => problemsOf(Municipality, draft),
      body: (draft) => ({ data: draft }),
      form: ({ draft, change, problems, isNew }) => (
        <>
          <TextInput
            label={t('admin.field.id')}
            description={t('admin.field.idHint')}
            value={draft.id}
            onChange={(id) => change((d) => ({ ...d, id }))}
            problem={problems.id}
            isDisabled={!isNew}
            isRequired
          />
          <NameFields
            legend={t('admin.field.name')}
            value={draft.name}
            onChange={(name) => change((d) => ({ ...d, name }))}
            problems={problems}
            path="name"
          />
        </>
      ),
    }),
    [t, lang],
  );
  return <ResourceAdmin spec={spec} api={api} />;
}
