/**
 * @jest-environment jsdom
 */
/**
 * The agency form sends the whole agency on save (the server replaces it), so every rule the
 * agency has must come back unchanged from an edit that did not touch it, and the identity-check
 * rule and the chat's keeping time can be changed on the form. Earlier the form dropped both on
 * every save: an agency that refused unchecked customers silently allowed them after an edit.
 */
import { Agency } from '@etapiste/protocol';
import { rendererFor } from '@etapiste/ui/testing';
import { describe, expect, it, jest } from '@jest/globals';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { AgenciesAdmin } from '../src/admin/AgenciesAdmin.js';
import type { AdminApi, AgencyItem } from '../src/admin/admin-api.js';
import { agencyOfDraft, blankAgencyDraft, draftOfAgency } from '../src/admin/agency-draft.js';
import { resources } from '../src/i18n/resources.js';

const renderIn = rendererFor(resources);

const migri: AgencyItem = {
  version: 3,
  active: true,
  updatedAt: '2026-11-02T08:00:00.000Z',
  data: {
    id: 'migri',
    name: { fi: 'Maahanmuuttovirasto', sv: 'Migrationsverket', en: 'Finnish Immigration Service' },
    languages: ['fi', 'sv', 'en'],
    topics: [{ id: 'permit', name: { fi: 'Oleskelulupa', sv: 'Uppehållstillstånd', en: 'Residence permit' } }],
    outcomes: [{ id: 'resolved', name: { fi: 'Asia hoidettu', sv: 'Ärendet skött', en: 'Resolved' } }],
    serviceLevelTargetSeconds: 180,
    openingHours: { '1': { opens: '08:00', closes: '16:15' }, '3': { opens: '09:00', closes: '15:00' } },
    openingExceptions: [{ date: '2026-12-23' }, { date: '2026-12-30', hours: { opens: '10:00', closes: '14:00' } }],
    publicHolidays: 'closed',
    uncheckedIdentity: 'refused',
    chatKeptHours: 24,
    bookingExclusiveMinutes: 10,
  },
};

function fakeApi() {
  const update = jest.fn(async (_kind: string, _id: string, body: { version: number; data: unknown }) => ({
    ...migri,
    version: body.version + 1,
    data: body.data as AgencyItem['data'],
  }));
  const list = jest.fn(async () => [migri]);
  return { api: { list, update } as unknown as AdminApi, update };
}

/** What the form sent to `PUT /api/admin/agencies/:id`. */
function sentData(update: ReturnType<typeof fakeApi>['update']) {
  expect(update).toHaveBeenCalledTimes(1);
  const [kind, id, body] = update.mock.calls[0] ?? [];
  expect([kind, id, body?.version]).toEqual(['agencies', 'migri', 3]);
  return body?.data;
}

async function openEdit(lang: 'fi' | 'sv' | 'en', editLabel: string) {
  const { api, update } = fakeApi();
  renderIn(<AgenciesAdmin api={api} />, lang);
  fireEvent.click(await screen.findByRole('button', { name: `${editLabel}: ${migri.data.name[lang]}` }));
  return update;
}

describe('the agency draft', () => {
  it('gives back every field of a stored agency unchanged', () => {
    expect(agencyOfDraft(draftOfAgency(migri.data))).toEqual(migri.data);
    expect(Agency.safeParse(agencyOfDraft(draftOfAgency(migri.data))).success).toBe(true);
  });

  it('leaves the chat keeping out when empty (deleted at the end) and sends the identity rule of a new agency', () => {
    const data = agencyOfDraft(blankAgencyDraft());
    expect(data).not.toHaveProperty('chatKeptHours');
    expect(data.uncheckedIdentity).toBe('allowed');
    expect(agencyOfDraft({ ...blankAgencyDraft(), chatHours: 'day' }).chatKeptHours).toBeNaN();
  });
});

describe('the agency form', () => {
  it('saves an untouched agency with its identity rule and chat keeping as they were', async () => {
    const update = await openEdit('fi', 'Muokkaa');
    fireEvent.click(screen.getByRole('button', { name: 'Tallenna' }));
    await waitFor(() => expect(update).toHaveBeenCalled());
    expect(sentData(update)).toEqual(migri.data);
  });

  it('changes the identity rule and the chat keeping in Swedish', async () => {
    const update = await openEdit('sv', 'Redigera');
    expect((screen.getByRole('radio', { name: /^Betjänas inte/ }) as HTMLInputElement).checked).toBe(true);
    fireEvent.click(screen.getByRole('radio', { name: /^Kan betjänas/ }));
    fireEvent.change(screen.getByRole('textbox', { name: /^Chatten sparas/ }), { target: { value: '48' } });
    fireEvent.click(screen.getByRole('button', { name: 'Spara' }));
    await waitFor(() => expect(update).toHaveBeenCalled());
    expect(sentData(update)).toEqual({ ...migri.data, uncheckedIdentity: 'allowed', chatKeptHours: 48 });
  });

  it('refuses chat keeping beyond 720 hours at its field, in English, and sends nothing', async () => {
    const update = await openEdit('en', 'Edit');
    const hours = screen.getByRole('textbox', { name: /^Chat kept after the session/ });
    fireEvent.change(hours, { target: { value: '721' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(hours.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText('Write a whole number from 0 to 720.')).toBeTruthy();
    expect(update).not.toHaveBeenCalled();
  });
});
