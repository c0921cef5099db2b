import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../helpers/axe.js';
import { expectCleanPage, launchBrowser, newCheckedPage, signInWithForm, type CheckedPage } from '../helpers/browser.js';
import { addStaff } from '../helpers/newsroom.js';
import { referenceBundle, startMasthead, type Masthead } from '../helpers/server.js';

// The newsroom's day, in a real browser (issue 3, "Done when"): a contributor signs in,
// writes a story with a block quote and an image and sends it to review; an editor
// schedules it for the next whole minute; the jobs worker publishes it at that minute; a
// correction note then shows on the page. Every newsroom page on the way passes axe.

const ZONE = 'Europe/Berlin'; // the reference publication's time zone

function wallTime(date: Date, zone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/**
 * The form takes whole minutes, so the soonest time an editor can pick is the next one.
 * It is picked when at least this long remains before it: time enough to fill in and
 * send the form, so the story waits 5 to 65 s (30 on average) instead of a fixed minute.
 */
const FORM_MARGIN_MS = 5_000;

/**
 * Schedules the story at `storyUrl` for the soonest whole minute, in the publication's
 * zone. A machine slow enough to send the form after that minute gets "must be in the
 * future" back (the server's own check, a 400 page), and the editor picks the next one.
 */
async function scheduleForNextMinute({ page, problems }: CheckedPage, storyUrl: string): Promise<Date> {
  for (let attempt = 1; ; attempt += 1) {
    await page.goto(storyUrl);
    const publishAt = new Date(Math.ceil((Date.now() + FORM_MARGIN_MS) / 60_000) * 60_000);
    await page.getByLabel(`Publish at (${ZONE})`).fill(wallTime(publishAt, ZONE));
    await page.getByRole('button', { name: 'Schedule' }).click();
    // Moved: back on the story with a notice; refused: the form again, at …/move.
    await page.waitForURL((url) => url.href !== storyUrl);
    if (/notice=moved/.test(page.url())) return publishAt;
    const refusal = (await page.locator('body').textContent()) ?? '';
    if (attempt === 3 || !refusal.includes('must be in the future')) throw new Error(`scheduling was refused: ${refusal.slice(0, 500)}`);
    // The refused page's own status line in the console is expected; anything else still counts.
    const expected = problems.consoleErrors.filter((line) => /\/move: .*status of 400/.test(line));
    for (const line of expected) problems.consoleErrors.splice(problems.consoleErrors.indexOf(line), 1);
  }
}

async function expectAxeClean(page: Page, label: string) {
  expect(await axeViolations(page), label).toEqual([]);
}

describe('the newsroom in Chromium', () => {
  let masthead: Masthead;
  let browser: Browser;

  beforeAll(async () => {
    masthead = await startMasthead({ engine: 'sqlite', bundle: referenceBundle });
    // The writer has a byline (the checklist requires one): their new story carries it by default.
    await addStaff(masthead, { email: 'writer@example.com', name: 'Wren Writer', role: 'contributor', author: 'jane-okafor' });
    await addStaff(masthead, { email: 'editor@example.com', name: 'Edda Editor', role: 'editor' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await masthead?.stop();
  });

  // Waits for a real wall-clock minute to come, so it gets more than the default minute.
  it(
    "takes a story from a contributor's draft through review and a scheduled minute to the site, then corrects it",
    { timeout: 240_000 },
    async () => {
      const writer = await newCheckedPage(browser);
      const editor = await newCheckedPage(browser);
      try {
        const page = writer.page;
        await page.goto(`${masthead.url}/admin/login`);
        await expectAxeClean(page, 'sign-in');
        await signInWithForm(page, masthead.url, 'writer@example.com');
        await expectAxeClean(page, 'story list');

        await page.getByRole('link', { name: 'New story' }).click();
        await page.getByLabel('Headline', { exact: true }).fill('Harbour pilots strike as the ceasefire talks resume');
        await page.getByLabel('Dek', { exact: true }).fill('The port stood still for a day.');
        await page.getByText('Story settings', { exact: true }).click();
        await page.getByLabel('Format', { exact: true }).selectOption('reporting');
        await page.getByRole('combobox', { name: 'Sections' }).fill('Europe');
        await page.getByRole('option', { name: 'Europe' }).click();
        await page.getByRole('button', { name: 'Choose image…' }).click();
        const picker = page.getByRole('dialog', { name: 'Choose the lead image' });
        await picker.locator('#lead-image-search').fill('Quai');
        await expect.poll(() => picker.getByRole('option').count()).toBe(1);
        await picker.getByRole('option').click();
        expect(await page.locator('#f-image').inputValue()).toBe('paris-quai');
        await page.getByText('Story settings', { exact: true }).click();
        const body = page.locator('.rte-content');
        await body.click();
        await page.keyboard.type('The pilots walked off at six in the morning.');
        await page.keyboard.press('Enter');
        await page.getByRole('button', { name: 'Block quote' }).click();
        await page.keyboard.type('We will not guide ships into a war zone.');
        await page.getByRole('button', { name: 'Image' }).click();
        await page.getByLabel('Search the media library').fill('desert');
        await page.getByLabel('Search the media library').press('Enter');
        await page.getByRole('button', { name: /empty road through the desert/ }).click();
        await expect.poll(() => page.locator('#body').inputValue()).toContain('"type":"image"');
        expect(await page.locator('#body').inputValue()).toContain('"type":"blockquote"');
        await expectAxeClean(page, 'story editor');
        await page.getByRole('button', { name: 'Create draft' }).click();
        await page.waitForURL(/\/admin\/stories\/\d+\?notice=created$/);
        const storyUrl = page.url().replace(/\?.*$/, '');

        // A contributor can send to review but has no publish or schedule button.
        expect(await page.getByRole('button', { name: 'Publish now' }).count()).toBe(0);
        await page.getByRole('button', { name: 'Send to review' }).click();
        await page.waitForURL(/notice=moved/);
        expect(await page.locator('.stage-line').textContent()).toContain('In review');

        // The editor schedules it for the next whole minute, in the publication's zone.
        await signInWithForm(editor.page, masthead.url, 'editor@example.com');
        const publishAt = await scheduleForNextMinute(editor, storyUrl);
        expect(await editor.page.locator('.stage-line').textContent()).toContain('Scheduled');

        const slug = 'harbour-pilots-strike-as-the-ceasefire-talks-resume';
        expect((await fetch(`${masthead.url}/${slug}`)).status).toBe(404);
        let status = 404;
        while (status !== 200 && Date.now() < publishAt.getTime() + 30_000) {
          await new Promise((resolve) => setTimeout(resolve, 250));
          status = (await fetch(`${masthead.url}/${slug}`)).status;
        }
        expect(status, 'the story is live within 30 s of its minute').toBe(200);
        expect(Date.now(), 'not before its minute').toBeGreaterThanOrEqual(publishAt.getTime());

        const reader = await editor.context.newPage();
        await reader.goto(`${masthead.url}/${slug}`);
        expect(await reader.locator('h1').textContent()).toBe('Harbour pilots strike as the ceasefire talks resume');
        expect(await reader.locator('.article-body blockquote, blockquote').first().textContent()).toContain('We will not guide ships');
        expect(await reader.locator('figure img').count()).toBeGreaterThanOrEqual(2);

        // A correction, added after publication, shows on the page and in the JSON-LD.
        await editor.page.goto(storyUrl);
        await editor.page.getByLabel('Kind', { exact: true }).selectOption('correction');
        await editor.page.getByLabel('Note shown on the story').fill('An earlier version misstated the hour of the walk-out.');
        await editor.page.getByRole('button', { name: 'Add note' }).click();
        await editor.page.waitForURL(/notice=note/);
        await reader.reload();
        expect(await reader.locator('body').textContent()).toContain('An earlier version misstated the hour of the walk-out.');
        const jsonLd = await reader.locator('script[type="application/ld+json"]').allTextContents();
        expect(jsonLd.join('\n')).toContain('misstated the hour');
        await reader.close();

        expectCleanPage(writer.problems);
        expectCleanPage(editor.problems);
      } finally {
        await writer.close();
        await editor.close();
      }
    },
  );
});
