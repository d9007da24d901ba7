/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser), with fake camera and
 * microphone, and the flags that keep it off the network this machine does not have.
 */
import { createHash, createPublicKey } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, chromium, type Page } from 'playwright-core';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The apps' languages, with the name each has in the language switcher. */
export const LANGUAGES = [
  { code: 'fi', button: 'Suomi' },
  { code: 'sv', button: 'Svenska' },
  { code: 'en', button: 'English' },
] as const;

/** `extraArgs`: further Chromium switches (e2e/turn.test.ts trusts its test certificate with one). */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      ...extraArgs,
    ],
  });
}

/**
 * The Chromium switch that trusts exactly this certificate (by the SHA-256 of its public key), as
 * a real browser trusts a TURN server's certificate: e2e/turn*.test.ts use it for TURN over TLS.
 */
export function trustCertificateArg(certFile: string): string {
  const key = createPublicKey(readFileSync(certFile)).export({ type: 'spki', format: 'der' });
  return `--ignore-certificate-errors-spki-list=${createHash('sha256').update(key).digest('base64')}`;
}

/** WCAG 2.1 A and AA rules; returns the violations (ids and targets) so a failure says what. */
export async function accessibilityViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    targets: v.nodes.map((n) => n.target.join(' ')),
  }));
}

export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = join(repoRoot, 'docs', 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}
