import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { parseDatabaseUrl } from '../../src/config/config.js';
import type { DocumentNode } from '../../src/content/document.js';
import { openStore } from '../../src/store/store.js';
import { expectCleanPage, launchBrowser, newCheckedPage } from '../helpers/browser.js';
import { article } from '../helpers/http.js';
import { referenceBundle, startMasthead, type Masthead } from '../helpers/server.js';

// A reader meets an embedded video as a placeholder: nothing is requested from another
// host until they press "Load the video", and then only the youtube-nocookie.com player
// (which the test's network guard records and aborts, never reaching the internet).

const lead = article('walk-away-talks');

describe('click-to-load embeds on the article page (Chromium)', () => {
  let site: Masthead;
  let browser: Browser;

  beforeAll(async () => {
    [site, browser] = await Promise.all([startMasthead({ engine: 'sqlite', bundle: referenceBundle }), launchBrowser()]);
    // Bodies with embeds come from the newsroom editor; the test stores one directly.
    const store = await openStore(parseDatabaseUrl(site.env.DATABASE_URL!));
    const body: DocumentNode = {
      type: 'doc',
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'Watch the signing.' }] },
        { type: 'embed', attrs: { provider: 'youtube', url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ' } },
        { type: 'embed', attrs: { provider: 'bluesky', url: 'https://bsky.app/profile/desk.example.org/post/3kq2abcd5xyz2' } },
      ],
    };
    try {
      await store.db
        .updateTable('articles')
        .set({ body: JSON.stringify(body) })
        .where('slug', '=', lead.slug)
        .execute();
      await store.db
        .updateTable('publication')
        .set((eb) => ({ content_version: eb('content_version', '+', 1) }))
        .where('id', '=', 1)
        .execute();
    } finally {
      await store.close();
    }
  });
  afterAll(async () => {
    await browser?.close();
    await site?.stop();
  });

  it('loads the YouTube player only when the reader asks, and moves focus to it', async () => {
    const checked = await newCheckedPage(browser);
    const { page } = checked;
    try {
      await page.goto(`${site.url}/${lead.slug}`);
      const load = page.getByRole('button', { name: 'Load the video' });
      await expect.poll(() => load.isVisible(), { timeout: 5_000 }).toBe(true);
      expect(await page.locator('iframe').count()).toBe(0);
      expect(await page.getByRole('link', { name: 'Open the post on Bluesky' }).getAttribute('href')).toBe(
        'https://bsky.app/profile/desk.example.org/post/3kq2abcd5xyz2',
      );
      expectCleanPage(checked.problems);

      await load.focus();
      await page.keyboard.press('Enter');
      const frame = page.locator('figure.embed-youtube iframe');
      await expect
        .poll(() => frame.getAttribute('src'), { timeout: 5_000 })
        .toBe('https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1');
      expect(await frame.getAttribute('title')).toBe('YouTube video player');
      await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('IFRAME');
      await expect.poll(() => checked.problems.offHostRequests.length, { timeout: 5_000 }).toBeGreaterThan(0);
      expect(checked.problems.offHostRequests.every((url) => url.startsWith('https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ'))).toBe(
        true,
      );
      expect(checked.problems.cspViolations).toEqual([]);
    } finally {
      await checked.close();
    }
  });
});
