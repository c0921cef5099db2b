import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolationsInBothSchemes } from '../helpers/axe.js';
import { expectCleanPage, launchBrowser, newCheckedPage } from '../helpers/browser.js';
import { openDatabaseOf } from '../helpers/newsletter.js';
import { startMasthead, type Masthead } from '../helpers/server.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';

// A reader's newsletter journey in a real Chromium, with a real SMTP server: sign up with
// the form, open the mailed link, confirm with the button, unsubscribe from the link in a
// later mail, and delete their data from the data link that page mails them. Every page
// on the way is checked by axe (WCAG 2.2 AA) in both colour schemes and stays free of CSP
// violations and errors.

async function expectAccessible(page: Page): Promise<void> {
  expect(await axeViolationsInBothSchemes(page), page.url()).toEqual([]);
}

function linkIn(text: string | undefined, path: string): string {
  const match = new RegExp(`https?://\\S+${path.replace(/[/?]/g, '\\$&')}\\?token=[A-Za-z0-9_.-]+`).exec(text ?? '');
  if (!match) throw new Error(`no ${path} link in:\n${text}`);
  return match[0];
}

describe('the newsletter journey in Chromium', () => {
  let sink: SmtpSink;
  let site: Masthead;
  let browser: Browser;

  beforeAll(async () => {
    sink = await startSmtpSink();
    [site, browser] = await Promise.all([startMasthead({ engine: 'sqlite', env: { SMTP_URL: sink.url } }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await site?.stop();
    await sink?.close();
  });

  it('signs up, confirms, unsubscribes and deletes, every page accessible in both colour schemes', async () => {
    const email = 'journey@example.org';
    const checked = await newCheckedPage(browser, { viewport: { width: 1280, height: 900 } });
    const { page } = checked;
    try {
      await page.goto(`${site.url}/newsletter`);
      await expectAccessible(page);
      // An address the browser accepts but the server does not: the reason, next to the field.
      await page.getByLabel('Email address').fill('reader@localhost');
      await page.getByRole('button', { name: 'Subscribe' }).click();
      await expect.poll(() => page.locator('#newsletter-email-error').textContent()).toMatch(/must be a domain/);
      expect(await page.getByLabel('Email address').getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByLabel('Email address').inputValue()).toBe('reader@localhost');
      await expectAccessible(page);

      await page.getByLabel('Email address').fill(email);
      await Promise.all([page.waitForURL(`${site.url}/newsletter/check-inbox`), page.getByRole('button', { name: 'Subscribe' }).click()]);
      expect(await page.locator('h1').textContent()).toBe('Check your inbox');
      await expectAccessible(page);

      await page.goto(linkIn((await sink.waitFor(email)).parsed.text, '/newsletter/confirm'));
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Confirm my subscription' }).click();
      await expect.poll(() => page.locator('h1').textContent()).toBe('You’re subscribed');
      await expectAccessible(page);

      // Signing up again brings a mail with an unsubscribe link instead of a second confirmation,
      // once ten minutes have passed (one mail per address per ten minutes): moved on in the database.
      const store = await openDatabaseOf(site);
      await store.db.deleteFrom('throttles').where('key', 'like', 'newsletter-signup:recent:%').execute();
      await store.close();
      const answer = await fetch(`${site.url}/newsletter/subscribe`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email }),
      });
      expect(answer.status).toBe(202);
      await expect.poll(() => sink.to(email).length, { timeout: 10_000 }).toBe(2);
      await page.goto(linkIn(sink.to(email)[1]!.parsed.text, '/newsletter/unsubscribe'));
      expect(await page.locator('h1').textContent()).toBe('Unsubscribe from “Weekly round-up”');
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Unsubscribe' }).click();
      await expect.poll(() => page.locator('h1').textContent()).toBe('You’re unsubscribed');
      await expectAccessible(page);
      // The unsubscribe link only asks for a data link, mailed to the address.
      await page.getByRole('button', { name: 'Email me a link to see or delete my data' }).click();
      await expect.poll(() => page.locator('h1').textContent()).toBe('Check your inbox');
      await expectAccessible(page);
      const dataMail = () => sink.to(email).find((mail) => (mail.parsed.text ?? '').includes('/newsletter/data?token='));
      await expect.poll(() => dataMail() !== undefined, { timeout: 10_000 }).toBe(true);
      await page.goto(linkIn(dataMail()!.parsed.text, '/newsletter/data'));
      expect(await page.locator('h1').textContent()).toBe('Your newsletter data');
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Delete my data' }).click();
      await expect.poll(() => page.locator('h1').textContent()).toBe('Your data is deleted');
      await expectAccessible(page);
      // The refused sign-up above answered 400, which Chromium reports on the console.
      checked.problems.consoleErrors = checked.problems.consoleErrors.filter((line) => !/status of 400/.test(line));
      expectCleanPage(checked.problems);
    } finally {
      await checked.close();
    }
  }, 150_000);
});
