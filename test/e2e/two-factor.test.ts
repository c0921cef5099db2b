import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base32Decode, hotp, stepAt } from '../../src/auth/totp.js';
import { axeViolationsInBothSchemes } from '../helpers/axe.js';
import { expectCleanPage, launchBrowser, newCheckedPage, type CheckedPage } from '../helpers/browser.js';
import { addStaff, PASSWORD } from '../helpers/newsroom.js';
import { startMasthead, type Masthead } from '../helpers/server.js';

// Two-factor sign-in in a real Chromium: an editor turns it on from the navigation by
// typing the manual key into an "app" (this test), signs out, and signs in again through
// the second step. axe finds no WCAG 2.2 AA violation on the enrolment page, the recovery
// codes or the second step, and the QR code (inline SVG) breaks no CSP rule and loads nothing.

describe('two-factor sign-in in Chromium', () => {
  let site: Masthead;
  let browser: Browser;
  let checked: CheckedPage;
  let secret: Buffer;
  let lastStep = -1;
  /** The authenticator app: a code for a step the server has not seen used. */
  const nextCode = () => {
    lastStep = Math.max(stepAt(new Date()) - 1, lastStep + 1);
    return hotp(secret, lastStep);
  };

  beforeAll(async () => {
    [site, browser] = await Promise.all([startMasthead({ engine: 'sqlite' }), launchBrowser()]);
    await addStaff(site, { email: 'editor@example.test', name: 'Eda Editor', role: 'editor' });
    checked = await newCheckedPage(browser, { viewport: { width: 1280, height: 900 } });
  });
  afterAll(async () => {
    await checked?.close();
    await browser?.close();
    await site?.stop();
  });

  it('enrols through the page with the manual key and shows the recovery codes once', async () => {
    const { page } = checked;
    await page.goto(`${site.url}/admin/login`);
    await page.fill('#f-email', 'editor@example.test');
    await page.fill('#f-password', PASSWORD);
    await Promise.all([page.waitForURL(`${site.url}/admin`), page.click('button[type=submit]')]);

    await Promise.all([page.waitForURL(`${site.url}/admin/account/two-factor`), page.click('nav a[href="/admin/account/two-factor"]')]);
    expect(await page.locator('.qr-code svg[role=img]').isVisible()).toBe(true);
    expect(await axeViolationsInBothSchemes(page)).toEqual([]);

    secret = base32Decode(await page.locator('#manual-key').innerText());
    await page.getByLabel('Code from the app').fill(nextCode());
    await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Your recovery codes' }).isVisible()).toBe(true);
    expect(await page.locator('.recovery-codes li').count()).toBe(10);
    expect(await axeViolationsInBothSchemes(page)).toEqual([]);
    expectCleanPage(checked.problems);
  });

  it('signs in again through the second step', async () => {
    const { page } = checked;
    await Promise.all([page.waitForURL(`${site.url}/admin/login`), page.getByRole('button', { name: 'Sign out' }).click()]);
    await page.fill('#f-email', 'editor@example.test');
    await page.fill('#f-password', PASSWORD);
    await Promise.all([page.waitForURL(/\/admin\/login\/two-factor/), page.click('button[type=submit]')]);
    expect(await axeViolationsInBothSchemes(page)).toEqual([]);

    await page.getByLabel('Code').fill(nextCode());
    await Promise.all([page.waitForURL(`${site.url}/admin`), page.click('button[type=submit]')]);
    expect(await page.locator('.newsroom-who').innerText()).toContain('Eda Editor');
    expectCleanPage(checked.problems);
  });
});
