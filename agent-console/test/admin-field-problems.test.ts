/**
 * The admin forms' checks before sending: the protocol's schemas turned into problems per field,
 * each said in words in fi, sv and en. What the server would refuse is caught at its field; what
 * it accepts passes untouched.
 */

import { AdminPerson, Agency, Municipality } from '@etapiste/protocol';
import { describe, expect, it } from '@jest/globals';
import { AdminApiError } from '../src/admin/admin-api.js';
import { duplicateIds, problemsOf } from '../src/admin/field-problems.js';
import { admin } from '../src/i18n/admin-resources.js';

const agency = {
  id: 'tax',
  name: { fi: 'Verohallinto', sv: 'Skatteförvaltningen', en: 'Tax Administration' },
  languages: ['fi', 'sv'],
  topics: [],
  outcomes: [{ id: 'resolved', name: { fi: 'Hoidettu', sv: 'Skött', en: 'Resolved' } }],
  serviceLevelTargetSeconds: 120,
  openingHours: { '1': { opens: '08:00', closes: '16:15' } },
  openingExceptions: [],
  publicHolidays: 'closed',
};

describe('problems before sending', () => {
  it('passes a draft the server accepts', () => {
    expect(problemsOf(Agency, agency)).toEqual({});
    expect(
      problemsOf(Municipality, { id: 'mikkeli', name: { fi: 'Mikkeli', sv: 'S:t Michel', en: 'Mikkeli' } }),
    ).toEqual({});
  });

  it('names each wrong field by its path, with what is wrong', () => {
    const problems = problemsOf(Agency, {
      ...agency,
      id: 'Tax Office',
      name: { ...agency.name, sv: '' },
      languages: [],
      serviceLevelTargetSeconds: Number.NaN,
      openingHours: { '1': { opens: '16:00', closes: '08:00' }, '2': { opens: '8', closes: '16:00' } },
      openingExceptions: [{ date: '2026-12-24' }, { date: '2026-12-24' }],
    });
    expect(problems).toEqual({
      id: { kind: 'slug' },
      'name.sv': { kind: 'required' },
      languages: { kind: 'chooseOne' },
      serviceLevelTargetSeconds: { kind: 'number' },
      'openingHours.1.closes': { kind: 'closesBeforeOpens' },
      'openingHours.2.opens': { kind: 'time' },
      openingExceptions: { kind: 'duplicate' },
    });
  });

  it('calls an empty field missing, a short one too short, a long one too long', () => {
    const person = {
      id: '',
      username: 'a',
      displayName: 'x'.repeat(101),
      roles: [],
      skills: [],
      agencies: [],
      points: [],
    };
    expect(problemsOf(AdminPerson, person)).toEqual({
      id: { kind: 'required' },
      username: { kind: 'tooShort', params: { min: 2 } },
      displayName: { kind: 'tooLong', params: { max: 100 } },
      roles: { kind: 'chooseOne' },
    });
  });

  it('finds an id listed twice at the repeat', () => {
    expect(duplicateIds([{ id: 'a' }, { id: 'b' }, { id: 'a' }], 'topics')).toEqual({
      'topics.2.id': { kind: 'duplicate' },
    });
  });

  it('has every problem and reason worded in fi, sv and en', () => {
    for (const texts of [admin.fi, admin.sv, admin.en]) {
      for (const kind of Object.keys(admin.fi.problem)) expect(texts.problem[kind as 'required']).toMatch(/\S/);
      for (const reason of ['agency-has-waiting-customers', 'specialist-in-session', 'point-serving-customer'])
        expect(texts.reason[reason as 'specialist-in-session']).toMatch(/\S/);
    }
  });
});

describe('refusals', () => {
  it('offers a reload for a stale edit, not for an id already taken', () => {
    expect(new AdminApiError('STALE_VERSION').stale).toBe(true);
    expect(new AdminApiError('CONFLICT', 'already-exists').stale).toBe(false);
    expect(new AdminApiError('IN_USE', 'specialist-in-session').stale).toBe(false);
  });
});
