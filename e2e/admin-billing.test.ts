/**
 * Municipal billing, its corrections and erasure on request in the administrators' console, against
 * the real stack in Chromium. A specialist serves one customer at the Mikkeli point (the media
 * test page plays both sides through the real queue), records a note, and the customer leaves a
 * comment; then the administrator:
 *  - finds the transaction in this month's billing under Mikkeli, with the municipality's total,
 *    and downloads the billing as CSV;
 *  - looks it up below the billing and voids it with a reason (a dialog says what that does
 *    first): the billing on screen is read again, billable falls to 0, the void is listed with its
 *    reason; another administrator's void of the same transaction, from a screen
 *    read before, is refused with the translated reason;
 *  - erases the visit's free text and is told how many of each went;
 *  - each form says what is wrong at its field, in words; axe finds nothing on the three screens in
 *    fi, sv and en.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import {
  BILLING_SECTIONS,
  type BillingSection,
  chooseLanguage,
  openBillingSection,
  serviceMonth,
  signInAsAdministrator,
} from './support/admin.js';
import { accessibilityViolations, LANGUAGES, launchChromium, screenshot } from './support/browser.js';
import { call, startCall } from './support/media-call.js';
import { type ProcessStack, startTestStack } from './support/stack.js';
import { waitFor } from './support/wait.js';

jest.setTimeout(300_000);

let stack: ProcessStack;
let browser: Browser;
/** The served session and its visit, as the ledger has them. */
let served: { sessionId: string; visitId: string };

beforeAll(async () => {
  stack = await startTestStack({ servers: 'processes' });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function newPage(width = 1280, height = 900): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'fi-FI' });
  context.setDefaultTimeout(60_000);
  return context.newPage();
}

/** This month's billing on screen (the ledger's worker may still be writing: asks again until `ready`). */
async function showThisMonth(page: Page, ready: () => Promise<boolean>) {
  const month = serviceMonth();
  await page.getByLabel('Alkukuukausi').fill(month);
  await page.getByLabel('Loppukuukausi').fill(month);
  await waitFor('the billing as expected', async () => {
    await page.getByRole('button', { name: 'Näytä', exact: true }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^Laskutus, / })
      .waitFor();
    return ready();
  });
}

/** The cells of the billing table's row for a municipality, agency and language. */
function billingRow(page: Page, municipality: string) {
  return page
    .locator('#admin-billing-caption')
    .locator('..')
    .locator('tbody tr', {
      has: page.getByRole('rowheader', { name: municipality, exact: true }),
    });
}

function totalRow(page: Page, municipality: string) {
  return page.locator('tbody tr', { has: page.getByRole('rowheader', { name: `Yhteensä: ${municipality}` }) });
}

const cellTexts = (row: ReturnType<typeof billingRow>) => row.first().getByRole('cell').allTextContents();

