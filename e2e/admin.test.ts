/**
 * The administrators' screens against the real stack in Chromium. The seed's administrator creates
 * a municipality, a service point in it (and issues its device key, read from the screen, with
 * which the point's device then signs in) and a specialist with one skill (who then signs in and
 * is shown that queue). A form says what is wrong in words next to each field; an edit made on an
 * entry someone else has saved since is refused with the conflict message and the entry can be
 * reloaded; a refusal names its reason. axe finds nothing on any admin screen in fi, sv and en.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import {
  ADMIN_SECTIONS,
  type AdminSection,
  adminForm,
  adminRow,
  chooseLanguage,
  createMunicipality,
  createPerson,
  createPoint,
  issuePointKey,
  openAdminSection,
  signInAsAdministrator,
  signInToConsole,
  tick,
} from './support/admin.js';
import { accessibilityViolations, LANGUAGES, launchChromium, screenshot } from './support/browser.js';
import { call, openPage } from './support/media-call.js';
import { type ProcessStack, startTestStack } from './support/stack.js';
import { waitFor } from './support/wait.js';

jest.setTimeout(300_000);

const MUNICIPALITY = {
  id: 'testila',
  name: { fi: 'Testilän kunta', sv: 'Testilä kommun', en: 'Municipality of Testilä' },
};
const POINT = {
  id: 'testila-kirjasto',
  name: { fi: 'Testilän kirjasto', sv: 'Testilä bibliotek', en: 'Testilä library' },
  municipality: MUNICIPALITY.name.fi,
};
const SPECIALIST = {
  id: 'tessa',
  username: 'tessa',
  displayName: 'Tessa Testaaja',
  password: 'tessan-salasana-2027',
  roles: ['expert' as const],
  skills: [{ agency: 'Verohallinto', language: 'sv' as const }],
};

let stack: ProcessStack;
let browser: Browser;

beforeAll(async () => {
  stack = await startTestStack({ servers: 'processes' });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function newPage(width = 1280, height = 900): Promise<Page> {
  // A Finnish browser, as the administrators' are: its own date fields read day.month.year.
  const context = await browser.newContext({ viewport: { width, height }, locale: 'fi-FI' });
  return context.newPage();
}

/** Section names (tab and heading) in each language. */
const SECTION_NAMES: Record<AdminSection, Record<string, string>> = {
  agencies: { fi: 'Virastot', sv: 'Myndigheter', en: 'Agencies' },
  municipalities: { fi: 'Kunnat', sv: 'Kommuner', en: 'Municipalities' },
  points: { fi: 'Asiointipisteet', sv: 'Servicepunkter', en: 'Service points' },
  people: { fi: 'Henkilöt', sv: 'Personer', en: 'People' },
  audit: { fi: 'Lokitiedot', sv: 'Loggar', en: 'Audit trail' },
};

