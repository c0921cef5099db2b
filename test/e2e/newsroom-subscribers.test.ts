import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../helpers/axe.js';
import { expectCleanPage, newCheckedPage, type CheckedPage } from '../helpers/browser.js';
import { addStaff, PASSWORD } from '../helpers/newsroom.js';
import { useReferenceSiteInChromium } from '../helpers/reference-site.js';

// An editor's subscriber journey in Chromium, without any script of ours: import a file
// (first a broken one, refused with its lines), read the list and the growth numbers,
// open one person. Every screen on the way passes axe's WCAG 2.2 AA rules.

describe('newsroom subscribers in Chromium', () => {
  const env = useReferenceSiteInChromium();
  let checked: CheckedPage;

  beforeAll(async () => {
    await addStaff(env.site, { email: 'editor@example.test', name: 'Ed Editor', role: 'editor' });
    checked = await newCheckedPage(env.browser, { viewport: { width: 1280, height: 900 } });
    await checked.page.goto(`${env.site.url}/admin/login`);
    await checked.page.fill('#f-email', 'editor@example.test');
    await checked.page.fill('#f-password', PASSWORD);
    await Promise.all([checked.page.waitForURL(`${env.site.url}/admin`), checked.page.click('button[type=submit]')]);
  });

  afterAll(async () => {
    await checked?.close();
  });

  it('imports a file, lists the subscribers and shows one, all accessible', async () => {
    const { page } = checked;
    await page.click('nav[aria-label="Newsroom"] a:text("Subscribers")');
    await page.click('a:text("Import a CSV file")');
    const upload = async (text: string) => {
      await page.setInputFiles('#import-file', { name: 'readers.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });
      await Promise.all([page.waitForLoadState('load'), page.click('form[action="/admin/subscribers/import"] button[type=submit]')]);
    };

    await upload('email,consent\nada@example.org,yes\nnot an address,yes\n');
    expect(await page.textContent('#error-summary')).toContain('Line 3');
    expect(await axeViolations(page)).toEqual([]);

    await upload('email,consent,lists,source\nada@example.org,yes,weekly,Spring fair\nbo@example.net,yes,,\n');
    expect(await page.textContent('.import-summary')).toContain('2 new subscribers added');
    expect(await axeViolations(page)).toEqual([]);

    await page.click('a:text("See the subscribers")');
    expect(await page.textContent('.result-count')).toBe('2 subscribers');
    await page.click('.growth-table summary');
    expect(await page.textContent('.growth-table tbody tr:last-child td:last-child')).toBe('2');
    expect(await axeViolations(page)).toEqual([]);

    await page.click('a:text("ada@example.org")');
    expect(await page.textContent('h1')).toBe('ada@example.org');
    expect(await page.textContent('main')).toContain('Spring fair');
    expect(await axeViolations(page)).toEqual([]);
    // The refused import answered 400, which Chromium logs as a failed resource.
    expectCleanPage({ ...checked.problems, consoleErrors: checked.problems.consoleErrors.filter((e) => !e.includes('status of 400')) });
  }, 120_000);
});
