import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BlockNode, DocumentNode } from '../../src/content/document.js';
import { parseDatabaseUrl } from '../../src/config/config.js';
import { openStore } from '../../src/store/store.js';
import { axeViolations, axeViolationsInBothSchemes } from '../helpers/axe.js';
import { expectCleanPage, launchBrowser, newCheckedPage, signInWithForm, type CheckedPage } from '../helpers/browser.js';
import { addStaff } from '../helpers/newsroom.js';
import { referenceBundle, startMasthead, type Masthead } from '../helpers/server.js';

// Writing with the keyboard in the real newsroom (issue 13): the `/` menu, Markdown
// shortcuts, Ctrl+S through autosave, an image file pasted into the body (dialog, alt
// text and credit, into the library and the body), the preview at desktop and phone
// width, and two people on one story seeing each other through the soft lock.

const storedBody = async (page: Page) => JSON.parse(await page.locator('#body').inputValue()) as DocumentNode;
const textOf = (block: BlockNode | undefined): string =>
  block && 'content' in block && Array.isArray(block.content)
    ? (block.content as Array<{ text?: string; content?: unknown }>).map((n) => n.text ?? textOf(n as BlockNode)).join('')
    : '';

describe('writing with the keyboard', () => {
  let masthead: Masthead;
  let browser: Browser;
  let ada: CheckedPage;
  let storyUrl: string;

  beforeAll(async () => {
    masthead = await startMasthead({ engine: 'sqlite', bundle: referenceBundle });
    await addStaff(masthead, { email: 'ada@example.com', name: 'Ada Admin', role: 'admin' });
    await addStaff(masthead, { email: 'eddie@example.com', name: 'Eddie Editor', role: 'editor' });
    browser = await launchBrowser();
    ada = await newCheckedPage(browser, { viewport: { width: 1280, height: 900 } });
    await signInWithForm(ada.page, masthead.url, 'ada@example.com');
    await ada.page.goto(`${masthead.url}/admin/stories/new`);
    await ada.page.getByLabel('Headline').fill('Harbour talks resume');
    await ada.page.getByRole('button', { name: 'Create draft' }).click();
    await ada.page.waitForURL(/\/admin\/stories\/\d+\?notice=created/);
    storyUrl = ada.page.url().replace(/\?.*$/, '');
  });
  afterAll(async () => {
    await ada?.close();
    await browser?.close();
    await masthead?.stop();
  });

  it('inserts blocks from the `/` menu and turns Markdown into blocks and marks', async () => {
    const { page } = ada;
    const body = page.locator('.rte-content');
    await body.click();
    await page.keyboard.type('## Section one');
    await page.keyboard.press('Enter');
    await page.keyboard.type('# Big news');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Some **bold** and _slanted_ words.');
    await page.keyboard.press('Enter');

    // The slash menu: a combobox with a listbox, filtered by typing, chosen with the arrows and Enter.
    await page.keyboard.type('/');
    const filter = page.getByRole('combobox', { name: 'Insert a block' });
    await expect.poll(() => filter.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('quo');
    const options = page.getByRole('listbox').getByRole('option');
    await expect.poll(() => options.allTextContents()).toEqual([expect.stringMatching(/^Quote/), expect.stringMatching(/^Pull quote/)]);
    expect(await axeViolationsInBothSchemes(page, { include: '.rte' })).toEqual([]);
    await page.keyboard.press('ArrowDown');
    expect(await page.getByRole('listbox').getByRole('option', { selected: true }).textContent()).toMatch(/^Pull quote/);
    await page.keyboard.press('Enter');
    await page.keyboard.type('Never again.');
    await page.keyboard.press('Enter');
    // Escape goes back to the text and keeps the slash, for whoever meant one.
    await page.keyboard.type('/');
    await expect.poll(() => filter.isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => filter.count()).toBe(0);
    await page.keyboard.type('r/news');
    await page.keyboard.press('Enter');
    await page.keyboard.type('/divider');
    await page.keyboard.press('Enter');
    await page.keyboard.type('- first point');

    const doc = await storedBody(page);
    // (A divider keeps an empty line after it, as TipTap's does, which the list left behind.)
    const blocks = doc.content.filter((block, i) => !(i === doc.content.length - 1 && block.type === 'paragraph' && !block.content));
    const kinds = blocks.map((block) => (block.type === 'heading' ? `h${block.attrs.level}` : block.type));
    expect(kinds).toEqual(['h2', 'h2', 'paragraph', 'pullQuote', 'paragraph', 'horizontalRule', 'bulletList']);
    expect(textOf(doc.content[0])).toBe('Section one');
    expect(textOf(doc.content[1])).toBe('Big news');
    const marked = (doc.content[2] as { content: Array<{ text: string; marks?: Array<{ type: string }> }> }).content;
    expect(marked.find((n) => n.text === 'bold')?.marks).toEqual([{ type: 'bold' }]);
    expect(marked.find((n) => n.text === 'slanted')?.marks).toEqual([{ type: 'italic' }]);
    expect(textOf(doc.content[3])).toBe('Never again.');
    expect(textOf(doc.content[4])).toBe('/r/news');
    // Word count and reading time, in a polite live region, once typing pauses.
    await expect.poll(() => page.locator('.rte-word-count').textContent(), { timeout: 5000 }).toBe('15 words · 1 min read');
    expect(await page.locator('.rte-word-count').getAttribute('aria-live')).toBe('polite');
  });

  it('saves with Ctrl+S through autosave, and says so when nothing is left to save', async () => {
    const { page } = ada;
    await page.keyboard.type(' and a second');
    const saved = page.waitForResponse((r) => r.url().endsWith('/autosave') && r.request().method() === 'POST');
    await page.keyboard.press('Control+s');
    expect((await saved).status()).toBe(200);
    await expect.poll(() => page.locator('#autosave-status').textContent()).toMatch(/^Saved /);
    // Only "save now" says this: the key reached autosave, not the browser's "Save page as".
    await page.keyboard.press('Control+s');
    await expect.poll(() => page.locator('#autosave-status').textContent()).toBe('All changes are saved.');
    const store = await openStore(parseDatabaseUrl(masthead.env.DATABASE_URL!));
    try {
      const row = await store.db
        .selectFrom('articles')
        .select('body')
        .where('title', '=', 'Harbour talks resume')
        .executeTakeFirstOrThrow();
      expect(row.body).toContain('first point and a second');
    } finally {
      await store.close();
    }
  });

  it('uploads a pasted image file after asking for alt text and credit, and places it in the body', async () => {
    const { page } = ada;
    const png = await sharp({ create: { width: 320, height: 200, channels: 3, background: '#2a6f97' } })
      .png()
      .toBuffer();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    const paste = (base64: string, name: string, type: string) =>
      page.evaluate(
        ({ base64, name, type }) => {
          const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
          const data = new DataTransfer();
          data.items.add(new File([bytes], name, { type }));
          document
            .querySelector('.rte-content')!
            .dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
        },
        { base64, name, type },
      );
    const before = (await storedBody(page)).content.length;

    // Not an image: said, and nothing asked or inserted.
    await paste(Buffer.from('minutes of the meeting').toString('base64'), 'minutes.txt', 'text/plain');
    await expect.poll(() => page.locator('.rte-status').textContent()).toMatch(/“minutes\.txt” is not an image/);
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect((await storedBody(page)).content.length).toBe(before);

    await paste(png.toString('base64'), 'cranes.png', 'image/png');
    const dialog = page.getByRole('dialog', { name: 'Add this image to the library and the story' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    // Focus starts in the alt text; the upload waits for it.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => dialog.getByRole('alert').textContent()).toMatch(/Describe the image first/);
    expect(await axeViolationsInBothSchemes(page, { include: '.rte-dialog' })).toEqual([]);
    await dialog.getByLabel('Alt text (required)').fill('Cranes over the harbour at dawn');
    await dialog.getByLabel('Credit').fill('Photo: Ada Admin');
    await dialog.getByLabel('Credit').press('Enter');
    await expect.poll(() => dialog.count()).toBe(0);
    await expect.poll(async () => (await storedBody(page)).content.some((b) => b.type === 'image')).toBe(true);
    const image = (await storedBody(page)).content.find((b) => b.type === 'image') as Extract<BlockNode, { type: 'image' }>;
    expect(await page.evaluate(() => document.activeElement?.classList.contains('rte-content'))).toBe(true);

    const store = await openStore(parseDatabaseUrl(masthead.env.DATABASE_URL!));
    try {
      const row = await store.db.selectFrom('media').selectAll().where('id', '=', image.attrs.mediaId).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ alt: 'Cranes over the harbour at dawn', credit: 'Photo: Ada Admin', original_name: 'cranes.png' });
    } finally {
      await store.close();
    }
    // The preview appears once the job has made the sizes, without a reload.
    await expect.poll(() => page.locator('.rte-image-preview img').count(), { timeout: 20_000 }).toBe(1);
    expectCleanPage(ada.problems);
  });

  it('previews the saved story at desktop and phone width, and opens the preview with Ctrl+Alt+P', async () => {
    const { page, context } = ada;
    await page.locator('.rte-content').click();
    const opened = context.waitForEvent('page');
    await page.keyboard.press('Control+Alt+KeyP');
    const preview = await opened;
    await preview.waitForURL(`${storyUrl}/preview`);
    const frame = preview.locator('iframe.preview-frame');
    expect((await frame.boundingBox())!.width).toBeGreaterThan(800);
    expect(await preview.frameLocator('iframe.preview-frame').locator('h1').textContent()).toBe('Harbour talks resume');
    await preview.getByRole('link', { name: 'Phone (390 px)' }).click();
    await preview.waitForURL(`${storyUrl}/preview?width=phone`);
    expect(Math.round((await preview.locator('iframe.preview-frame').boundingBox())!.width)).toBe(390);
    expect(await preview.frameLocator('iframe.preview-frame').locator('body').textContent()).toContain('Section one');
    // At phone width the framed page itself scrolls no sideways.
    const overflow = await preview
      .frameLocator('iframe.preview-frame')
      .locator('html')
      .evaluate((html) => html.scrollWidth - html.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    // The page around the frame (the framed reader page is checked at its own address by the reader tests).
    expect(await axeViolations(preview)).toEqual([]);
    await preview.close();
    expectCleanPage(ada.problems);
  });

  it('shows each person who else has the story open, and clears it when they leave', async () => {
    const eddie = await newCheckedPage(browser, { viewport: { width: 390, height: 800 } });
    try {
      await signInWithForm(eddie.page, masthead.url, 'eddie@example.com');
      await eddie.page.goto(storyUrl);
      const notice = eddie.page.locator('#presence-notice');
      await expect.poll(() => notice.textContent()).toMatch(/^Ada Admin is editing \(since \d\d:\d\d.*\)\.$/);
      expect(await notice.getAttribute('role')).toBe('status');
      expect(await axeViolationsInBothSchemes(eddie.page, { include: '#presence-notice' })).toEqual([]);
      // At phone width the editor with its notice scrolls no sideways.
      expect(
        await eddie.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
      ).toBeLessThanOrEqual(0);
      // Ada's page learns of Eddie at its next heartbeat; a reload is one.
      await ada.page.reload();
      await expect.poll(() => ada.page.locator('#presence-notice').textContent()).toMatch(/^Eddie Editor is editing/);
      // Eddie leaves: the beacon releases the story at once, not after the timeout.
      await eddie.page.goto(`${masthead.url}/admin`);
      await ada.page.reload();
      await expect.poll(() => ada.page.locator('#presence-notice').isHidden()).toBe(true);
      expect(await ada.page.locator('#presence-notice').textContent()).toBe('');
      expectCleanPage(eddie.problems);
    } finally {
      await eddie.close();
    }
  });
});
