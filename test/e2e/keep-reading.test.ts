import { describe, expect, it } from 'vitest';
import { expectCleanPage, newCheckedPage } from '../helpers/browser.js';
import { article } from '../helpers/http.js';
import { useReferenceSiteInChromium } from '../helpers/reference-site.js';

// A reader on the article page unfolds a related story in place and folds it back
// (SPEC §5), with a mouse, with the keyboard, and with JavaScript off.

const related = article('gulf-ceasefire-deadline');
const paragraphs = related.body.source.split('\n\n');
const lastParagraph = paragraphs.at(-1)!;
const lead = article('walk-away-talks');

describe('Keep reading on the article page (Chromium)', () => {
  const env = useReferenceSiteInChromium();

  it('unfolds the first related story in place, moves focus to the first paragraph its excerpt did not show, and folds it back', async () => {
    const checked = await newCheckedPage(env.browser);
    const { page } = checked;
    try {
      await page.goto(`${env.site.url}/${lead.slug}`);
      const button = page.locator('.keep-reading').first();
      expect(await button.evaluate((el) => el.tagName)).toBe('BUTTON');
      expect(await button.getAttribute('aria-expanded')).toBe('false');
      expect(await button.textContent()).toMatch(/^Keep reading/);
      await expect.poll(() => page.getByText(lastParagraph).isVisible(), { timeout: 5_000 }).toBe(false);

      await button.click();

      await expect.poll(() => button.getAttribute('aria-expanded'), { timeout: 5_000 }).toBe('true');
      await expect.poll(() => button.textContent(), { timeout: 5_000 }).toMatch(/^Show less/);
      await expect.poll(() => page.getByText(lastParagraph).isVisible(), { timeout: 5_000 }).toBe(true);
      const regionId = await button.getAttribute('aria-controls');
      const focus = await page.evaluate((id) => {
        const active = document.activeElement;
        const region = id ? document.getElementById(id) : null;
        return {
          tag: active?.tagName ?? null,
          text: active?.textContent?.replace(/\s+/g, ' ').trim() ?? '',
          inRegion: Boolean(region && active && region.contains(active)),
          index: region ? [...region.querySelectorAll('p')].indexOf(active as HTMLParagraphElement) : -1,
          regionVisible: Boolean(region && !region.hidden && region.getClientRects().length > 0),
        };
      }, regionId);
      expect(focus.tag).toBe('P');
      // The card's excerpt was the story's first paragraph: the reader goes on from the second.
      expect(focus.text.replace(/[“”]/g, '"')).toBe(paragraphs[1]);
      expect(regionId, 'the button names the region it controls').toBeTruthy();
      expect(focus.inRegion).toBe(true);
      expect(focus.index).toBe(1);
      expect(focus.regionVisible).toBe(true);

      await button.click();

      await expect.poll(() => button.getAttribute('aria-expanded'), { timeout: 5_000 }).toBe('false');
      await expect.poll(() => button.textContent(), { timeout: 5_000 }).toMatch(/^Keep reading/);
      expect(await page.locator(`#${regionId}`).isHidden()).toBe(true);
      expect(await page.getByText(lastParagraph).isVisible()).toBe(false);
      expectCleanPage(checked.problems);
    } finally {
      await checked.close();
    }
  });

  it('unfolds and folds a related story with the keyboard alone', async () => {
    const checked = await newCheckedPage(env.browser);
    const { page } = checked;
    try {
      await page.goto(`${env.site.url}/${lead.slug}`);
      const button = page.locator('.keep-reading').first();
      await button.focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => button.getAttribute('aria-expanded'), { timeout: 5_000 }).toBe('true');
      await expect.poll(() => page.evaluate(() => document.activeElement?.tagName), { timeout: 5_000 }).toBe('P');

      await button.focus();
      await page.keyboard.press('Space');
      await expect.poll(() => button.getAttribute('aria-expanded'), { timeout: 5_000 }).toBe('false');
      expect(await page.getByText(lastParagraph).isVisible()).toBe(false);
      expectCleanPage(checked.problems);
    } finally {
      await checked.close();
    }
  });

  it('is a plain link to the story, and the page shows the whole article, with JavaScript off', async () => {
    const checked = await newCheckedPage(env.browser, { javaScriptEnabled: false });
    const { page } = checked;
    try {
      await page.goto(`${env.site.url}/${lead.slug}`);
      const leadParagraphs = lead.body.source.split('\n\n').filter((p) => !p.startsWith('>'));
      const lastLeadParagraph = leadParagraphs.at(-1)!;
      expect(await page.getByText(lastLeadParagraph).isVisible()).toBe(true);

      const link = page.locator('.keep-reading').first();
      expect(await link.evaluate((el) => el.tagName)).toBe('A');
      expect(new URL((await link.getAttribute('href'))!, env.site.url).pathname).toBe(`/${related.slug}`);

      await Promise.all([page.waitForURL(`${env.site.url}/${related.slug}`), link.click()]);
      expect(await page.locator('h1').textContent()).toBe(related.title);
      expect(await page.getByText(lastParagraph).isVisible()).toBe(true);
      expectCleanPage(checked.problems);
    } finally {
      await checked.close();
    }
  });
});
