import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectCleanPage, launchBrowser, newCheckedPage, type CheckedPage } from '../helpers/browser.js';
import { addStaff, PASSWORD } from '../helpers/newsroom.js';
import { referenceBundle, repoRoot, startMasthead, type Masthead } from '../helpers/server.js';

// Issue 13, "Done when": a new writer publishes a story with an image, two tags (one new)
// and a section using only the keyboard. Every step here is a key press or typing: focus
// moves with Tab (tabTo checks the control is reachable that way, in at most a page's
// worth of presses), pickers are driven with the arrow keys and Enter, the image goes in
// with Ctrl+V from the clipboard. No click, no fill(), no selectOption().

const IMAGE = path.join(repoRoot, 'test', 'fixtures', 'reference', 'images', 'capitol.jpg');
const HEADLINE = 'Harbour pilots return as the ceasefire holds';
const SLUG = 'harbour-pilots-return-as-the-ceasefire-holds';

/** Presses Tab (or Shift+Tab) until `target` has the focus; fails when it is not reachable. */
async function tabTo(page: Page, target: Locator, { back = false, limit = 80 } = {}): Promise<void> {
  const handle = await target.elementHandle();
  for (let presses = 0; presses < limit; presses += 1) {
    if (await page.evaluate((el) => el === document.activeElement, handle)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`${String(target)} was not reached with ${limit} presses of ${back ? 'Shift+Tab' : 'Tab'}`);
}

/** Types into a picker and takes the line it names with the arrow keys and Enter. */
async function pickWithKeys(page: Page, combobox: Locator, text: string, line: RegExp): Promise<void> {
  await tabTo(page, combobox);
  await page.keyboard.type(text);
  const listbox = page.locator(`#${await combobox.getAttribute('aria-controls')}`);
  const options = listbox.getByRole('option');
  // The list answers the text after a short pause; a list for a prefix may show first.
  await expect.poll(async () => (await options.allTextContents()).some((label) => line.test(label))).toBe(true);
  const labels = await options.allTextContents();
  const index = labels.findIndex((label) => line.test(label));
  expect(index, `a line like ${line} among ${labels.join(' | ')}`).toBeGreaterThanOrEqual(0);
  // The first line is highlighted as the results arrive.
  for (let i = 0; i < index; i += 1) await page.keyboard.press('ArrowDown');
  expect(await options.nth(index).getAttribute('aria-selected')).toBe('true');
  expect(await combobox.getAttribute('aria-activedescendant')).toBe(await options.nth(index).getAttribute('id'));
  await page.keyboard.press('Enter');
}

describe('a story written with the keyboard alone', () => {
  let masthead: Masthead;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let writer: CheckedPage;

  beforeAll(async () => {
    masthead = await startMasthead({ engine: 'sqlite', bundle: referenceBundle });
    await addStaff(masthead, { email: 'wren@example.com', name: 'Wren Writer', role: 'editor' });
    browser = await launchBrowser();
    writer = await newCheckedPage(browser, { viewport: { width: 1280, height: 900 }, permissions: ['clipboard-read', 'clipboard-write'] });
  });
  afterAll(async () => {
    await writer?.close();
    await browser?.close();
    await masthead?.stop();
  });

  it(
    'creates a story with a section, a byline, an existing and a new tag and a pasted image, and publishes it',
    { timeout: 180_000 },
    async () => {
      const { page } = writer;
      await page.goto(`${masthead.url}/admin/login`);
      await tabTo(page, page.getByLabel('Email'));
      await page.keyboard.type('wren@example.com');
      await page.keyboard.press('Tab');
      await page.keyboard.type(PASSWORD);
      await page.keyboard.press('Enter');
      await page.waitForURL(`${masthead.url}/admin`);

      await tabTo(page, page.getByRole('link', { name: 'New story' }));
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/admin\/stories\/new$/);

      // The canvas: headline, dek, body.
      await tabTo(page, page.getByRole('textbox', { name: 'Headline' }));
      await page.keyboard.type(HEADLINE);
      await page.keyboard.press('Tab');
      await page.keyboard.type('The port moved again at dawn.');
      const body = page.getByRole('textbox', { name: 'Body' });
      await tabTo(page, body);
      // Typed straight after Tab: the `+` button once sat inside the empty line and took the
      // caret, and this text was lost (slash-command.ts).
      await page.keyboard.type('The first ship left at six, guided by a pilot who had struck for a week.');
      await page.keyboard.press('Enter');

      // An image file on the clipboard, pasted into the body: the dialog asks for its alt text and credit.
      const bytes = (await readFile(IMAGE)).toString('base64');
      await page.evaluate(async (base64) => {
        // The clipboard carries PNG: the photo is drawn and encoded as one, as a screenshot tool would.
        const jpeg = new Blob([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], { type: 'image/jpeg' });
        const bitmap = await createImageBitmap(jpeg);
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        canvas.getContext('2d')!.drawImage(bitmap, 0, 0);
        const png = await canvas.convertToBlob({ type: 'image/png' });
        await navigator.clipboard.write([new ClipboardItem({ 'image/png': png })]);
      }, bytes);
      await page.keyboard.press('Control+V');
      const dialog = page.getByRole('dialog', { name: 'Add this image to the library and the story' });
      await dialog.waitFor();
      await tabTo(page, dialog.getByLabel('Alt text (required)'));
      await page.keyboard.type('The Capitol dome under a grey sky');
      await tabTo(page, dialog.getByLabel('Credit'));
      await page.keyboard.type('Photo: Harbour Times');
      await tabTo(page, dialog.getByRole('button', { name: 'Upload and insert' }));
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator('#body').inputValue(), { timeout: 30_000 }).toContain('"type":"image"');

      // The settings panel opens from the keyboard: its shortcut from the body, or its button.
      await page.keyboard.press('Alt+Shift+S');
      await expect.poll(() => page.locator('#story-settings').getAttribute('open')).not.toBeNull();
      const format = page.getByRole('combobox', { name: 'Format' });
      await tabTo(page, format);
      await page.keyboard.type('Reporting');

      await pickWithKeys(page, page.getByRole('combobox', { name: 'Sections' }), 'eur', /^Europe$/);
      await expect.poll(() => page.getByRole('button', { name: 'Remove section Europe' }).count()).toBe(1);
      await pickWithKeys(page, page.getByRole('combobox', { name: 'Byline' }), 'okaf', /^Jane Okafor$/);
      const tags = page.getByRole('combobox', { name: 'Tags' });
      await pickWithKeys(page, tags, 'lena', /^Lena Marsh/);
      // The focus stays in the picker for the next tag, which does not exist yet.
      await pickWithKeys(page, tags, 'Harbour pilots', /Create tag “Harbour pilots” as a topic/);
      await expect.poll(() => page.getByRole('button', { name: 'Remove tag Harbour pilots (topic)' }).count()).toBe(1);
      await expect.poll(() => page.getByRole('button', { name: 'Remove tag Lena Marsh (person)' }).count()).toBe(1);

      // The lead image, from the library through its picker.
      await tabTo(page, page.getByRole('button', { name: /Choose image/ }));
      await page.keyboard.press('Enter');
      await page.keyboard.type('Quai d');
      // The search answers as the typing pauses; the one match is highlighted first.
      const results = page.getByRole('listbox', { name: 'Library images' }).getByRole('option');
      await expect.poll(() => results.allTextContents()).toEqual([expect.stringContaining('Quai d’Orsay')]);
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator('#f-image').inputValue()).toBe('paris-quai');

      // Escape closes the panel and gives the focus back to its button.
      await tabTo(page, page.getByRole('combobox', { name: 'Tags' }));
      await page.keyboard.press('Escape');
      await expect.poll(() => page.locator('#story-settings').getAttribute('open')).toBeNull();
      await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Story settings');

      await tabTo(page, page.getByRole('button', { name: 'Create draft' }));
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/admin\/stories\/\d+\?notice=created$/);
      expect(await page.locator('.checklist .missing').allTextContents()).toEqual([]);

      await tabTo(page, page.getByRole('button', { name: 'Publish now' }));
      await page.keyboard.press('Enter');
      await page.waitForURL(/notice=moved/);

      const reader = await writer.context.newPage();
      await reader.goto(`${masthead.url}/${SLUG}`);
      expect(await reader.locator('h1').textContent()).toBe(HEADLINE);
      const text = (await reader.locator('main').textContent()) ?? '';
      for (const expected of [
        'The port moved again at dawn.',
        'guided by a pilot who had struck',
        'Jane Okafor',
        'Lena Marsh',
        'Harbour pilots',
        'Europe',
      ])
        expect(text).toContain(expected);
      expect(await reader.locator('img[alt="The Capitol dome under a grey sky"]').count()).toBe(1);
      await reader.close();
      expectCleanPage(writer.problems);
    },
  );
});
