/**
 * Agencies: names in fi, sv and en, the languages served, the service-level target, opening hours
 * (weekly, dated exceptions, public holidays) and the topics and outcome codes specialists choose
 * from. Checked with the protocol's Agency schema before it is sent.
 */
import { Agency, BOOKING_EXCLUSIVE_MINUTES_DEFAULT, LANGUAGES, type Language } from '@etapiste/protocol';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../reports/locale-format.js';
import type { AdminApi, AgencyItem } from './admin-api.js';
import { duplicateIds, problemsOf } from './field-problems.js';
import { CheckGroup, NameFields, TextInput } from './fields.js';
import { type NamedCode, NamedListFields } from './NamedListFields.js';
import { exceptionsOf, type HoursDraft, OpeningHoursFields } from './OpeningHoursFields.js';

import { ResourceAdmin, type ResourceSpec } from './ResourceAdmin.js';

interface Draft extends HoursDraft {
  id: string;
  name: { fi: string; sv: string; en: string };
  languages: Language[];
  /** As typed; a whole number of seconds when sent. */
  target: string;
  /** As typed; minutes a booked customer waits for the booked specialist only (empty: the default). */
  exclusive: string;
  topics: NamedCode[];
  outcomes: NamedCode[];
}

function dataOf(draft: Draft) {
  return {
    id: draft.id,
    name: draft.name,
    languages: LANGUAGES.filter((l) => draft.languages.includes(l)),
    topics: draft.topics,
    outcomes: draft.outcomes,
    serviceLevelTargetSeconds: /^\d+$/.test(draft.target.trim()) ? Number(draft.target.trim()) : Number.NaN,
    openingHours: draft.openingHours,
    openingExceptions: exceptionsOf(draft.openingExceptions),
    publicHolidays: draft.publicHolidays,
    ...(draft.exclusive.trim()
      ? {
          bookingExclusiveMinutes: /^\d+$/.test(draft.exclusive.trim()) ? Number(draft.exclusive.trim()) : Number.NaN,
        }
      : {}),
  };
}

export function AgenciesAdmin({ api }: { api: AdminApi }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Language;
  const spec = useMemo(
    (): ResourceSpec<'agencies', Draft> => ({
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
      blank: () => ({
        id: '',
        name: { fi: '', sv: '', en: '' },
        languages: ['fi', 'sv'],
        target: '120',
        exclusive: String(BOOKING_EXCLUSIVE_MINUTES_DEFAULT),
        topics: [],
        outcomes: [{ id: 'resolved', name: { fi: 'Asia hoidettu', sv: 'Ärendet skött', en: 'Resolved' } }],
        openingHours: Object.fromEntries(
          ['1', '2', '3', '4', '5'].map((d) => [d, { opens: '08:00', closes: '16:15' }]),
        ),
        openingExceptions: [],
        publicHolidays: 'closed',
      }),
      draftOf: (item) => {
        const data = structuredClone(item.data);
        return {
          id: data.id,
          name: data.name,
          languages: data.languages,
          target: String(data.serviceLevelTargetSeconds),
          exclusive: data.bookingExclusiveMinutes === undefined ? '' : String(data.bookingExclusiveMinutes),
          topics: data.topics,
          outcomes: data.outcomes,
          openingHours: data.openingHours,
          openingExceptions: (data.openingExceptions ?? []).map((e) => ({
            date: e.date,
            closed: e.hours === undefined,
            opens: e.hours?.opens ?? '10:00',
            closes: e.hours?.closes ?? '14:00',
          })),
          publicHolidays: data.publicHolidays ?? 'closed',
        };
      },
      check: (draft) => {
        const found = {
          ...duplicateIds(draft.topics, 'topics'),
          ...duplicateIds(draft.outcomes, 'outcomes'),
          ...problemsOf(Agency, dataOf(draft)),
        };
        // The form's own name for the target field.
        if (found.serviceLevelTargetSeconds) {
          found.target = { kind: 'number' };
          delete found.serviceLevelTargetSeconds;
        }
        if (found.bookingExclusiveMinutes) {
          found.exclusive = { kind: 'number' };
          delete found.bookingExclusiveMinutes;
        }
        return found;
      },
      body: (draft) => ({ data: dataOf(draft) }),
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
