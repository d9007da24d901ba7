/**
 * From an empty corner of the directory to a customer served, in Chromium against the real stack
 * with the production default (`ADVISOR_SIGN_IN=required`): the seed's administrator creates a
 * municipality, a service point in it (and its device key, read from the screen), a specialist
 * with one skill and an advisor of that point. The point's device opens with the key; the advisor
 * signs in personally (the sign-in screen checked with axe in fi, sv and en), records how the
 * customer's identity was checked, and asks for the specialist, who is offered the customer with
 * the advisor's name and the identity check and answers: both ends are in the call, where the chat
 * and a shared document go from one side to the other.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import {
  chooseLanguage,
  createMunicipality,
  createPerson,
  createPoint,
  issuePointKey,
  signInAsAdministrator,
  signInToConsole,
} from './support/admin.js';
import { accessibilityViolations, LANGUAGES, launchChromium, screenshot } from './support/browser.js';
import { type ProcessStack, startTestStack } from './support/stack.js';

jest.setTimeout(300_000);

const MUNICIPALITY = { id: 'kuusela', name: { fi: 'Kuuselan kunta', sv: 'Kuusela kommun', en: 'Kuusela' } };
const POINT = {
  id: 'kuusela-kirjasto',
  name: { fi: 'Kuuselan kirjasto', sv: 'Kuusela bibliotek', en: 'Kuusela library' },
  municipality: MUNICIPALITY.name.fi,
};
const SPECIALIST = {
  id: 'veera',
  username: 'veera',
  displayName: 'Veera Verottaja',
  password: 'veeran-salasana-2027',
  roles: ['expert' as const],
  skills: [{ agency: 'Verohallinto', language: 'fi' as const }],
};
const ADVISOR = {
  id: 'aaro',
  username: 'aaro',
  displayName: 'Aaro Asiointineuvoja',
  password: 'aaron-salasana-2027',
  roles: ['advisor' as const],
  points: [POINT.name.fi],
};

let stack: ProcessStack;
let browser: Browser;

beforeAll(async () => {
  stack = await startTestStack({ servers: 'processes', env: { ADVISOR_SIGN_IN: 'required' } });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function newPage(width = 1280, height = 900): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'fi-FI' });
  return context.newPage();
}

/** Presses a tile of a radio group, as a finger would (the radio input itself is hidden in it). */
async function pick(page: Page, group: string | RegExp, name: string) {
  await page
    .getByRole('radiogroup', { name: group })
    .locator('label')
    .filter({ has: page.getByRole('radio', { name, exact: true }) })
    .click();
}

const SIGN_IN_HEADING = { fi: 'Neuvojan kirjautuminen', sv: 'Rådgivarens inloggning', en: 'Advisor sign-in' };

