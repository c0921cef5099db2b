import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from '../../src/config/config.js';
import { renderIssue } from '../../src/newsletter/issue-content.js';
import { openStore, type Store } from '../../src/store/store.js';
import { axeViolations } from '../helpers/axe.js';
import { expectCleanPage, newCheckedPage, type CheckedPage } from '../helpers/browser.js';
import { addStaff, PASSWORD } from '../helpers/newsroom.js';
import { useReferenceSiteInChromium } from '../helpers/reference-site.js';

// The newsletter composer and the email's web version in a real Chromium: an editor
// drafts the week's round-up with the button and moves a story with the keyboard; axe
// finds no WCAG 2.2 AA violation on the screens, the preview or the web version, and the
// web version's own CSP (inline styles, no script) reports no violation.

describe('the newsletter composer in Chromium', () => {
  const env = useReferenceSiteInChromium();
  let checked: CheckedPage;
  let store: Store;
  let issueId = 0;

  beforeAll(async () => {
    await addStaff(env.site, { email: 'editor@example.test', name: 'Ed Editor', role: 'editor' });
    store = await openStore(parseDatabaseUrl(env.site.env.DATABASE_URL!));
    // Three reference stories become this week's news, so the round-up has something in it.
    const picked = await store.db.selectFrom('articles').select('id').where('status', '=', 'published').orderBy('id').limit(3).execute();
    for (const [index, story] of picked.entries()) {
      await store.db
        .updateTable('articles')
        .set({ published_at: new Date(Date.now() - (index + 1) * 3_600_000).toISOString() })
        .where('id', '=', story.id)
        .execute();
    }
    checked = await newCheckedPage(env.browser, { viewport: { width: 1280, height: 900 } });
    const { page } = checked;
    await page.goto(`${env.site.url}/admin/login`);
    await page.fill('#f-email', 'editor@example.test');
    await page.fill('#f-password', PASSWORD);
    await Promise.all([page.waitForURL(`${env.site.url}/admin`), page.click('button[type=submit]')]);
  });

  afterAll(async () => {
    await checked?.close();
    await store?.close();
  });

  it('drafts the round-up with the button and moves a story with the keyboard alone', async () => {
    const { page } = checked;
    await page.goto(`${env.site.url}/admin/newsletters`);
    await Promise.all([
      page.waitForURL(/\/admin\/newsletters\/issues\/\d+\?notice=drafted$/),
      page.click('button:has-text("Draft this week’s round-up")'),
    ]);
    issueId = Number(/issues\/(\d+)/.exec(page.url())?.[1]);
    const titles = () => page.locator('.issue-stories > li > a').allTextContents();
    const before = await titles();
    expect(before).toHaveLength(3);
    await page
      .locator('.issue-stories > li')
      .first()
      .getByRole('button', { name: /^Move down/ })
      .focus();
    await Promise.all([page.waitForURL(/notice=stories$/), page.keyboard.press('Enter')]);
    expect(await titles()).toEqual([before[1], before[0], before[2]]);
    expectCleanPage(checked.problems);
  });

  it.each([
    '/admin/newsletters',
    '/admin/newsletters/new',
    '/admin/newsletters/weekly/edit',
    '/admin/newsletters/weekly/issues/new',
    'ISSUE',
    'ISSUE/preview.html',
  ])('has no WCAG 2.2 AA violations that axe can find: %s', async (path) => {
    const url = path.startsWith('ISSUE') ? path.replace('ISSUE', `/admin/newsletters/issues/${issueId}`) : path;
    const response = await checked.page.goto(`${env.site.url}${url}`, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    expect(await axeViolations(checked.page)).toEqual([]);
    expectCleanPage(checked.problems);
  });

  it('shows the web version of a sent issue without CSP violations, at phone and desktop widths', async () => {
    const frozen = await renderIssue(store.db, issueId, { siteUrl: env.site.url });
    await store.db
      .updateTable('newsletter_issues')
      .set({ status: 'sent', html: frozen.html, text: frozen.text })
      .where('id', '=', issueId)
      .execute();
    for (const width of [360, 1280]) {
      const reader = await newCheckedPage(env.browser, { viewport: { width, height: 800 } });
      try {
        const response = await reader.page.goto(`${env.site.url}/newsletter/issues/${issueId}`, { waitUntil: 'load' });
        expect(response?.status()).toBe(200);
        expect(await axeViolations(reader.page)).toEqual([]);
        // Nothing overflows the phone's width: the column shrinks, images scale.
        expect(await reader.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        const images = await reader.page.locator('img').evaluateAll((els) => els.map((e) => (e as HTMLImageElement).naturalWidth));
        expect(images.every((w) => w > 0)).toBe(true);
        if (process.env.MASTHEAD_SCREENSHOTS)
          await reader.page.screenshot({ path: `${process.env.MASTHEAD_SCREENSHOTS}/issue-${width}.png`, fullPage: true });
        expectCleanPage(reader.problems);
      } finally {
        await reader.close();
      }
    }
  });
});
