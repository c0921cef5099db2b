import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, axeViolationsInBothSchemes } from '../helpers/axe.js';
import { clearProblems, expectCleanPage, launchBrowser, newCheckedPage, signInWithForm, type CheckedPage } from '../helpers/browser.js';
import { addStaff } from '../helpers/newsroom.js';
import { referenceBundle, startMasthead, type Masthead } from '../helpers/server.js';

// The newsroom on a 390 px phone, light and dark (issue 13, "The newsroom on a phone and in
// the dark"), tested as the reader pages are (reader-pages.test.ts): nothing scrolls
// sideways and axe finds no WCAG 2.2 AA violation. "Every screen" is found, not listed: an
// owner (who sees every screen) follows the navigation and the links on each of its pages
// two levels down, one page per kind of address (/admin/stories/12 and /admin/stories/13
// are one screen), so a screen added later is checked without touching this file.
//
// Time: axe is most of this file's run (1 to 3 s a check, 30-odd screens). Every screen is
// checked in the dark scheme, the new one, at phone width; the light scheme's axe runs on
// the newsroom's screens in the other browser files already, and colour is all a scheme
// changes. The signed-out pages and the story editor's open settings panel and picker (the
// new states) are checked in both schemes.

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true };

/** Downloads, feeds for scripts, sign-out and public previews are not screens. */
const NOT_A_SCREEN = /\.(json|jsonl|csv|html|txt|eml)$|\/logout$|\/preview\/|\/preview\/frame$/;

/** One address per screen: ids become :id, queries go. */
const screenOf = (path: string) => path.replace(/\?.*$/, '').replace(/\/\d+(?=\/|$)/g, '/:id');

async function adminLinks(page: Page, origin: string): Promise<string[]> {
  const hrefs = await page.$$eval('a[href]', (links) => links.map((a) => (a as HTMLAnchorElement).href));
  return hrefs.flatMap((href) => {
    const url = new URL(href);
    return url.origin === origin && url.pathname.startsWith('/admin') && !NOT_A_SCREEN.test(url.pathname) ? [url.pathname] : [];
  });
}

/** Whether a computed rgb() colour is dark (relative luminance below 0.1). */
function isDark(rgb: string): boolean {
  const [r, g, b] = (rgb.match(/\d+(\.\d+)?/g) ?? []).map(Number).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return r !== undefined && 0.2126 * r + 0.7152 * g! + 0.0722 * b! < 0.1;
}

interface Overflow {
  scrollWidth: number;
  clientWidth: number;
  wide: string[];
}

const overflowOf = (page: Page): Promise<Overflow> =>
  page.evaluate(() => {
    const root = document.documentElement;
    const wide = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1)
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${[...el.classList].join('.')}`);
    return { scrollWidth: Math.max(root.scrollWidth, document.body.scrollWidth), clientWidth: root.clientWidth, wide };
  });

describe('the newsroom on a 390 px phone, light and dark', () => {
  let masthead: Masthead;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let phone: CheckedPage;
  const problems: string[] = [];

  /** Loads a screen and records what is wrong with it, so one run reports every screen at once. */
  async function check(path: string, options: { bothSchemes?: boolean; prepare?: (page: Page) => Promise<void> } = {}): Promise<void> {
    clearProblems(phone.problems);
    const response = await phone.page.goto(`${masthead.url}${path}`, { waitUntil: 'load' });
    if (response?.status() !== 200) problems.push(`${path}: answered ${response?.status()}`);
    await options.prepare?.(phone.page);
    // axeViolationsInBothSchemes ends by clearing the emulation: the dark scheme is asked for each time.
    if (!options.bothSchemes) await phone.page.emulateMedia({ colorScheme: 'dark' });
    // The page follows the dark scheme it is shown in: a light page passes axe in the dark too.
    const background = await phone.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    if (!options.bothSchemes && !isDark(background)) problems.push(`${path}: a ${background} page in the dark scheme`);
    const overflow = await overflowOf(phone.page);
    if (overflow.scrollWidth > overflow.clientWidth)
      problems.push(`${path}: ${overflow.scrollWidth} px wide on a ${overflow.clientWidth} px screen (${overflow.wide.join(', ')})`);
    const lines = options.bothSchemes
      ? await axeViolationsInBothSchemes(phone.page)
      : (await axeViolations(phone.page)).map((line) => `dark: ${line}`);
    for (const line of lines) problems.push(`${path}: ${line}`);
    try {
      expectCleanPage(phone.problems);
    } catch (error) {
      problems.push(`${path}: ${(error as Error).message.split('\n')[0]}`);
    }
  }

  beforeAll(async () => {
    masthead = await startMasthead({ engine: 'sqlite', bundle: referenceBundle });
    await addStaff(masthead, { email: 'owner@example.com', name: 'Olu Owner', role: 'owner' });
    browser = await launchBrowser();
    phone = await newCheckedPage(browser, PHONE);
  });
  afterAll(async () => {
    await phone?.close();
    await browser?.close();
    await masthead?.stop();
  });

  it('has no sideways scrolling and no axe violation on the signed-out pages', async () => {
    for (const path of ['/admin/login', '/admin/reset']) await check(path, { bothSchemes: true });
    expect(problems).toEqual([]);
  });

  it('has no sideways scrolling and no axe violation on any screen an owner reaches', { timeout: 300_000 }, async () => {
    const page = phone.page;
    await signInWithForm(page, masthead.url, 'owner@example.com');

    const seen = new Map<string, string>(); // screen → the address checked for it
    const queue = ['/admin'];
    for (let depth = 0; depth < 3 && queue.length; depth += 1) {
      const level = queue.splice(0);
      for (const path of level) {
        if (seen.has(screenOf(path))) continue;
        seen.set(screenOf(path), path);
        await check(path);
        for (const link of await adminLinks(page, masthead.url)) if (!seen.has(screenOf(link))) queue.push(link);
      }
    }
    // The crawl found the screens this test was written against (and any added since).
    for (const screen of [
      '/admin',
      '/admin/stories/new',
      '/admin/stories/:id',
      '/admin/media',
      '/admin/tags',
      '/admin/staff',
      '/admin/settings',
    ])
      expect([...seen.keys()]).toContain(screen);

    // The story editor's own states: the settings panel open, a picker's list open.
    const story = seen.get('/admin/stories/:id')!;
    await check(story, {
      bothSchemes: true,
      prepare: async (p) => {
        await p.getByText('Story settings', { exact: true }).click();
        await p.getByRole('combobox', { name: 'Tags' }).fill('a');
        await p.getByRole('listbox').waitFor();
      },
    });
    expect(problems).toEqual([]);
  });
});
