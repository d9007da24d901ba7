/**
 * The administrator's steps in the console, in Finnish, as a person takes them: sign in, open the
 * Ylläpito tab and a section, create a municipality, a service point (and issue its device key,
 * read from the screen), a person with roles, skills and points. Each helper waits until the list
 * shows what it made, so a test can go on to use it (sign the point in with its key, the person in
 * with their password). Used by e2e/admin.test.ts and the scenarios that build on what it creates.
 */
import type { Locator, Page } from 'playwright-core';

export const DEMO_PASSWORD = 'etapiste-demo';

/** The admin sections by their tab names in Finnish. */
export const ADMIN_SECTIONS = {
  agencies: 'Virastot',
  municipalities: 'Kunnat',
  points: 'Asiointipisteet',
  people: 'Henkilöt',
  audit: 'Lokitiedot',
} as const;
export type AdminSection = keyof typeof ADMIN_SECTIONS;

/**
 * The billing's sections in each language: the tab's name, then the heading's (erasure's tab is
 * short, to fit the row of tabs). Apart from ADMIN_SECTIONS: these open on forms, not
 * lists, so "open and wait for the table" does not fit them. Corrections are part of the billing.
 */
export const BILLING_SECTIONS = {
  billing: { fi: ['Laskutus', 'Laskutus'], sv: ['Fakturering', 'Fakturering'], en: ['Billing', 'Billing'] },
  erasure: {
    fi: ['Tietojen poisto', 'Tietojen poisto pyynnöstä'],
    sv: ['Radering', 'Radering på begäran'],
    en: ['Erasure', 'Erasure on request'],
  },
} as const;
export type BillingSection = keyof typeof BILLING_SECTIONS;

/** Opens a billing section by its tab in the language on screen and waits for its heading. */
export async function openBillingSection(page: Page, section: BillingSection, code: 'fi' | 'sv' | 'en' = 'fi') {
  const [tab, heading] = BILLING_SECTIONS[section][code];
  await page.getByRole('tab', { name: tab, exact: true }).click();
  await page.getByRole('heading', { name: heading, exact: true, level: 2 }).waitFor();
}

/** `YYYY-MM` of this month in Finland: billing months are the service's (Europe/Helsinki). */
export function serviceMonth(now = new Date()): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Helsinki' }).format(now).slice(0, 7);
}

const ROLE_LABELS = {
  advisor: 'Palveluneuvoja',
  expert: 'Asiantuntija',
  supervisor: 'Esihenkilö',
  admin: 'Ylläpitäjä',
};
const LANGUAGE_LABELS = { fi: 'suomi', sv: 'ruotsi', en: 'englanti' };

export interface Names {
  fi: string;
  sv: string;
  en: string;
}

/** Presses the language switcher's button for a language (by its own name: Suomi, Svenska, English). */
export async function chooseLanguage(page: Page, button: string): Promise<void> {
  await page
    .getByRole('radio', { name: button })
    .or(page.getByRole('button', { name: button }))
    .first()
    .click();
}

