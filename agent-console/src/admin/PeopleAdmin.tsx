/**
 * People: username, display name and roles (several at once), and what each role needs: an
 * expert's skills (agency × language), a supervisor's agencies, an advisor's service points. The
 * password is set when the person is created and may be replaced on an edit (left empty it stays).
 * A role's lists are sent only while the role is held, so unticking a role also takes its rights.
 */
import { AdminPerson, type Language, type PersonRole, type Skill } from '@etapiste/protocol';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminApi, AgencyItem, PersonItem, PointItem } from './admin-api.js';
import { problemsOf } from './field-problems.js';
import { CheckGroup, TextInput, useProblemText } from './fields.js';
import { ResourceAdmin, type ResourceSpec } from './ResourceAdmin.js';

const ROLES: readonly PersonRole[] = ['advisor', 'expert', 'supervisor', 'admin'];
const MIN_PASSWORD = 12;

interface Draft {
  id: string;
  username: string;
  displayName: string;
  roles: PersonRole[];
  skills: Skill[];
  agencies: string[];
  points: string[];
  password: string;
}

/** The person's data as sent: a role's list only while the role is held. */
function dataOf(draft: Draft) {
  const holds = (role: PersonRole) => draft.roles.includes(role);
  return {
    id: draft.id,
    username: draft.username,
    displayName: draft.displayName,
    roles: ROLES.filter(holds),
    skills: holds('expert') ? draft.skills : [],
    agencies: holds('supervisor') ? draft.agencies : [],
    points: holds('advisor') ? draft.points : [],
  };
}