describe('an administrator sets up a point and a specialist; an advisor there is served', () => {
  let pointKey: string;

  it('creates the municipality, the point and its key, the specialist and the advisor', async () => {
    const admin = await newPage();
    await signInAsAdministrator(admin, stack.agentConsoleUrl);
    await createMunicipality(admin, MUNICIPALITY);
    await createPoint(admin, POINT);
    pointKey = await issuePointKey(admin, POINT.name.fi);
    expect(pointKey.length).toBeGreaterThanOrEqual(16);
    await createPerson(admin, SPECIALIST);
    await createPerson(admin, ADVISOR);
    await admin.context().close();
  });

  it('opens the point with its key, signs the advisor in and serves the customer', async () => {
    // The specialist signs in and is available (the seed's specialists are not signed in).
    const veera = await newPage();
    await signInToConsole(veera, stack.agentConsoleUrl, SPECIALIST.username, SPECIALIST.password);
    await veera.getByRole('heading', { name: `Hei, ${SPECIALIST.displayName}`, level: 1 }).waitFor();
    await veera.getByRole('button', { name: 'Vapaana' }).click();

    // The point's device opens with the key issued on the admin screen.
    const point = await newPage();
    await point.goto(stack.pointClientUrl);
    await point.getByLabel('Asiointipisteen tunnus').fill(POINT.id);
    await point.getByLabel('Laitteen avain').fill(pointKey);
    await point.getByRole('button', { name: 'Ota käyttöön' }).click();

    // Nobody may start a visit before an advisor signs in personally: the sign-in is the screen.
    const heading = point.getByRole('heading', { name: 'Neuvojan kirjautuminen' });
    await heading.waitFor();
    await point.getByText(`${POINT.name.fi} on avattu`).waitFor();
    for (const { button, code } of LANGUAGES) {
      await chooseLanguage(point, button);
      await point.getByRole('heading', { name: SIGN_IN_HEADING[code] }).waitFor();
      expect(await accessibilityViolations(point)).toEqual([]);
      await screenshot(point, `point-advisor-sign-in-${code}`);
    }
    await chooseLanguage(point, 'Suomi');
    await heading.waitFor();

    // A specialist's account is refused here (it advises nowhere), said next to the fields.
    await point.getByLabel('Käyttäjätunnus').fill(SPECIALIST.username);
    await point.getByLabel('Salasana').fill(SPECIALIST.password);
    await point.getByRole('button', { name: 'Kirjaudu neuvojana' }).click();
    await point.getByText('Tunnuksella on oltava oikeus tähän asiointipisteeseen').waitFor();

    await point.getByLabel('Käyttäjätunnus').fill(ADVISOR.username);
    await point.getByLabel('Salasana').fill(ADVISOR.password);
    await point.getByRole('button', { name: 'Kirjaudu neuvojana' }).click();
    await point.getByRole('heading', { name: 'Asiointipiste on valmis' }).waitFor();
    await point.getByText(`Neuvoja: ${ADVISOR.displayName}`).waitFor();

    // The advisor chooses the agency, the language and how the identity was checked.
    await pick(point, '1. Virasto', 'Verohallinto');
    await pick(point, '2. Asiakkaan kieli', 'Suomi');
    const identity = point.getByRole('radiogroup', { name: /3\. Miten asiakkaan henkilöllisyys/ });
    await identity.waitFor();
    expect(await accessibilityViolations(point)).toEqual([]);
    await screenshot(point, 'point-identity-check-fi');
    await pick(point, /3\. Miten asiakkaan henkilöllisyys/, 'Passi');
    await point.getByRole('button', { name: 'Jatka laitteiden tarkistukseen' }).click();
    await point.getByRole('status').filter({ hasText: 'Yhteys toimii.' }).waitFor();
    await point.getByRole('button', { name: 'Pyydä asiantuntija' }).click();

    // The specialist is offered the customer with the advisor's name and the identity check.
    const offer = veera.getByRole('region', { name: /Uusi asiakas odottaa/ });
    await offer.waitFor();
    await offer.getByText(ADVISOR.displayName).waitFor();
    await offer.getByText('Passi').waitFor();
    await offer.getByText(POINT.name.fi, { exact: true }).waitFor();
    await screenshot(veera, 'console-offer-advisor-fi');
    await offer.getByRole('button', { name: 'Vastaa' }).click();
    await veera.getByRole('heading', { name: `Palvelu: ${POINT.name.fi}` }).waitFor();
    const customer = veera.getByRole('region', { name: 'Asiakas' });
    await customer.getByText('Passi').waitFor();
    await customer.getByText(ADVISOR.displayName).waitFor();

    // The customer is in the call at the point.
    await point.locator('[data-phase="call"]').waitFor();

    // The chat carries a spelling both ways; a scan from the point reaches the specialist's list.
    const pointChat = point.getByRole('region', { name: 'Viestit' });
    await pointChat.getByRole('textbox', { name: 'Kirjoita viesti' }).fill('Sukunimi: H-Ä-M-Ä-L-Ä-I-N-E-N');
    await pointChat.getByRole('button', { name: 'Lähetä' }).click();
    await veera.getByRole('log', { name: 'Viestit tässä palvelussa' }).getByText('H-Ä-M-Ä-L-Ä-I-N-E-N').waitFor();
    const upload = point.waitForEvent('filechooser');
    await point.getByRole('button', { name: 'Lähetä asiakirja…' }).click();
    await (await upload).setFiles({
      name: 'hakemus.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n'),
    });
    await veera.getByRole('region', { name: 'Asiakirjat' }).getByText('hakemus.pdf').waitFor();
    await point.getByRole('region', { name: 'Asiakirjat' }).getByText('hakemus.pdf').waitFor();
    expect(await accessibilityViolations(point)).toEqual([]);
    await screenshot(point, 'point-call-chat-fi');
    await screenshot(veera, 'console-session-chat-fi');
    await veera.context().close();
    await point.context().close();
  });
});
