import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from '../../src/config/config.js';
import { openStore } from '../../src/store/store.js';
import { axeViolationsInBothSchemes } from '../helpers/axe.js';
import { expectCleanPage, launchBrowser, newCheckedPage, signInWithForm, type CheckedPage } from '../helpers/browser.js';
import { addStaff } from '../helpers/newsroom.js';
import { referenceBundle, repoRoot, startMasthead, type Masthead } from '../helpers/server.js';

// The story editor's lead image picker (issue 13) in Chromium, on the real newsroom: the
// dialog of thumbnails opened, searched and picked from with the keyboard only (focus in,
// arrow keys, Enter, Escape, focus back), axe-clean light and dark at phone width, the
// story's own caption saved beside it; and the body picker's cards keep their text inside.

const STORY = 'walk-away-talks'; // lead image paris-quai

/** The story settings panel (the lead image is in it), opened with the keyboard if it is closed. */
async function openSettings(page: Page): Promise<void> {
  const summary = page.locator('#story-settings > summary');
  if ((await summary.count()) === 0 || (await page.locator('#story-settings').getAttribute('open')) !== null) return;
  await summary.focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => page.locator('#story-settings').getAttribute('open')).not.toBeNull();
}

const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id || document.activeElement?.textContent || '');

describe('the lead image picker', () => {
  let masthead: Masthead;
  let browser: Browser;
  let phone: CheckedPage;
  let editorUrl = '';

  beforeAll(async () => {
    masthead = await startMasthead({ engine: 'sqlite', bundle: referenceBundle });
    await addStaff(masthead, { email: 'ed@example.org', name: 'Ed Itor', role: 'editor' });
    browser = await launchBrowser();
    phone = await newCheckedPage(browser, { viewport: { width: 390, height: 844 } });
    await signInWithForm(phone.page, masthead.url, 'ed@example.org');
    const store = await openStore(parseDatabaseUrl(masthead.env.DATABASE_URL!));
    try {
      const { id } = await store.db.selectFrom('articles').select('id').where('slug', '=', STORY).executeTakeFirstOrThrow();
      editorUrl = `${masthead.url}/admin/stories/${id}`;
    } finally {
      await store.close();
    }
  });
  afterAll(async () => {
    await phone?.close();
    await browser?.close();
    await masthead?.stop();
  });

  it('picks a lead image with the keyboard only, from a searchable dialog of thumbnails', async () => {
    const { page } = phone;
    await page.goto(editorUrl);
    // With JavaScript the select gives way to the dialog's button.
    await expect.poll(() => page.locator('[data-lead-image-select]').isHidden()).toBe(true);
    await openSettings(page);
    const open = page.getByRole('button', { name: 'Change image…' });
    await open.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Choose the lead image' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await focusedId(page)).toBe('lead-image-search');
    await expect.poll(() => dialog.getByRole('option').count()).toBe(4);
    // Opened on the current image, its thumbnail shown.
    expect(await page.locator('[role="option"].is-active').getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('[role="option"].is-active img').evaluate((img: HTMLImageElement) => img.naturalWidth > 0)).toBe(true);
    expect(await axeViolationsInBothSchemes(page), 'dialog open, 390 px').toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // Escape closes without a change, focus back on the button.
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await focusedId(page)).toBe('Change image…');
    expect(await page.locator('#f-image').inputValue()).toBe('paris-quai');

    // Search, arrow down to the match, Enter: picked, closed, focus back.
    await page.keyboard.press('Enter');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await page.keyboard.type('capitol');
    await expect.poll(() => dialog.getByRole('option').count()).toBe(1);
    await page.keyboard.press('End');
    await expect.poll(() => page.locator('#lead-image-search').getAttribute('aria-activedescendant')).toBe('lead-image-option-0');
    await page.keyboard.press('Enter');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await focusedId(page)).toBe('Change image…');
    expect(await page.locator('#f-image').inputValue()).toBe('capitol');
    expect(await page.locator('[data-lead-image-preview]').textContent()).toContain('The dome of the Capitol under a grey sky');
    expect(await page.locator('#f-image-caption-hint').textContent()).toBe(
      "Leave empty to use the library's caption: “The Capitol on Thursday morning.”.",
    );

    // The story's own caption, saved with the form.
    await page.getByLabel('Caption in this story').fill('Our own view of the Capitol.');
    await page.locator('#story-form').evaluate((form: HTMLFormElement) => form.requestSubmit());
    await page.waitForURL(/notice=saved/);
    await openSettings(page);
    expect(await page.locator('#f-image').inputValue()).toBe('capitol');
    expect(await page.getByLabel('Caption in this story').inputValue()).toBe('Our own view of the Capitol.');
    expectCleanPage(phone.problems);
  });

  it('keeps the body image picker’s card text inside its card', async () => {
    const { page } = phone;
    await page.goto(editorUrl);
    await page.locator('.rte-content').click();
    await page.getByRole('button', { name: 'Image', exact: true }).click();
    await expect.poll(() => page.locator('.rte-picker-results button').count()).toBeGreaterThan(0);
    const boxes = await page.locator('.rte-picker-results button').evaluateAll((buttons) =>
      buttons.map((button) => {
        const card = button.getBoundingClientRect();
        const img = button.querySelector('img')!.getBoundingClientRect();
        const text = button.querySelector('span')!.getBoundingClientRect();
        return {
          textBelowImage: text.top >= img.bottom - 1,
          inside: text.right <= card.right + 1 && text.bottom <= card.bottom + 1,
          textWidth: text.width,
          cardWidth: card.width,
        };
      }),
    );
    for (const box of boxes) {
      expect(box.textBelowImage, JSON.stringify(box)).toBe(true);
      expect(box.inside, JSON.stringify(box)).toBe(true);
      expect(box.textWidth, JSON.stringify(box)).toBeGreaterThan(box.cardWidth * 0.6);
    }
  });
  it('swaps "Making sizes…" for the thumbnail once the variants are made, without a reload', async () => {
    const { page } = phone;
    await page.goto(`${masthead.url}/admin/media`);
    await page
      .getByLabel('Image file')
      .setInputFiles(path.join(repoRoot, 'test', 'fixtures', 'reference', 'images', 'okafor-portrait.jpg'));
    await page.locator('#upload-alt').fill('A second portrait');
    const itemPage = page.waitForResponse((response) => /\/admin\/media\/\d+\?notice=uploaded/.test(response.url()));
    await page.getByRole('button', { name: 'Upload' }).click();
    // What the server answered first: "Making sizes…" unless the job was quicker than the redirect.
    const pending = (await (await itemPage).text()).includes('data-media-pending');
    const asked: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/admin/media/status.json')) asked.push(request.url());
    });
    const navigations: string[] = [];
    page.on('framenavigated', (frame) => navigations.push(frame.url()));
    // The job worker makes the sizes in the background; the page asks until they are there.
    await expect.poll(() => page.locator('.media-detail img').count(), { timeout: 30_000 }).toBe(1);
    expect(await page.locator('.media-detail img').evaluate((img: HTMLImageElement) => img.alt)).toBe('A second portrait');
    expect(await page.locator('[data-media-state]').textContent()).toBe('Ready');
    expect(navigations).toEqual([]);
    if (pending) expect(asked.length).toBeGreaterThan(0);
    expectCleanPage(phone.problems);
  });
});