export function PeopleAdmin({ api }: { api: AdminApi }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language as Language;
  const say = useProblemText();
  const [agencies, setAgencies] = useState<AgencyItem[]>([]);
  const [points, setPoints] = useState<PointItem[]>([]);
  // What the role lists choose from, read again whenever the people are.
  const onLoaded = useCallback(() => {
    api.list('agencies').then(setAgencies, () => setAgencies([]));
    api.list('points').then(setPoints, () => setPoints([]));
  }, [api]);

  const spec = useMemo((): ResourceSpec<'people', Draft> => {
    const agencyName = (id: string) => agencies.find((a) => a.data.id === id)?.data.name[lang] ?? id;
    const pointName = (id: string) => points.find((p) => p.data.id === id)?.data.name[lang] ?? id;
    const languageName = (code: string) => t(`common:language.name.${code}`);
    return {
      kind: 'people',
      onLoaded,
      columns: [
        { header: t('admin.field.username'), cell: (item: PersonItem) => item.data.username },
        {
          header: t('admin.field.roles'),
          cell: (item: PersonItem) => item.data.roles.map((r) => t(`admin.role.${r}`)).join(', '),
        },
        {
          header: t('admin.column.rights'),
          cell: (item: PersonItem) => (
            <ul className="admin-rights">
              {item.data.skills.map((s) => (
                <li key={`${s.agency}-${s.language}`}>
                  {agencyName(s.agency)} · {languageName(s.language)}
                </li>
              ))}
              {item.data.agencies.map((a) => (
                <li key={`a-${a}`}>{t('admin.people.supervises', { agency: agencyName(a) })}</li>
              ))}
              {item.data.points.map((p) => (
                <li key={`p-${p}`}>{t('admin.people.advisesAt', { point: pointName(p) })}</li>
              ))}
            </ul>
          ),
        },
      ],
      nameOf: (item) => item.data.displayName,
      blank: () => ({
        id: '',
        username: '',
        displayName: '',
        roles: [],
        skills: [],
        agencies: [],
        points: [],
        password: '',
      }),
      draftOf: (item) => ({ ...structuredClone(item.data), password: '' }),
      check: (draft, isNew) => {
        const found = problemsOf(AdminPerson, dataOf(draft));
        // The directory refuses a specialist with nothing to be offered (signaling's seed check).
        if (draft.roles.includes('expert') && draft.skills.length === 0) found.skills = { kind: 'chooseOne' };
        if (isNew && draft.password.length === 0) found.password = { kind: 'required' };
        else if (draft.password.length > 0 && draft.password.length < MIN_PASSWORD)
          found.password = { kind: 'tooShort', params: { min: MIN_PASSWORD } };
        return found;
      },
      body: (draft) => ({ data: dataOf(draft), ...(draft.password ? { password: draft.password } : {}) }),
      form: ({ draft, change, problems, isNew }) => {
        const holds = (role: PersonRole) => draft.roles.includes(role);
        return (
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
                label={t('admin.field.username')}
                value={draft.username}
                onChange={(username) => change((d) => ({ ...d, username }))}
                problem={problems.username}
                autoComplete="off"
                isRequired
              />
              <TextInput
                label={t('admin.field.displayName')}
                value={draft.displayName}
                onChange={(displayName) => change((d) => ({ ...d, displayName }))}
                problem={problems.displayName}
                isRequired
              />
              <TextInput
                label={t(isNew ? 'admin.field.password' : 'admin.field.newPassword')}
                description={t(isNew ? 'admin.field.passwordHint' : 'admin.field.newPasswordHint', {
                  min: MIN_PASSWORD,
                })}
                type="password"
                autoComplete="new-password"
                value={draft.password}
                onChange={(password) => change((d) => ({ ...d, password }))}
                problem={problems.password}
                isRequired={isNew}
              />
            </div>
            <CheckGroup
              label={t('admin.field.roles')}
              description={t('admin.field.rolesHint')}
              options={ROLES.map((r) => ({ id: r, label: t(`admin.role.${r}`) }))}
              value={draft.roles}
              onChange={(roles) => change((d) => ({ ...d, roles: roles as PersonRole[] }))}
              problem={problems.roles}
            />
            {holds('expert') && (
              <fieldset className="admin-fieldset">
                <legend>{t('admin.field.skills')}</legend>
                <p className="muted small">{t('admin.field.skillsHint')}</p>
                {problems.skills && <p className="error-message">{say(problems.skills)}</p>}
                {agencies
                  .filter((a) => a.active || draft.skills.some((s) => s.agency === a.data.id))
                  .map((agency) => (
                    <CheckGroup
                      key={agency.data.id}
                      className="admin-checks admin-checks--inline"
                      label={agency.data.name[lang]}
                      options={agency.data.languages.map((code) => ({ id: code, label: languageName(code) }))}
                      value={draft.skills.filter((s) => s.agency === agency.data.id).map((s) => s.language)}
                      onChange={(languages) =>
                        change((d) => ({
                          ...d,
                          skills: [
                            ...d.skills.filter((s) => s.agency !== agency.data.id),
                            ...(languages as Language[]).map((language) => ({ agency: agency.data.id, language })),
                          ],
                        }))
                      }
                    />
                  ))}
              </fieldset>
            )}
            {holds('supervisor') && (
              <CheckGroup
                label={t('admin.field.supervisedAgencies')}
                options={agencies
                  .filter((a) => a.active || draft.agencies.includes(a.data.id))
                  .map((a) => ({ id: a.data.id, label: a.data.name[lang] }))}
                value={draft.agencies}
                onChange={(list) => change((d) => ({ ...d, agencies: list }))}
                problem={problems.agencies}
              />
            )}
            {holds('advisor') && (
              <CheckGroup
                label={t('admin.field.advisorPoints')}
                options={points
                  .filter((p) => p.active || draft.points.includes(p.data.id))
                  .map((p) => ({ id: p.data.id, label: p.data.name[lang] }))}
                value={draft.points}
                onChange={(list) => change((d) => ({ ...d, points: list }))}
                problem={problems.points}
              />
            )}
          </>
        );
      },
    };
  }, [t, lang, onLoaded, agencies, points, say]);
  return <ResourceAdmin spec={spec} api={api} />;
}
