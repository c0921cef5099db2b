import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolationsInBothSchemes } from '../helpers/axe.js';
import { expectCleanPage, newCheckedPage, type CheckedPage } from '../helpers/browser.js';
import { addStaff, PASSWORD, postForm } from '../helpers/newsroom.js';
import { useReferenceSiteInChromium } from '../helpers/reference-site.js';
import { waitUntil } from '../helpers/wait-until.js';

// The outbox screens in a real Chromium, signed in as the owner: axe finds no WCAG 2.2 AA
// violation on the list or on a message with its HTML source unfolded, and the mail's
// HTML (which asks for an image from another host) loads nothing: it is shown, not rendered.

const HTML_MAIL = '2026-01-05T10-00-00-000Z-00c0ffee.eml';

const htmlMessage = [
  'From: "The Meridian Review" <news@example.org>',
  'To: reader@example.org',
  'Subject: Our week, in HTML',
  'Date: Mon, 05 Jan 2026 10:00:00 +0000',
  'Message-ID: <week-1@example.org>',
  'List-Unsubscribe: <https://example.org/u?t=1>',
  'MIME-Version: 1.0',
  'Content-Type: multipart/alternative; boundary="b1"',
  '',
  '--b1',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Our week, in plain text.',
  '',
  '--b1',
  'Content-Type: text/html; charset=utf-8',
  '',
  '<!DOCTYPE html><html><body><h1>Our week</h1><img src="https://tracker.example/open.gif" alt=""><script>alert(1)</script></body></html>',
  '',
  '--b1--',
  '',
].join('\r\n');

describe('the outbox in Chromium', () => {
  const env = useReferenceSiteInChromium();

  beforeAll(async () => {
    await addStaff(env.site, { email: 'owner@example.test', name: 'Olga Owner', role: 'owner' });
    expect((await postForm(env.site.url, '/admin/reset', { email: 'owner@example.test' })).status).toBe(200);
    // The mail is written after the answer (issue 12, item 6).
    const outbox = path.join(env.site.dataDir, 'data', 'outbox');
    await waitUntil(async () => (await readdir(outbox).catch(() => [])).length > 0, 15_000, 'the reset mail in the outbox');
    await writeFile(path.join(env.site.dataDir, 'data', 'outbox', HTML_MAIL), htmlMessage, { mode: 0o600 });
  });

  describe('in the light and the dark colour scheme', () => {
    let checked: CheckedPage;
    beforeAll(async () => {
      checked = await newCheckedPage(env.browser, { viewport: { width: 1280, height: 900 } });
      await checked.page.goto(`${env.site.url}/admin/login`);
      await checked.page.fill('#f-email', 'owner@example.test');
      await checked.page.fill('#f-password', PASSWORD);
      await Promise.all([checked.page.waitForURL(`${env.site.url}/admin`), checked.page.click('button[type=submit]')]);
    });
    afterAll(() => checked?.close());

    it('has no violations on the list, reached from the navigation', async () => {
      await Promise.all([checked.page.waitForURL(`${env.site.url}/admin/outbox`), checked.page.click('nav a[href="/admin/outbox"]')]);
      expect(await checked.page.locator('tbody tr').count()).toBe(2);
      expect(await axeViolationsInBothSchemes(checked.page)).toEqual([]);
      expectCleanPage(checked.problems);
    });

    it('has no violations on a message with its HTML source open, and loads nothing from the mail', async () => {
      await checked.page.goto(`${env.site.url}/admin/outbox/${HTML_MAIL}`);
      await checked.page.click('details.mail-html summary');
      await expect.poll(() => checked.page.locator('details.mail-html pre').isVisible()).toBe(true);
      expect(await checked.page.locator('details.mail-html pre').innerText()).toContain('<img src="https://tracker.example/open.gif"');
      expect(await checked.page.locator('main img, main script').count()).toBe(0);
      expect(await axeViolationsInBothSchemes(checked.page)).toEqual([]);
      expectCleanPage(checked.problems);
    });
  });
});