describe('administration in the console', () => {
  let admin: Page;

  it('creates a municipality, a point whose key signs its device in, and a specialist who gets the queue', async () => {
    admin = await newPage();
    await signInAsAdministrator(admin, stack.agentConsoleUrl);

    await createMunicipality(admin, MUNICIPALITY);
    await expect(adminRow(admin, MUNICIPALITY.name.fi).textContent()).resolves.toContain('Käytössä');

    await createPoint(admin, POINT);
    const row = adminRow(admin, POINT.name.fi);
    await expect(row.textContent()).resolves.toContain(MUNICIPALITY.name.fi);
    await row.getByText('Ei avainta').waitFor();
    await screenshot(admin, 'admin-points-fi');

    const key = await issuePointKey(admin, POINT.name.fi);
    expect(key.length).toBeGreaterThanOrEqual(20);
    await row
      .getByRole('cell')
      .nth(1)
      .filter({ hasText: /^Avain voimassa$/ })
      .waitFor();

    // The key read from the screen is the one the server took: the point's device signs in with it.
    const device = await openPage(browser, stack.pageUrl);
    await call(device, 'init', stack.signalingUrl, { pointId: POINT.id, pointKey: key });
    await device.context().close();

    await createPerson(admin, SPECIALIST);
    await adminRow(admin, SPECIALIST.displayName).getByText('Verohallinto · ruotsi').waitFor();
    await screenshot(admin, 'admin-people-fi');

    // The new specialist signs in with the password set here and is shown the queue of their skill.
    const specialist = await newPage();
    await signInToConsole(specialist, stack.agentConsoleUrl, SPECIALIST.username, SPECIALIST.password);
    await specialist.getByRole('heading', { name: `Hei, ${SPECIALIST.displayName}` }).waitFor();
    await specialist.getByRole('rowheader', { name: 'Verohallinto – ruotsi' }).waitFor();
    expect(await specialist.getByRole('rowheader', { name: /Verohallinto – suomi/ }).count()).toBe(0);
    await specialist.context().close();
  });

  it('says what is wrong next to each field before sending, and focuses the first', async () => {
    await openAdminSection(admin, 'people');
    await admin.getByRole('button', { name: 'Uusi henkilö' }).click();
    const form = adminForm(admin, 'Uusi henkilö');
    await form.getByLabel('Tunniste').fill('Ei Kelpaa');
    await tick(form.getByRole('group', { name: 'Roolit' }), 'Asiantuntija');
    await form.getByLabel('Salasana').fill('lyhyt');
    await form.getByRole('button', { name: 'Luo', exact: true }).click();

    await form.getByText('Käytä pieniä kirjaimia a–z').waitFor();
    expect(await form.getByLabel('Tunniste').getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByLabel('Käyttäjätunnus').getAttribute('aria-invalid')).toBe('true');
    await form.getByText('Liian lyhyt. Vähintään 12 merkkiä.').waitFor();
    // An expert needs a skill: the skills say so.
    await form
      .getByRole('group', { name: 'Osaaminen (virasto ja kieli)' })
      .getByText('Valitse vähintään yksi.')
      .waitFor();
    await form.getByRole('alert').filter({ hasText: 'kentässä on korjattavaa' }).waitFor();
    await expect(admin.evaluate(() => document.activeElement?.getAttribute('aria-invalid'))).resolves.toBe('true');
    await screenshot(admin, 'admin-problems-fi');
    await form.getByRole('button', { name: 'Peruuta' }).click();
  });

  it('refuses a stale edit with the conflict message and reloads the entry on request', async () => {
    await openAdminSection(admin, 'municipalities');
    await admin.getByRole('button', { name: `Muokkaa: ${MUNICIPALITY.name.fi}` }).click();
    const form = adminForm(admin, `Muokkaa: ${MUNICIPALITY.name.fi}`);
    await form.getByLabel('Nimi suomeksi').fill('Testilä (A)');

    // Meanwhile another administrator saves the same municipality.
    const other = await newPage();
    await signInAsAdministrator(other, stack.agentConsoleUrl);
    await openAdminSection(other, 'municipalities');
    await other.getByRole('button', { name: `Muokkaa: ${MUNICIPALITY.name.fi}` }).click();
    const otherForm = adminForm(other, `Muokkaa: ${MUNICIPALITY.name.fi}`);
    await otherForm.getByLabel('Nimi suomeksi').fill('Testilän kaupunki');
    await otherForm.getByRole('button', { name: 'Tallenna' }).click();
    await other.getByRole('status').filter({ hasText: 'Tallennettu: Testilän kaupunki.' }).waitFor();
    await other.context().close();

    await form.getByRole('button', { name: 'Tallenna' }).click();
    await form
      .getByRole('alert')
      .filter({ hasText: 'Joku muutti tätä samaan aikaan. Lataa tiedot uudelleen ja tee muutos uudestaan.' })
      .waitFor();
    await screenshot(admin, 'admin-conflict-fi');
    await form.getByRole('button', { name: 'Lataa tiedot uudelleen (muutoksesi hylätään)' }).click();
    await admin.getByRole('status').filter({ hasText: 'Tiedot ladattiin uudelleen.' }).waitFor();
    // The form now holds the entry as the other administrator left it.
    const reloaded = adminForm(admin, 'Muokkaa: Testilän kaupunki');
    await expect(reloaded.getByLabel('Nimi suomeksi').inputValue()).resolves.toBe('Testilän kaupunki');
    await reloaded.getByLabel('Nimi suomeksi').fill(MUNICIPALITY.name.fi);
    await reloaded.getByRole('button', { name: 'Tallenna' }).click();
    await admin
      .getByRole('status')
      .filter({ hasText: `Tallennettu: ${MUNICIPALITY.name.fi}.` })
      .waitFor();
  });

  it('says why a refused deactivation was refused, and changes nothing', async () => {
    await openAdminSection(admin, 'municipalities');
    // The municipality still has the point: without it the directory would not hold together.
    await admin.getByRole('button', { name: `Poista käytöstä: ${MUNICIPALITY.name.fi}` }).click();
    const dialog = admin.getByRole('alertdialog', { name: `Poistetaanko ${MUNICIPALITY.name.fi} käytöstä?` });
    await dialog.getByRole('button', { name: 'Poista käytöstä' }).click();
    await admin.getByRole('alert').filter({ hasText: 'tiedot eivät sopisi yhteen' }).waitFor();
    await expect(adminRow(admin, MUNICIPALITY.name.fi).textContent()).resolves.toContain('Käytössä');
  });

  it('has no accessibility violations on any admin screen in fi, sv and en', async () => {
    const sections = Object.keys(ADMIN_SECTIONS) as AdminSection[];
    for (const { code, button } of LANGUAGES) {
      await chooseLanguage(admin, button);
      for (const section of sections) {
        const name = SECTION_NAMES[section][code] ?? '';
        await admin.getByRole('tab', { name, exact: true }).click();
        await admin.getByRole('heading', { name, exact: true, level: 2 }).waitFor();
        await admin.locator('.admin-resource table caption').first().waitFor();
        expect({ section, code, violations: await accessibilityViolations(admin) }).toEqual({
          section,
          code,
          violations: [],
        });
        if (code === 'fi' || section === 'people') await screenshot(admin, `admin-${section}-${code}`);
      }

      // The forms with every part shown: an agency's hours, exceptions and lists; a person's roles' lists.
      await admin.getByRole('tab', { name: SECTION_NAMES.agencies[code], exact: true }).click();
      await admin.locator('tbody tr').first().getByRole('button').first().click();
      await admin.locator('.admin-form').waitFor();
      await admin
        .locator('.admin-form')
        .getByRole('button', { name: { fi: 'Lisää poikkeus', sv: 'Lägg till undantag', en: 'Add an exception' }[code] })
        .click();
      expect({ form: 'agency', code, violations: await accessibilityViolations(admin) }).toEqual({
        form: 'agency',
        code,
        violations: [],
      });
      if (code === 'fi') await screenshot(admin, 'admin-agency-form-fi');
      await admin
        .locator('.admin-form')
        .getByRole('button', { name: { fi: 'Peruuta', sv: 'Avbryt', en: 'Cancel' }[code] })
        .click();

      await admin.getByRole('tab', { name: SECTION_NAMES.people[code], exact: true }).click();
      await admin
        .getByRole('button', { name: { fi: 'Uusi henkilö', sv: 'Ny person', en: 'New person' }[code] })
        .click();
      const roles = admin.locator('.admin-form .admin-checks').first();
      for (const label of await roles.locator('label.check').allTextContents()) await tick(roles, label);
      await admin
        .locator('.admin-form')
        .getByRole('button', { name: { fi: 'Luo', sv: 'Skapa', en: 'Create' }[code], exact: true })
        .click();
      await admin.locator('.admin-form [aria-invalid="true"]').first().waitFor();
      expect({ form: 'person', code, violations: await accessibilityViolations(admin) }).toEqual({
        form: 'person',
        code,
        violations: [],
      });
      if (code === 'fi') await screenshot(admin, 'admin-person-form-fi');
      await admin
        .locator('.admin-form')
        .getByRole('button', { name: { fi: 'Peruuta', sv: 'Avbryt', en: 'Cancel' }[code] })
        .click();

      // A new municipality's and a new point's forms, sent empty so every field says what is missing.
      for (const [section, button] of [
        ['municipalities', { fi: 'Uusi kunta', sv: 'Ny kommun', en: 'New municipality' }[code]],
        ['points', { fi: 'Uusi asiointipiste', sv: 'Ny servicepunkt', en: 'New service point' }[code]],
      ] as const) {
        await admin.getByRole('tab', { name: SECTION_NAMES[section][code], exact: true }).click();
        await admin.getByRole('button', { name: button ?? '' }).click();
        await admin
          .locator('.admin-form')
          .getByRole('button', { name: { fi: 'Luo', sv: 'Skapa', en: 'Create' }[code], exact: true })
          .click();
        await admin.locator('.admin-form [aria-invalid="true"]').first().waitFor();
        expect({ form: section, code, violations: await accessibilityViolations(admin) }).toEqual({
          form: section,
          code,
          violations: [],
        });
        await admin
          .locator('.admin-form')
          .getByRole('button', { name: { fi: 'Peruuta', sv: 'Avbryt', en: 'Cancel' }[code] })
          .click();
      }

      // The device key dialog, with a new key on show.
      await admin.getByRole('tab', { name: SECTION_NAMES.points[code], exact: true }).click();
      const keyButton = { fi: 'Laiteavain', sv: 'Enhetsnyckel', en: 'Device key' }[code] ?? '';
      await admin.getByRole('button', { name: `${keyButton}: ${POINT.name[code as 'fi']}` }).click();
      const dialog = admin.getByRole('dialog');
      const rotate =
        { fi: 'Vaihda uuteen avaimeen', sv: 'Byt till en ny nyckel', en: 'Replace with a new key' }[code] ?? '';
      await dialog.getByRole('button', { name: rotate }).click();
      await dialog.getByRole('button', { name: rotate }).click();
      await dialog.locator('.admin-key__value').waitFor();
      expect({ dialog: 'key', code, violations: await accessibilityViolations(admin) }).toEqual({
        dialog: 'key',
        code,
        violations: [],
      });
      // Tall enough for the dialog's overlay to cover the whole page in the picture.
      await admin.setViewportSize({ width: 1280, height: 1400 });
      await screenshot(admin, `admin-point-key-${code}`);
      await admin.setViewportSize({ width: 1280, height: 900 });
      await dialog.locator('.admin-form__actions .react-aria-Button').last().click();
      await dialog.waitFor({ state: 'detached' });
    }
    await chooseLanguage(admin, 'Suomi');
  });

  it('shows the audit trail of these changes, filtered by action', async () => {
    await openAdminSection(admin, 'audit');
    await admin.getByLabel('Tapahtuma').selectOption('admin.key-issue');
    await admin.getByRole('button', { name: 'Näytä', exact: true }).click();
    // The filtered answer replaces the newest rows of every kind shown on opening.
    const actions = () => admin.locator('.admin-table tbody tr td:nth-child(3)').allTextContents();
    await waitFor('only key issues listed', async () => {
      const shown = await actions();
      return shown.length > 0 && shown.every((text) => text === 'Laiteavaimen luonti');
    });
    await admin.locator('.admin-table tbody tr').first().getByText(`point:${POINT.id}`).waitFor();
    await admin.getByRole('button', { name: 'Tarkista ketjun eheys' }).click();
    await admin
      .getByRole('status')
      .filter({ hasText: /^Ketju on ehjä/ })
      .waitFor();
    await screenshot(admin, 'admin-audit-fi');
  });
});
