/**
 * Agencies: names in fi, sv and en, the languages served, the service-level target, opening hours
 * (weekly, dated exceptions, public holidays) and the topics and outcome codes specialists choose
 * from. Checked with the protocol's Agency schema before it is sent.
 */
import { Agency, LANGUAGES, type Language } from '@etapiste/protocol';
import { useMemo } from 'react';
import { Label, Radio, RadioGroup } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../reports/locale-format.js';
import type { AdminApi, AgencyItem } from './admin-api.js';
import { type AgencyDraft, agencyOfDraft, blankAgencyDraft, draftOfAgency } from './agency-draft.js';
import { duplicateIds, problemsOf } from './field-problems.js';
import { CheckGroup, NameFields, TextInput } from './fields.js';
import { NamedListFields } from './NamedListFields.js';
import { OpeningHoursFields } from './OpeningHoursFields.js';
import { ResourceAdmin, type ResourceSpec } from './ResourceAdmin.js';

export function AgenciesAdmin({ api }: { api: AdminApi }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Language;
  const spec = useMemo(
    (): ResourceSpec<'agencies', AgencyDraft> => ({
      kind: 'agencies',
      columns: [
        {
          header: t('admin.field.languages'),
          cell: (item: AgencyItem) => item.data.languages.map((l) => t(`common:language.name.${l}`)).join(', '),
        },
        {
          header: t('admin.field.target'),
          cell: (item: AgencyItem) =>
            t('admin.agencies.targetValue', {
              seconds: formatNumber(item.data.serviceLevelTargetSeconds, i18n.language, 0),
            }),
        },
      ],
      nameOf: (item) => item.data.name[lang] ?? item.data.id,
      blank: blankAgencyDraft,
      draftOf: (item) => draftOfAgency(item.data),
      check: (draft) => {
        const found = {
          ...duplicateIds(draft.topics, 'topics'),
          ...duplicateIds(draft.outcomes, 'outcomes'),
          ...problemsOf(Agency, agencyOfDraft(draft)),
        };
        // A repeated id is shown at the row that repeats it (duplicateIds), not at the whole list.
        for (const list of ['topics', 'outcomes']) if (found[list]?.kind === 'duplicate') delete found[list];
        // The form's own name for the target field.
        if (found.serviceLevelTargetSeconds) {
          found.target = { kind: 'number' };
          delete found.serviceLevelTargetSeconds;
        }
        if (found.bookingExclusiveMinutes) {
          found.exclusive = { kind: 'number' };
          delete found.bookingExclusiveMinutes;
        }
        if (found.chatKeptHours) {
          found.chatHours = { kind: 'hoursKept', params: { max: 720 } };
          delete found.chatKeptHours;
        }
        return found;
      },
      body: (draft) => ({ data: agencyOfDraft(draft) }),
      form: ({ draft, change, problems, isNew }) => (
        <>
          <div className="admin-grid">
            <TextInput
              label={t('admin.field.id')}
              description={t('admin.field.idHint')}
              value={draft.id}
              onChange={(id) => change((d) => ({ ...d, id }))}
              problem={problems.id}
              isDisabled={!isNew}
              isRequired
            />
            <TextInput
              label={t('admin.field.target')}
              description={t('admin.field.targetHint')}
              value={draft.target}
              onChange={(target) => change((d) => ({ ...d, target }))}
              problem={problems.target}
              isRequired
            />
            <TextInput
              label={t('admin.field.bookingExclusive')}
              description={t('admin.field.bookingExclusiveHint')}
              value={draft.exclusive}
              onChange={(exclusive) => change((d) => ({ ...d, exclusive }))}
              problem={problems.exclusive}
            />
            <TextInput
              label={t('admin.field.chatKeptHours')}
              description={t('admin.field.chatKeptHoursHint')}
              value={draft.chatHours}
              onChange={(chatHours) => change((d) => ({ ...d, chatHours }))}
              problem={problems.chatHours}
            />
          </div>
          <NameFields
            legend={t('admin.field.name')}
            value={draft.name}
            onChange={(name) => change((d) => ({ ...d, name }))}
            problems={problems}
            path="name"
          />
          <CheckGroup
            label={t('admin.field.languages')}
            options={LANGUAGES.map((l) => ({ id: l, label: t(`common:language.name.${l}`) }))}
            value={draft.languages}
            onChange={(languages) => change((d) => ({ ...d, languages: languages as Language[] }))}
            problem={problems.languages}
          />
          <RadioGroup
            className="admin-radios"
            value={draft.uncheckedIdentity}
            onChange={(choice) =>
              change((d) => ({ ...d, uncheckedIdentity: choice === 'refused' ? 'refused' : 'allowed' }))
            }
          >
            <Label className="admin-checks__label">{t('admin.field.uncheckedIdentity')}</Label>
            <Radio value="allowed" className="radio">
              {t('admin.field.uncheckedAllowed')}
            </Radio>
            <Radio value="refused" className="radio">
              {t('admin.field.uncheckedRefused')}
            </Radio>
          </RadioGroup>
          <OpeningHoursFields
            value={draft}
            onChange={(update) => change((d) => ({ ...d, ...update(d) }))}
            problems={problems}
          />
          <NamedListFields
            legend={t('admin.field.topics')}
            itemLabel={(n) => t('admin.agencies.topic', { number: n })}
            addLabel={t('admin.agencies.addTopic')}
            rows={draft.topics}
            onChange={(topics) => change((d) => ({ ...d, topics }))}
            problems={problems}
            path="topics"
          />
          <NamedListFields
            legend={t('admin.field.outcomes')}
            itemLabel={(n) => t('admin.agencies.outcome', { number: n })}
            addLabel={t('admin.agencies.addOutcome')}
            rows={draft.outcomes}
            onChange={(outcomes) => change((d) => ({ ...d, outcomes }))}
            problems={problems}
            path="outcomes"
          />
        </>
      ),
    }),
    [t, lang, i18n.language],
  );
  return <ResourceAdmin spec={spec} api={api} />;
}
