import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectCleanPage, launchBrowser, newCheckedPage, type CheckedPage } from '../helpers/browser.js';
import { addStaff, signIn, type StaffSession } from '../helpers/newsroom.js';
import { referenceBundle, startMasthead, type Masthead } from '../helpers/server.js';

// Issue 13, "Fix first", in Chromium where only a browser can tell: a workflow button
// after an autosave saves what is on screen and then moves that revision (no 409 naming
// the writer, no "Leave site?"), the autosave status speaks the publication's clock, and
// three layouts measured by their boxes: the owner's navigation on one row at 1366 px,
// the sticky save bar never over the focused field, and on a phone the reader's search
// results before the filters. One server for the file.

const ZONE_NAME = /GMT\+1|CET/; // Europe/Berlin in December, as en-GB names it

const body = (text: string) => JSON.stringify({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });

async function asStaff(browser: Browser, masthead: Masthead, session: StaffSession, viewport: { width: number; height: number }) {
  const checked = await newCheckedPage(browser, { viewport });
  const [name, value] = session.cookie.split('=') as [string, string];
  await checked.context.addCookies([{ name, value, url: masthead.url }]);
  return checked;
}

const box = async (page: Page, selector: string) => {
  const found = await page.locator(selector).first().boundingBox();
  if (!found) throw new Error(`${selector} is not on the page`);
  return found;
};

describe('the newsroom’s daily fixes in Chromium', () => {
  let masthead: Masthead;
  let browser: Browser;
  let editor: StaffSession;
  let owner: StaffSession;
  const pages: CheckedPage[] = [];

  beforeAll(async () => {
    masthead = await startMasthead({ engine: 'sqlite', bundle: referenceBundle });
    await addStaff(masthead, { email: 'editor@example.com', name: 'Wendy Writer', role: 'editor', author: 'jane-okafor' });
    await addStaff(masthead, { email: 'owner@example.com', name: 'Olive Owner', role: 'owner' });
    [editor, owner, browser] = await Promise.all([
      signIn(masthead.url, 'editor@example.com'),
      signIn(masthead.url, 'owner@example.com'),
      launchBrowser(),
    ]);
  });
  afterAll(async () => {
    for (const each of pages) await each.close();
    await browser?.close();
    await masthead?.stop();
  });

  it('publishes what is on screen after an autosave: one click, no "Leave site?", no conflict with oneself', async () => {
    const created = await editor.post('/admin/stories', {
      title: 'Ferry talks open',
      dek: 'A dek.',
      format: 'reporting',
      primary_section: 'europe',
      image: 'paris-quai',
      authors: 'jane-okafor',
      body: body('The talks opened at dawn.'),
    });
    expect(created.status, created.body.slice(0, 300)).toBe(303);
    const storyUrl = `${masthead.url}${created.location!.replace(/\?.*$/, '')}`;
    const checked = await asStaff(browser, masthead, editor, { width: 1366, height: 900 });
    pages.push(checked);
    const { page } = checked;
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.type());
      void dialog.accept();
    });
    await page.goto(storyUrl);
    const headline = page.getByLabel('Headline', { exact: true });
    await headline.fill('Ferry talks open after a night of delays');
    // The autosave lands, in the publication's zone with the zone named.
    await expect.poll(() => page.locator('#autosave-status').textContent(), { timeout: 15_000 }).toMatch(/^Saved /);
    const savedStatus = await page.locator('#autosave-status').textContent();
    // The next autosave is saved but its answer held; the button is pressed meanwhile, with
    // one more edit not autosaved at all. The form must wait for that answer and carry its
    // revision (sent at once, it would name the revision that save replaced: a 409).
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let seen = () => {};
    const inFlight = new Promise<void>((resolve) => (seen = resolve));
    await page.route('**/autosave', async (route) => {
      // The save reaches the server; its answer (the new revision) is what is held.
      const response = await route.fetch();
      seen();
      await held;
      await route.fulfill({ response });
    });
    await headline.fill('Ferry talks open after a night of delays, then stall for an hour');
    await inFlight;
    await headline.fill('Ferry talks open after a night of delays, then stall');
    await page.getByRole('button', { name: 'Publish now' }).click();
    release();
    await page.waitForURL(/notice=moved/);
    expect(dialogs, 'no "Leave site?" box').toEqual([]);
    expect(await page.locator('.stage-line').textContent()).toContain('Published');
    const published = await fetch(`${masthead.url}/ferry-talks-open`);
    expect(published.status).toBe(200);
    expect(await published.text()).toContain('Ferry talks open after a night of delays, then stall');
    expect(savedStatus, 'the autosave speaks the page’s clock').toMatch(ZONE_NAME);
    expectCleanPage(checked.problems);
  });

  it('keeps the owner’s navigation on one row at 1366 px', async () => {
    const checked = await asStaff(browser, masthead, owner, { width: 1366, height: 800 });
    pages.push(checked);
    await checked.page.goto(`${masthead.url}/admin`);
    const tops = await checked.page.locator('.newsroom-nav > li').evaluateAll((items) => items.map((li) => li.getBoundingClientRect().top));
    expect(tops.length).toBeGreaterThan(8);
    expect(new Set(tops).size, `rows of the navigation: ${tops.join(', ')}`).toBe(1);
    // And nothing scrolls sideways.
    expect(await checked.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);
  });

  it('never lets the sticky save bar cover the focused field', async () => {
    const checked = await asStaff(browser, masthead, editor, { width: 390, height: 700 });
    pages.push(checked);
    const { page } = checked;
    await page.goto(`${masthead.url}/admin/stories/new`);
    const bar = await box(page, '.form-actions');
    // Every field that tabbing reaches, from the top: each one in view and above the bar.
    const covered: string[] = [];
    for (const id of ['f-title', 'f-dek', 'f-slug', 'f-format', 'f-primary', 'f-excerpt']) {
      const field = page.locator(`#${id}`);
      if ((await field.count()) === 0) continue;
      await page.evaluate(() => window.scrollTo(0, 0));
      if (!(await field.isVisible())) continue;
      await field.focus();
      const fieldBox = (await field.boundingBox())!;
      const barTop = (await box(page, '.form-actions')).y;
      if (fieldBox.y + fieldBox.height > barTop + 1) covered.push(`${id}: bottom ${fieldBox.y + fieldBox.height} > bar ${barTop}`);
    }
    expect(bar.height).toBeGreaterThan(0);
    expect(covered).toEqual([]);
  });

  it('shows a phone the search results before the filters', async () => {
    const checked = await newCheckedPage(browser, { viewport: { width: 390, height: 800 } });
    pages.push(checked);
    const { page } = checked;
    await page.goto(`${masthead.url}/search?q=talks`);
    const firstResult = await box(page, '.listing-stories article, .listing-stories > *');
    const section = page.getByLabel('Section', { exact: true });
    const filtersVisible = await section.isVisible();
    if (filtersVisible) expect((await section.boundingBox())!.y).toBeGreaterThan(firstResult.y);
    expect(firstResult.y, 'the first result within the first screen').toBeLessThan(800);
    // Folded, the filters are one tap away and still work.
    await page.getByText('Narrow down').click();
    await expect.poll(() => section.isVisible()).toBe(true);
    expectCleanPage(checked.problems);
  });
});