describe('billing, corrections and erasure in the admin console', () => {
  let admin: Page;

  it('bills a served transaction to its municipality, with its total, and downloads the CSV', async () => {
    const c = await startCall(browser, stack.pageUrl, stack.signalingUrl);
    served = { sessionId: c.sessionId, visitId: c.visitId };
    await call(c.expert, 'request', 'session:end', { sessionId: c.sessionId });
    await call(c.expert, 'request', 'session:wrap-up', {
      sessionId: c.sessionId,
      outcome: 'resolved',
      note: 'Verokortin muutos tehty yhdessä',
    });
    await call(c.point, 'request', 'feedback:submit', { sessionId: c.sessionId, rating: 5, comment: 'Kiitos avusta!' });
    await c.point.context().close();
    await c.expert.context().close();

    admin = await newPage();
    await signInAsAdministrator(admin, stack.agentConsoleUrl);
    await openBillingSection(admin, 'billing');
    // Last month first: this stack's ledger has nothing then.
    await admin
      .getByRole('status')
      .filter({ hasText: /: 0 riviä\.$/ })
      .waitFor();

    await showThisMonth(admin, async () => (await billingRow(admin, 'Mikkeli').count()) === 1);
    // Month, agency, language; transactions, voided, reinstated, billable.
    const cells = await cellTexts(billingRow(admin, 'Mikkeli'));
    expect(cells.slice(1)).toEqual(['Verohallinto', 'suomi', '1', '0', '0', '1']);
    expect(cells[0]).toMatch(/^[a-zäö]+kuu \d{4}$/);
    await expect(totalRow(admin, 'Mikkeli').getByRole('cell').allTextContents()).resolves.toEqual(['1', '0', '0', '1']);
    await admin.getByText('Jaksolla ei tehty korjauksia.').waitFor();

    const [download] = await Promise.all([
      admin.waitForEvent('download'),
      admin.getByRole('button', { name: 'Lataa laskutus CSV-tiedostona' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`billing_${serviceMonth()}_${serviceMonth()}.csv`);
    const csv = (await readFile(await download.path(), 'utf8')).trim().split(/\r?\n/);
    // The header and Mikkeli's one row, in Finnish Excel's semicolons, names beside the ids.
    expect(csv).toHaveLength(2);
    expect(csv[1]).toContain(';Mikkeli;');
    expect(csv[1]).toContain(';tax;');
    expect(csv[1]?.split(';').at(-1)).toBe('1');
  });

  it('says what is wrong with a period or a reason at its field', async () => {
    await admin.getByLabel('Loppukuukausi').fill('2020-01');
    await admin.getByRole('button', { name: 'Näytä', exact: true }).click();
    await admin.getByText('Loppukuukausi ei voi olla ennen alkukuukautta').waitFor();
    expect(await admin.getByLabel('Loppukuukausi').getAttribute('aria-invalid')).toBe('true');
    await admin.getByLabel('Loppukuukausi').fill(serviceMonth());
    await admin.getByRole('button', { name: 'Näytä', exact: true }).click();
    await admin.getByText('Loppukuukausi ei voi olla ennen alkukuukautta').waitFor({ state: 'detached' });

    // Below the billing: a transaction looked up by its session id.
    await admin.getByLabel('Asioinnin tunniste').fill('ei kelpaa!');
    await admin.getByRole('button', { name: 'Hae', exact: true }).click();
    await admin.getByText('Tunnisteessa voi olla vain kirjaimia').waitFor();
    await expect(admin.evaluate(() => document.activeElement?.getAttribute('aria-invalid'))).resolves.toBe('true');

    await admin.getByLabel('Asioinnin tunniste').fill(served.sessionId);
    await admin.getByRole('button', { name: 'Hae', exact: true }).click();
    await admin.getByText('Laskutetaan: asiointi on mukana laskutuksessa.').waitFor();
    await admin.getByText('Asiointia ei ole korjattu.').waitFor();
    await admin.getByRole('button', { name: 'Mitätöi asiointi' }).click();
    await admin.getByText('Tämä puuttuu. Täytä kenttä.').waitFor();
    // A reason is kept for good: no personal identity codes in it.
    await admin.getByLabel('Korjauksen syy').fill('Asiakas 010203A123X soitti kahdesti');
    await admin.getByRole('button', { name: 'Mitätöi asiointi' }).click();
    await admin.getByText('Älä kirjoita henkilötunnusta.').waitFor();
    expect(await admin.getByRole('alertdialog').count()).toBe(0);
  });

  it('voids the transaction with a reason: billable falls; a second void is refused with its reason', async () => {
    // Another administrator has the same transaction on screen, billed, before the void.
    const other = await newPage();
    await signInAsAdministrator(other, stack.agentConsoleUrl);
    await openBillingSection(other, 'billing');
    await other.getByLabel('Asioinnin tunniste').fill(served.sessionId);
    await other.getByRole('button', { name: 'Hae', exact: true }).click();
    await other.getByText('Laskutetaan: asiointi on mukana laskutuksessa.').waitFor();

    await admin.getByLabel('Korjauksen syy').fill('Testisoitto, ei laskuteta');
    await admin.getByRole('button', { name: 'Mitätöi asiointi' }).click();
    const dialog = admin.getByRole('alertdialog', { name: `Mitätöidäänkö asiointi ${served.sessionId}?` });
    await dialog.getByText('Asiointia ei enää laskuteta.').waitFor();
    // Tall enough for the dialog's overlay to cover the whole page in the picture.
    await admin.setViewportSize({ width: 1280, height: 2200 });
    await screenshot(admin, 'admin-billing-void-confirm-fi');
    await admin.setViewportSize({ width: 1280, height: 900 });
    await dialog.getByRole('button', { name: 'Mitätöi asiointi' }).click();
    await admin
      .getByRole('status')
      .filter({ hasText: `Asiointi ${served.sessionId} mitätöitiin.` })
      .waitFor();
    await admin.getByText('Ei laskuteta: asiointi on mitätöity.').waitFor();
    const correction = admin.locator('#admin-corrections-caption').locator('..').locator('tbody tr');
    await expect(correction.count()).resolves.toBe(1);
    await correction.getByText('Mitätöinti').waitFor();
    await correction.getByText('Testisoitto, ei laskuteta').waitFor();
    // Now the transaction can only be reinstated.
    await admin.getByRole('button', { name: 'Palauta laskutukseen' }).waitFor();

    // The other administrator's void comes second: refused, with why, and the transaction read again.
    await other.getByLabel('Korjauksen syy').fill('Kaksoiskirjaus');
    await other.getByRole('button', { name: 'Mitätöi asiointi' }).click();
    await other.getByRole('alertdialog').getByRole('button', { name: 'Mitätöi asiointi' }).click();
    await other
      .getByRole('alert')
      .filter({ hasText: 'Asiointi on jo mitätöity, joten sitä ei voi mitätöidä uudelleen.' })
      .waitFor();
    await other.getByText('Ei laskuteta: asiointi on mitätöity.').waitFor();
    // What was typed for the refused void is not left for the reinstatement now offered.
    await expect(other.getByLabel('Korjauksen syy').inputValue()).resolves.toBe('');
    await screenshot(other, 'admin-billing-refused-fi');
    await other.context().close();

    // The billing on screen is read again: one transaction, one void, nothing to bill; the void
    // listed with its reason.
    await totalRow(admin, 'Mikkeli').getByRole('cell').last().filter({ hasText: /^0$/ }).waitFor();
    expect((await cellTexts(billingRow(admin, 'Mikkeli'))).slice(3)).toEqual(['1', '1', '0', '0']);
    await expect(totalRow(admin, 'Mikkeli').getByRole('cell').allTextContents()).resolves.toEqual(['1', '1', '0', '0']);
    const listed = admin.locator('#admin-billing-corrections-caption').locator('..').locator('tbody tr');
    await expect(listed.count()).resolves.toBe(1);
    for (const text of [
      served.sessionId,
      'Mitätöinti',
      'Mikkeli · Verohallinto · suomi',
      'Testisoitto, ei laskuteta',
      'admin',
    ]) {
      await listed.getByRole('cell', { name: text, exact: true }).waitFor();
    }
  });

  it('erases a visit’s free text on request and says how many of each went', async () => {
    await openBillingSection(admin, 'erasure');
    // An unknown visit: nothing to erase, and said so.
    await admin.getByLabel('Käynnin tunniste').fill('ei-tallaista-kayntia');
    await admin.getByLabel('Poiston syy').fill('Asiakkaan pyyntö');
    await admin.getByRole('button', { name: 'Poista tekstit' }).click();
    await admin.getByRole('alertdialog').getByRole('button', { name: 'Poista tekstit' }).click();
    await admin.getByRole('alert').filter({ hasText: 'Tietoa ei löytynyt.' }).waitFor();

    await admin.getByLabel('Käynnin tunniste').fill(served.visitId);
    await admin.getByRole('button', { name: 'Poista tekstit' }).click();
    const dialog = admin.getByRole('alertdialog', { name: `Poistetaanko käynnin ${served.visitId} tekstit?` });
    await dialog.getByText('poistetaan pysyvästi').waitFor();
    await dialog.getByRole('button', { name: 'Poista tekstit' }).click();
    const done = admin.getByRole('status').filter({ hasText: `Käynnin ${served.visitId} tekstit poistettiin:` });
    await done.waitFor();
    await done.getByText('1 palautteen kommentti', { exact: true }).waitFor();
    await done.getByText('1 asiantuntijan muistiinpano', { exact: true }).waitFor();
    await screenshot(admin, 'admin-billing-erasure-done-fi');
  });

  it('has no accessibility violations on the billing screens in fi, sv and en', async () => {
    const sections = Object.keys(BILLING_SECTIONS) as BillingSection[];
    for (const { code, button } of LANGUAGES) {
      await chooseLanguage(admin, button);
      for (const section of sections) {
        await openBillingSection(admin, section, code);
        if (section === 'billing') {
          // The section opens on last month again: this month's rows, with the void, in this language.
          const months = admin.locator('input[type="month"]');
          for (const index of [0, 1]) await months.nth(index).fill(serviceMonth());
          await admin.locator('form.report-form button[type="submit"]').first().click();
          await admin.locator('#admin-billing-caption').waitFor();
          await admin.locator('#admin-billing-corrections-caption').waitFor();
          // The voided transaction looked up below, with its correction.
          const lookup = admin.locator('section:has(> #admin-corrections-heading) form').first();
          await lookup.getByRole('textbox').fill(served.sessionId);
          await lookup.getByRole('textbox').press('Enter');
          await admin.locator('#admin-corrections-caption').waitFor();
        }
        expect({ section, code, violations: await accessibilityViolations(admin) }).toEqual({
          section,
          code,
          violations: [],
        });
        await screenshot(admin, section === 'billing' ? `admin-billing-${code}` : `admin-billing-${section}-${code}`);
      }
      // A confirmation dialog open over the erasure form.
      await admin.getByRole('textbox').first().fill(served.visitId);
      await admin.getByRole('textbox').nth(1).fill('Asiakkaan pyyntö');
      await admin.locator('.admin-form__actions .react-aria-Button').click();
      await admin.getByRole('alertdialog').waitFor();
      expect({ dialog: 'erase', code, violations: await accessibilityViolations(admin) }).toEqual({
        dialog: 'erase',
        code,
        violations: [],
      });
      await admin.getByRole('alertdialog').locator('.react-aria-Button').last().click();
      await admin.getByRole('alertdialog').waitFor({ state: 'detached' });
    }
    await chooseLanguage(admin, 'Suomi');
  });
});
