/**
 * Service points: an id, a name in fi, sv and en, and the municipality it belongs to (chosen from
 * the municipalities). A row also opens the point's device key (PointKeyDialog).
 */
import { AdminPoint, type Language } from '@etapiste/protocol';
import { useCallback, useMemo, useState } from 'react';
import {
  Button,
  FieldError,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  Select,
  SelectValue,
  Text,
} from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { AdminApi, MunicipalityItem, PointItem } from './admin-api.js';
import { problemsOf } from './field-problems.js';
import { NameFields, TextInput, useProblemText } from './fields.js';
import { PointKeyDialog } from './PointKeyDialog.js';
import { ResourceAdmin, type ResourceSpec } from './ResourceAdmin.js';

type Draft = (typeof AdminPoint)['_input'];

export function PointsAdmin({ api }: { api: AdminApi }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Language;
  const say = useProblemText();
  const [municipalities, setMunicipalities] = useState<MunicipalityItem[]>([]);
  // The municipalities to choose from, read again whenever the points are (one may be new).
  const onLoaded = useCallback(() => {
    api.list('municipalities').then(setMunicipalities, () => setMunicipalities([]));
  }, [api]);

  const spec = useMemo(
    (): ResourceSpec<'points', Draft> => ({
      kind: 'points',
      onLoaded,
      columns: [
        { header: t('admin.column.municipality'), cell: (item: PointItem) => item.data.municipality[lang] },
        {
          header: t('admin.column.deviceKey'),
          cell: (item: PointItem) => (item.hasKey ? t('admin.key.inForce') : t('admin.key.none')),
        },
      ],
      nameOf: (item) => item.data.name[lang] ?? item.data.id,
      blank: () => ({ id: '', name: { fi: '', sv: '', en: '' }, municipalityId: '' }),
      draftOf: (item) => ({
        id: item.data.id,
        name: structuredClone(item.data.name),
        municipalityId: item.data.municipalityId ?? '',
      }),
      check: (draft) => {
        const found = problemsOf(AdminPoint, draft);
        if (!draft.municipalityId) found.municipalityId = { kind: 'chooseOne' };
        return found;
      },
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
          <Select
            className="field"
            selectedKey={draft.municipalityId || null}
            onSelectionChange={(key) => change((d) => ({ ...d, municipalityId: String(key ?? '') }))}
            isInvalid={Boolean(problems.municipalityId)}
            isRequired
            validationBehavior="aria"
            placeholder={t('admin.field.choose')}
          >
            <Label>{t('admin.field.municipality')}</Label>
            <Button data-variant="secondary" className="react-aria-Button admin-select">
              <SelectValue />
              <span aria-hidden="true"> ▾</span>
            </Button>
            {municipalities.length === 0 && <Text slot="description">{t('admin.points.noMunicipalities')}</Text>}
            <FieldError>{say(problems.municipalityId)}</FieldError>
            <Popover>
              <ListBox className="listbox">
                {municipalities
                  .filter((m) => m.active || m.data.id === draft.municipalityId)
                  .map((m) => (
                    <ListBoxItem key={m.data.id} id={m.data.id} className="listbox__item">
                      {m.data.name[lang]}
                    </ListBoxItem>
                  ))}
              </ListBox>
            </Popover>
          </Select>
        </>
      ),
      rowActions: (item, reload) => (
        <PointKeyDialog api={api} point={item} name={item.data.name[lang]} onChanged={reload} />
      ),
    }),
    [t, lang, api, onLoaded, municipalities, say],
  );
  return <ResourceAdmin spec={spec} api={api} />;
}