/** Signs a console user in, in Finnish, and waits for the live connection. */
export async function signInToConsole(
  page: Page,
  consoleUrl: string,
  username: string,
  password = DEMO_PASSWORD,
): Promise<void> {
  await page.goto(consoleUrl);
  await chooseLanguage(page, 'Suomi');
  await page.getByLabel('Käyttäjätunnus').fill(username);
  await page.getByLabel('Salasana').fill(password);
  await page.getByRole('button', { name: 'Kirjaudu', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Yhteys toimii' }).waitFor();
}

/** The seed's administrator (`admin`) signed in, on the Ylläpito tab. */
export async function signInAsAdministrator(page: Page, consoleUrl: string, username = 'admin'): Promise<void> {
  await signInToConsole(page, consoleUrl, username);
  await page.getByRole('tab', { name: 'Ylläpito' }).click();
}

/** Opens an admin section and waits for its list (or the audit's table) to load. */
export async function openAdminSection(page: Page, section: AdminSection): Promise<void> {
  await page.getByRole('tab', { name: ADMIN_SECTIONS[section], exact: true }).click();
  await page.getByRole('heading', { name: ADMIN_SECTIONS[section], exact: true, level: 2 }).waitFor();
  await page.locator('.admin-resource table caption').first().waitFor();
}

/** The open create or edit form (a region named by its heading). */
export function adminForm(page: Page, heading: string | RegExp) {
  return page.getByRole('region', { name: heading });
}

/** The row of an entry in the open section's list, by the name in its row header. */
export function adminRow(page: Page, name: string) {
  return page.locator('tbody tr', { has: page.getByRole('rowheader', { name: new RegExp(`^${escapeRegExp(name)}`) }) });
}

async function fillNames(form: ReturnType<typeof adminForm>, names: Names, within?: string) {
  const scope = within ? form.getByRole('group', { name: within }) : form;
  await scope.getByLabel('Nimi suomeksi').fill(names.fi);
  await scope.getByLabel('Nimi ruotsiksi').fill(names.sv);
  await scope.getByLabel('Nimi englanniksi').fill(names.en);
}

/** Saves the open form and waits for the list to say it was saved. */
async function save(page: Page, form: ReturnType<typeof adminForm>, button: 'Luo' | 'Tallenna', name: string) {
  await form.getByRole('button', { name: button, exact: true }).click();
  await page
    .getByRole('status')
    .filter({ hasText: `Tallennettu: ${name}.` })
    .waitFor();
  await adminRow(page, name).waitFor();
}

export async function createMunicipality(page: Page, municipality: { id: string; name: Names }): Promise<void> {
  await openAdminSection(page, 'municipalities');
  await page.getByRole('button', { name: 'Uusi kunta' }).click();
  const form = adminForm(page, 'Uusi kunta');
  await form.getByLabel('Tunniste').fill(municipality.id);
  await fillNames(form, municipality.name);
  await save(page, form, 'Luo', municipality.name.fi);
}

/** Creates a service point in a municipality (named in Finnish as the list shows it). */
export async function createPoint(page: Page, point: { id: string; name: Names; municipality: string }): Promise<void> {
  await openAdminSection(page, 'points');
  await page.getByRole('button', { name: 'Uusi asiointipiste' }).click();
  const form = adminForm(page, 'Uusi asiointipiste');
  await form.getByLabel('Tunniste').fill(point.id);
  await fillNames(form, point.name);
  await form.getByRole('button', { name: /Kunta/ }).click();
  await page.getByRole('option', { name: point.municipality, exact: true }).click();
  await save(page, form, 'Luo', point.name.fi);
}

/** Issues a point's device key and returns it as the dialog shows it (the only time it is shown). */
export async function issuePointKey(page: Page, pointName: string): Promise<string> {
  await openAdminSection(page, 'points');
  await page.getByRole('button', { name: `Laiteavain: ${pointName}` }).click();
  const dialog = page.getByRole('dialog', { name: `Laiteavain: ${pointName}` });
  await dialog.getByRole('heading').waitFor();
  const issue = dialog.getByRole('button', { name: 'Luo laiteavain' });
  if ((await issue.count()) > 0) {
    await issue.click();
  } else {
    // A rotation asks first (the old key stops working), with the same words on its button.
    await dialog.getByRole('button', { name: 'Vaihda uuteen avaimeen' }).click();
    await dialog.getByText('Vanha avain lakkaa toimimasta').waitFor();
    await dialog.getByRole('button', { name: 'Vaihda uuteen avaimeen' }).click();
  }
  const field = dialog.getByLabel('Uusi laiteavain');
  await field.waitFor();
  const key = await field.inputValue();
  await dialog.getByText('Avainta ei näytetä enää uudelleen').waitFor();
  await dialog.getByRole('button', { name: 'Olen tallentanut avaimen, sulje' }).click();
  await dialog.waitFor({ state: 'detached' });
  return key;
}

export interface NewPerson {
  id: string;
  username: string;
  displayName: string;
  password: string;
  roles: (keyof typeof ROLE_LABELS)[];
  /** An expert's skills: agency by its Finnish name × language code. */
  skills?: { agency: string; language: keyof typeof LANGUAGE_LABELS }[];
  /** A supervisor's agencies by their Finnish names. */
  agencies?: string[];
  /** An advisor's service points by their Finnish names. */
  points?: string[];
}

export async function createPerson(page: Page, person: NewPerson): Promise<void> {
  await openAdminSection(page, 'people');
  await page.getByRole('button', { name: 'Uusi henkilö' }).click();
  const form = adminForm(page, 'Uusi henkilö');
  await form.getByLabel('Tunniste').fill(person.id);
  await form.getByLabel('Käyttäjätunnus').fill(person.username);
  await form.getByLabel('Näytettävä nimi').fill(person.displayName);
  await form.getByLabel('Salasana').fill(person.password);
  const roles = form.getByRole('group', { name: 'Roolit' });
  for (const role of person.roles) await tick(roles, ROLE_LABELS[role]);
  for (const skill of person.skills ?? []) {
    await tick(form.getByRole('group', { name: skill.agency, exact: true }), LANGUAGE_LABELS[skill.language]);
  }
  for (const agency of person.agencies ?? []) {
    await tick(form.getByRole('group', { name: 'Esihenkilön virastot' }), agency);
  }
  for (const point of person.points ?? []) {
    await tick(form.getByRole('group', { name: /Asiointipisteet, joissa palveluneuvoja/ }), point);
  }
  await save(page, form, 'Luo', person.displayName);
}

/**
 * Ticks a checkbox of a group by its label, as a person clicks it (React Aria's input is visually
 * hidden under the drawn box), and waits until it is checked.
 */
export async function tick(group: Locator, label: string): Promise<void> {
  const checkbox = group.getByRole('checkbox', { name: label, exact: true });
  if (await checkbox.isChecked()) return;
  await group.locator('label', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }).click();
  await waitUntilChecked(checkbox);
}

async function waitUntilChecked(checkbox: Locator): Promise<void> {
  await checkbox.page().waitForFunction((input) => (input as HTMLInputElement).checked, await checkbox.elementHandle());
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
