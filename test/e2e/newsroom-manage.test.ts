import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolationsInBothSchemes } from '../helpers/axe.js';
import { expectCleanPage, newCheckedPage, signInWithForm, type CheckedPage, type PageProblems } from '../helpers/browser.js';
import { addStaff } from '../helpers/newsroom.js';
import { useReferenceSiteInChromium } from '../helpers/reference-site.js';

// The newsroom's management screens in a real Chromium, signed in as an administrator:
// axe finds no WCAG 2.2 AA violation (also with the error summary showing), and an editor
// can create and reorder a section with the keyboard alone.

/** The form refused on purpose answers 400, which Chromium logs; nothing else may show up. */
function withoutRefusals(problems: PageProblems): PageProblems {
  return {
    ...problems,
    consoleErrors: problems.consoleErrors.filter(
      (e) => !e.endsWith('/admin/sections: Failed to load resource: the server responded with a status of 400 (Bad Request)'),
    ),
  };
}

/** Presses Tab until the element matching `selector` has focus; fails after `max` presses. */
async function tabTo(page: Page, selector: string, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

const pages = [
  '/admin/sections',
  '/admin/sections/2',
  '/admin/tags',
  '/admin/tags/1',
  '/admin/authors',
  '/admin/authors/1',
  '/admin/staff',
  '/admin/staff/1',
  '/admin/staff/2',
  '/admin/settings',
  '/admin/subscribers',
  '/admin/subscribers/import',
  '/admin/audit',
];

describe('newsroom management screens in Chromium', () => {
  const env = useReferenceSiteInChromium();
  let users = false;

  async function signedIn(email: string, options: Parameters<typeof newCheckedPage>[1] = {}): Promise<CheckedPage> {
    if (!users) {
      for (const [address, name, role] of [
        ['admin@example.test', 'Ada Admin', 'admin'],
        ['editor@example.test', 'Ed Editor', 'editor'],
      ] as const) {
        await addStaff(env.site, { email: address, name, role });
      }
      users = true;
    }
    const checked = await newCheckedPage(env.browser, { viewport: { width: 1280, height: 900 }, ...options });
    await signInWithForm(checked.page, env.site.url, email);
    return checked;
  }

  describe('in the light and the dark colour scheme', () => {
    let checked: CheckedPage;
    beforeAll(async () => {
      checked = await signedIn('admin@example.test');
    });
    afterAll(async () => {
      await checked?.close();
    });

    it.each(pages)('has no WCAG 2.2 AA violations that axe can find: %s', async (path) => {
      const response = await checked.page.goto(`${env.site.url}${path}`, { waitUntil: 'load' });
      expect(response?.status()).toBe(200);
      expect(await axeViolationsInBothSchemes(checked.page)).toEqual([]);
      expectCleanPage(checked.problems);
    });

    it('has none with the error summary and invalid fields showing', async () => {
      await checked.page.goto(`${env.site.url}/admin/sections`);
      await checked.page.fill('#new-name', 'Sport');
      await checked.page.fill('#new-slug', 'Not A Slug');
      await checked.page.click('form[action="/admin/sections"] button[type=submit]');
      await checked.page.waitForSelector('#error-summary');
      expect(await axeViolationsInBothSchemes(checked.page)).toEqual([]);
      expectCleanPage(withoutRefusals(checked.problems));
    });
  });

  it('lets an editor create and reorder a section with the keyboard alone', async () => {
    const checked = await signedIn('editor@example.test');
    const { page } = checked;
    try {
      await page.goto(`${env.site.url}/admin/sections`);
      await tabTo(page, '#new-name');
      await page.keyboard.type('Culture');
      await page.keyboard.press('Tab');
      await page.keyboard.type('Culture Desk');
      await Promise.all([page.waitForLoadState('load'), page.keyboard.press('Enter')]);
      await page.waitForSelector('#error-summary');
      expect(await page.textContent('#error-summary')).toContain('must be lower-case letters');
      expect(await page.inputValue('#new-name')).toBe('Culture');

      await tabTo(page, '#new-slug');
      await page.keyboard.press('ControlOrMeta+a');
      await page.keyboard.type('culture');
      await Promise.all([page.waitForURL(/notice=created/), page.keyboard.press('Enter')]);
      const names = () => page.$$eval('.manage-table tbody th a', (links) => links.map((a) => a.textContent));
      expect((await names()).at(-1)).toBe('Culture');

      await tabTo(page, 'button:has(span.visually-hidden)', 200);
      // Tab on to the "Move up" button of the last row: the one naming Culture.
      for (let i = 0; i < 40 && !(await page.evaluate(() => document.activeElement?.textContent === 'Move up: Culture')); i++)
        await page.keyboard.press('Tab');
      await Promise.all([page.waitForURL(/notice=moved/), page.keyboard.press('Enter')]);
      expect((await names()).slice(-2)).toEqual(['Culture', 'Washington Politics']);
      expectCleanPage(withoutRefusals(checked.problems));
    } finally {
      await checked.close();
    }
  });
});
