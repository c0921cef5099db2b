import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentNode } from '../../src/content/document.js';
import { contentSecurityPolicy } from '../../src/http/security-headers.js';
import { parseDocument } from '../../src/content/parse-document.js';
import { axeViolations } from '../helpers/axe.js';
import { expectCleanPage, launchBrowser, newCheckedPage } from '../helpers/browser.js';
import { repoRoot } from '../helpers/server.js';

// The story body editor on its own (issue 3): the built bundle from dist/assets on a
// static page served under the site's CSP by a throwaway server, with the media library
// endpoint the newsroom provides (`/admin/media.json`) answered here.

const assetsDir = path.join(repoRoot, 'dist', 'assets');
const manifest = JSON.parse(readFileSync(path.join(assetsDir, 'manifest.json'), 'utf8')) as Record<string, string>;
// A 1×1 PNG stands in for a library image.
const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const LIBRARY = [
  { id: 1, url: '/media/harbour.png', alt: 'The harbour at dawn', caption: 'The harbour.', credit: 'Ana Ruiz', width: 1, height: 1 },
  { id: 2, url: '/media/quay.png', alt: 'A quay', caption: '', credit: 'Desk', width: 1, height: 1 },
];

const initial: DocumentNode = {
  type: 'doc',
  content: [
    { type: 'image', attrs: { mediaId: 1, caption: null, credit: null, alt: null } },
    { type: 'paragraph', content: [{ type: 'text', text: 'Opening line.' }] },
  ],
};

function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}

