import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, axeViolationsInBothSchemes } from '../helpers/axe.js';
import { clearProblems, expectCleanPage, newCheckedPage, type CheckedPage } from '../helpers/browser.js';
import { useReferenceSiteInChromium } from '../helpers/reference-site.js';

// What every reader sees on every page type, in a real Chromium: nothing scrolls sideways
// on a 360 px phone, axe finds no WCAG 2.2 AA violation in light or dark mode, and no page
// breaks its CSP, logs an error or calls another host.

const readerPages: Array<[string, string]> = [
  ['the front page', '/'],
  ['the article page', '/walk-away-talks'],
  ['a section page', '/section/europe'],
  ['the briefs section page', '/section/qiosk'],
  ['a tag page', '/tag/lena-marsh'],
  ['an author page', '/author/jane-okafor'],
  ['the latest stories', '/latest'],
  ['search results', '/search?q=talks'],
  ['a search with no results', '/search?q=xylophonic'],
  ['the newsletter "check your inbox" page', '/newsletter/check-inbox'],
];

describe('reader pages in Chromium', () => {
  const env = useReferenceSiteInChromium();

  // One page per viewport, reused from page to page as a reader's tab is; the problems
  // it records are cleared before each page, so each test answers for its own page.
  describe('on a 360 px wide phone', () => {
    let phone: CheckedPage;
    beforeAll(async () => {
      phone = await newCheckedPage(env.browser, {
        viewport: { width: 360, height: 740 },
        deviceScaleFactor: 1,
        isMobile: true,
        hasTouch: true,
      });
    });
    afterAll(() => phone?.close());

    it.each(readerPages)('does not scroll sideways: %s (%s)', async (_name, path) => {
      clearProblems(phone.problems);
      const response = await phone.page.goto(`${env.site.url}${path}`, { waitUntil: 'load' });
      expect(response?.status()).toBe(200);
      const overflow = await phone.page.evaluate(() => {
        const root = document.documentElement;
        const wide = [...document.querySelectorAll('body *')]
          .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1)
          .slice(0, 5)
          .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`);
        return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, bodyScrollWidth: document.body.scrollWidth, wide };
      });
      expect(overflow.scrollWidth, `wider than the screen: ${overflow.wide.join(', ')}`).toBeLessThanOrEqual(overflow.clientWidth);
      expect(overflow.bodyScrollWidth).toBeLessThanOrEqual(overflow.clientWidth);
      expectCleanPage(phone.problems);
    });
  });

  describe('on a desktop screen', () => {
    let desktop: CheckedPage;
    beforeAll(async () => {
      desktop = await newCheckedPage(env.browser, { viewport: { width: 1280, height: 900 } });
    });
    afterAll(() => desktop?.close());

    it.each(readerPages)('has no WCAG 2.2 AA violations that axe can find, light or dark: %s (%s)', async (_name, path) => {
      clearProblems(desktop.problems);
      const response = await desktop.page.goto(`${env.site.url}${path}`, { waitUntil: 'load' });
      expect(response?.status()).toBe(200);
      expect(await axeViolationsInBothSchemes(desktop.page)).toEqual([]);
      expectCleanPage(desktop.problems);
    });
  });

  it('has an axe check that fails on a missing alt text, and on contrast only the dark scheme breaks', async () => {
    const checked = await newCheckedPage(env.browser);
    try {
      await checked.page.setContent(`<!doctype html><html lang="en"><head><title>Probe</title>
        <style>p { color: #222; background: #fff } @media (prefers-color-scheme: dark) { p { color: #333; background: #222 } }</style></head>
        <body><main><h1>Probe</h1><p>Dim in the dark</p><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></body></html>`);
      expect(await axeViolations(checked.page)).toEqual([expect.stringMatching(/^image-alt /)]);
      const both = await axeViolationsInBothSchemes(checked.page);
      expect(both.map((line) => line.split(' (')[0])).toEqual(['light: image-alt', 'dark: color-contrast', 'dark: image-alt']);
    } finally {
      await checked.close();
    }
  });

  it('records a request for another host and sends it to the dead proxy, IP literals included', async () => {
    const checked = await newCheckedPage(env.browser);
    try {
      const failed: string[] = [];
      checked.page.on('requestfailed', (request) => failed.push(`${request.url()} ${request.failure()?.errorText ?? ''}`));
      await checked.page.setContent('<img src="http://198.51.100.7/pixel.gif" alt=""><img src="https://tracker.example/pixel.gif" alt="">');
      await expect.poll(() => failed.length, { timeout: 10_000 }).toBe(2);
      expect(failed.sort()).toEqual([
        'http://198.51.100.7/pixel.gif net::ERR_PROXY_CONNECTION_FAILED',
        'https://tracker.example/pixel.gif net::ERR_PROXY_CONNECTION_FAILED',
      ]);
      expect(checked.problems.offHostRequests.sort()).toEqual(['http://198.51.100.7/pixel.gif', 'https://tracker.example/pixel.gif']);
    } finally {
      await checked.close();
    }
  });

  it('keeps every page free of CSP violations, console errors and off-host requests while a reader browses', async () => {
    const checked = await newCheckedPage(env.browser);
    try {
      for (const [, path] of [...readerPages, ['', '/newsletter'], ['', '/walk-away-old']]) {
        await checked.page.goto(`${env.site.url}${path}`, { waitUntil: 'load' });
      }
      // Follow the site as a reader would: from the front page to a story through a link.
      await checked.page.goto(`${env.site.url}/`);
      await Promise.all([
        checked.page.waitForURL(`${env.site.url}/walk-away-talks`),
        checked.page.locator('main a[href$="/walk-away-talks"]').first().click(),
      ]);
      expectCleanPage(checked.problems);
    } finally {
      await checked.close();
    }
  });

  it('shows the kicker, headline, lead image and newsletter form on a phone', async () => {
    const checked = await newCheckedPage(env.browser, { viewport: { width: 360, height: 740 }, isMobile: true });
    try {
      await checked.page.goto(`${env.site.url}/walk-away-talks`);
      const { page } = checked;
      expect(await page.locator('h1').isVisible()).toBe(true);
      const image = page.locator('main figure img').first();
      await image.scrollIntoViewIfNeeded();
      await expect
        .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), { timeout: 5_000 })
        .toBe(true);
      const box = await image.boundingBox();
      expect(box?.width ?? 0).toBeGreaterThan(300);
      expect(box?.width ?? 999).toBeLessThanOrEqual(360);
      const email = page.locator('form[action="/newsletter/subscribe"] input[type="email"]');
      await email.scrollIntoViewIfNeeded();
      expect(await email.isVisible()).toBe(true);
      expectCleanPage(checked.problems);
    } finally {
      await checked.close();
    }
  });
});