function editorPage(nonce: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Editor</title>
<link rel="stylesheet" href="${manifest.newsroomStylesheet}"></head>
<body><main><h1>Edit story</h1><form method="post" action="/save">
<label for="body">Body</label>
<textarea name="body" id="body">${escapeText(JSON.stringify(initial))}</textarea>
<div data-rich-text-editor data-input="body"></div>
<button type="submit">Save</button></form></main>
<script nonce="${nonce}" src="${manifest.newsroomEditor}" defer></script></body></html>`;
}

function startFixtureServer(): Promise<Server> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const nonce = randomBytes(16).toString('base64');
    response.setHeader('Content-Security-Policy', contentSecurityPolicy(nonce));
    if (url.pathname === '/') {
      response.setHeader('Content-Type', 'text/html; charset=utf-8');
      response.end(editorPage(nonce));
    } else if (url.pathname === '/favicon.ico') {
      // Chromium asks every origin for one; the site serves its own, this stand-in has none.
      response.statusCode = 204;
      response.end();
    } else if (url.pathname === '/admin/media.json') {
      const q = (url.searchParams.get('q') ?? '').toLowerCase();
      const ids = (url.searchParams.get('ids') ?? '').split(',').filter(Boolean).map(Number);
      const items = url.searchParams.has('ids')
        ? LIBRARY.filter((m) => ids.includes(m.id))
        : LIBRARY.filter((m) => m.alt.toLowerCase().includes(q));
      response.setHeader('Content-Type', 'application/json');
      response.end(JSON.stringify({ items }));
    } else if (url.pathname.startsWith('/media/')) {
      response.setHeader('Content-Type', 'image/png');
      response.end(PIXEL);
    } else if (url.pathname.startsWith('/assets/') && !url.pathname.includes('..')) {
      const file = path.join(assetsDir, path.basename(url.pathname));
      response.setHeader('Content-Type', file.endsWith('.css') ? 'text/css' : 'text/javascript');
      response.end(readFileSync(file));
    } else {
      response.statusCode = 404;
      response.end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Dispatches a paste with `html` on the clipboard, as a browser does for Ctrl+V. */
async function paste(page: Page, html: string): Promise<void> {
  await page.evaluate((content) => {
    const data = new DataTransfer();
    data.setData('text/html', content);
    data.setData('text/plain', 'plain');
    const target = document.querySelector('.rte-content')!;
    target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, html);
}

async function storedDocument(page: Page): Promise<DocumentNode> {
  return JSON.parse(await page.locator('#body').inputValue()) as DocumentNode;
}

/** Moves through the toolbar with the arrow keys until `label` has focus. */
async function toolbarTo(page: Page, label: string): Promise<void> {
  for (let i = 0; i < 30; i += 1) {
    if ((await page.evaluate(() => document.activeElement?.textContent)) === label) return;
    await page.keyboard.press('ArrowRight');
  }
  throw new Error(`no toolbar button "${label}"`);
}

const WORD = `<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style>p.MsoNormal{mso-style-parent:"";}</style></head><body>
<!--StartFragment--><p class=MsoNormal style='mso-margin-top-alt:auto;mso-line-height-rule:exactly'><b>Word bold</b> and <span style='font-style:italic;mso-bidi-font-style:normal'>slanted words</span><o:p></o:p></p>
<p class=MsoListParagraph style='mso-list:l0 level1 lfo1'><![if !supportLists]><span style='mso-list:Ignore'>1.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;</span></span><![endif]>Item text<o:p></o:p></p>
<h1 class=MsoTitle>Word title</h1><!--EndFragment--></body></html>`;

const DOCS = `<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-12ab34"><p dir="ltr" style="line-height:1.38"><span style="font-size:11pt;font-weight:700;">Docs bold</span><span style="font-size:11pt"> plain </span><span onclick="alert(1)" style="color:red">click trap</span> <a href="javascript:alert(1)">evil link</a> <a href="https://example.com/ok" onmouseover="alert(1)">good link</a><img src="https://evil.example/pixel.gif" onerror="alert(1)"></p></b>`;

type Inline = { type: string; text?: string; marks?: Array<{ type: string; attrs?: { href?: string } }> };

function inlines(doc: DocumentNode): Inline[] {
  const out: Inline[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (typeof value === 'object' && value !== null) {
      const node = value as { type?: string; content?: unknown };
      if (node.type === 'text') out.push(node as Inline);
      walk(node.content);
    }
  };
  walk(doc.content);
  return out;
}

const marksOf = (doc: DocumentNode, text: string): string[] =>
  inlines(doc)
    .find((node) => node.text?.includes(text))
    ?.marks?.map((mark) => (mark.type === 'link' ? `link:${mark.attrs?.href}` : mark.type)) ?? [];

describe('the rich-text editor component (Chromium)', () => {
  let server: Server;
  let origin: string;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startFixtureServer(), launchBrowser()]);
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('edits, quotes by keyboard and cleans Word and Google Docs pastes into a document the model accepts', async () => {
    const checked = await newCheckedPage(browser);
    const { page } = checked;
    try {
      await page.goto(origin);
      await page.evaluate(() => {
        const w = window as unknown as { inputs: number; alerted: boolean };
        w.inputs = 0;
        w.alerted = false;
        window.alert = () => {
          w.alerted = true;
        };
        document.getElementById('body')!.addEventListener('input', () => {
          w.inputs += 1;
        });
      });
      expect(await page.locator('#body').isHidden()).toBe(true);
      const content = page.locator('.rte-content');
      expect(await content.getAttribute('role')).toBe('textbox');
      expect(await content.getAttribute('aria-labelledby')).toBe('body-label');
      // The stored image shows its library preview, fetched by id.
      await expect.poll(() => page.locator('.rte-image img').getAttribute('src'), { timeout: 5_000 }).toBe('/media/harbour.png');

      await page.locator('.rte-content p', { hasText: 'Opening line.' }).click();
      await page.keyboard.press('End');
      await page.keyboard.press('Enter');
      await paste(page, WORD);
      await page.keyboard.press('Enter');
      await paste(page, DOCS);
      await page.keyboard.press('Enter');
      await page.keyboard.type('A quoted line');

      // To the toolbar and back by keyboard only.
      await page.keyboard.press('Shift+Tab');
      expect(await page.evaluate(() => document.activeElement?.closest('[role="toolbar"]') !== null)).toBe(true);
      await toolbarTo(page, 'Block quote');
      await page.keyboard.press('Enter');
      // TipTap's focus command lands on the next animation frame, so wait for it.
      await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('rte-content'))).toBe(true);
      await expect.poll(() => page.getByRole('button', { name: 'Block quote' }).getAttribute('aria-pressed')).toBe('true');

      const doc = await storedDocument(page);
      expect(parseDocument(doc), 'the saved JSON is already in the model’s form').toEqual(doc);
      const json = JSON.stringify(doc);
      for (const junk of [
        'javascript',
        'alert',
        'onclick',
        'onmouseover',
        'mso',
        'Mso',
        'style',
        'class',
        'docs-internal',
        'evil.example',
        'o:p',
      ]) {
        expect(json, `no "${junk}" in the saved document`).not.toContain(junk);
      }
      expect(doc.content[0]).toEqual(initial.content[0]);
      expect(marksOf(doc, 'Word bold')).toEqual(['bold']);
      expect(marksOf(doc, 'slanted words')).toEqual(['italic']);
      expect(marksOf(doc, 'Docs bold')).toEqual(['bold']);
      expect(marksOf(doc, 'good link')).toEqual(['link:https://example.com/ok']);
      expect(marksOf(doc, 'evil link')).toEqual([]);
      expect(marksOf(doc, 'click trap')).toEqual([]);
      expect(inlines(doc).some((node) => node.text === 'Item text')).toBe(true);
      expect(doc.content).toContainEqual({ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Word title' }] });
      expect(doc.content).toContainEqual({
        type: 'blockquote',
        content: [{ type: 'paragraph', content: [{ type: 'text', text: 'A quoted line' }] }],
      });

      expect(await page.evaluate(() => (window as unknown as { inputs: number }).inputs)).toBeGreaterThan(0);
      expect(await page.evaluate(() => (window as unknown as { alerted: boolean }).alerted)).toBe(false);
      expect(await page.locator('.rte-content [onclick], .rte-content [onmouseover], .rte-content [style*="mso"]').count()).toBe(0);
      expect(await axeViolations(page, { include: '.rte' })).toEqual([]);
      expectCleanPage(checked.problems);
    } finally {
      await checked.close();
    }
  });

  it('inserts a library image and an allow-listed embed, and refuses other embeds and javascript: links', async () => {
    const checked = await newCheckedPage(browser);
    const { page } = checked;
    try {
      await page.goto(origin);
      await page.locator('.rte-content p', { hasText: 'Opening line.' }).click();
      await page.keyboard.press('End');

      await page.getByRole('button', { name: 'Embed' }).click();
      const address = page.getByLabel('Address of the video or post');
      await address.fill('https://evil.example/watch?v=dQw4w9WgXcQ');
      await address.press('Enter');
      await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/Only YouTube videos, X posts and Bluesky posts/);
      expect(JSON.stringify(await storedDocument(page))).not.toContain('evil.example');
      await address.fill('https://youtu.be/dQw4w9WgXcQ');
      await address.press('Enter');
      await expect.poll(async () => (await storedDocument(page)).content.some((n) => n.type === 'embed')).toBe(true);
      expect((await storedDocument(page)).content).toContainEqual({
        type: 'embed',
        attrs: { provider: 'youtube', url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ' },
      });

      await page.keyboard.type('Linked words');
      await page.keyboard.press('Shift+Home');
      await page.getByRole('button', { name: 'Link' }).click();
      const link = page.getByLabel('Link address');
      await link.fill('javascript:alert(1)');
      await link.press('Enter');
      await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/cannot be a link/);
      await link.press('Escape');
      expect(JSON.stringify(await storedDocument(page))).not.toContain('javascript');

      // Escape returned focus to the toolbar; back into the text after the typed words.
      await expect.poll(() => page.evaluate(() => document.activeElement?.closest('[role="toolbar"]') !== null)).toBe(true);
      await page.locator('.rte-content p', { hasText: 'Linked words' }).click();
      await page.keyboard.press('End');
      await page.keyboard.press('Enter');
      await page.keyboard.type('Words worth repeating');
      await page.getByRole('button', { name: 'Pull quote' }).click();
      await page.getByLabel('Attribution').fill('The minister');
      await expect
        .poll(async () => (await storedDocument(page)).content)
        .toContainEqual({
          type: 'pullQuote',
          attrs: { attribution: 'The minister' },
          content: [{ type: 'text', text: 'Words worth repeating' }],
        });
      expect(await page.getByRole('button', { name: 'Pull quote' }).getAttribute('aria-pressed')).toBe('true');

      await page.getByRole('button', { name: 'Image' }).click();
      await page.getByLabel('Search the media library').fill('quay');
      await page.getByLabel('Search the media library').press('Enter');
      await page.getByRole('button', { name: 'A quay' }).click();
      await expect.poll(async () => (await storedDocument(page)).content.filter((n) => n.type === 'image').length).toBe(2);
      await page.getByLabel('Caption (this story)').last().fill('<img src=x onerror=alert(1)> Our caption');
      await expect.poll(async () => JSON.stringify(await storedDocument(page))).toContain('Our caption');
      const doc = await storedDocument(page);
      expect(doc.content).toContainEqual({
        type: 'image',
        attrs: { mediaId: 2, caption: '<img src=x onerror=alert(1)> Our caption', credit: null, alt: null },
      });
      expect(parseDocument(doc)).toEqual(doc);
      expectCleanPage(checked.problems);
    } finally {
      await checked.close();
    }
  });
});
