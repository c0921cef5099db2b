import type { Document } from 'domhandler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from '../../src/config/config.js';
import type { DocumentNode } from '../../src/content/document.js';
import { openStore, type Store } from '../../src/store/store.js';
import { $$, attr, one, text } from '../helpers/dom.js';
import { validateHtml } from '../helpers/html.js';
import { article, getPage, media } from '../helpers/http.js';
import { engines, referenceBundle, startMasthead, type Masthead } from '../helpers/server.js';

// A story body with a library image and embeds (issue 3): the image is a full figure,
// each embed a click-to-load placeholder, and nothing on the page makes the browser
// contact another host before the reader asks.

const lead = article('walk-away-talks');
const other = media(lead.image!);

/** Every attribute a browser fetches from by itself (a plain <a href> it does not). */
function loadingUrls(doc: Document): string[] {
  const urls: string[] = [];
  for (const element of $$(doc, '[src], [srcset], [poster], [data], link[href], object, embed, iframe, frame')) {
    for (const name of ['src', 'poster', 'data']) {
      const value = attr(element, name);
      if (value !== undefined) urls.push(value);
    }
    const href = element.name === 'link' ? attr(element, 'href') : undefined;
    if (href !== undefined) urls.push(href);
    for (const value of [attr(element, 'srcset'), attr(element, 'imagesrcset')]) {
      if (value !== undefined) urls.push(...value.split(',').map((candidate) => candidate.trim().split(/\s+/)[0]!));
    }
  }
  return urls;
}

function offSite(urls: string[], origin: string): string[] {
  return urls.filter((url) => new URL(url, origin).origin !== origin);
}

describe.each(engines())('a body with an image and embeds on %s', (engine) => {
  let site: Masthead;
  let store: Store;
  let mediaId: number;

  beforeAll(async () => {
    site = await startMasthead({ engine, bundle: referenceBundle });
    // No write path for bodies exists yet outside the newsroom, and imports cannot carry
    // body images (they have no media ids), so the test writes the stored document the
    // editor would save, and bumps the content version as every content write does.
    store = await openStore(parseDatabaseUrl(site.env.DATABASE_URL!));
    const row = await store.db.selectFrom('media').select('id').where('key', '=', lead.image!).executeTakeFirstOrThrow();
    mediaId = row.id;
    const body: DocumentNode = {
      type: 'doc',
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'Before the picture.' }] },
        { type: 'image', attrs: { mediaId, caption: '<img src=x onerror=alert(1)> At the quay.', credit: null, alt: null } },
        { type: 'image', attrs: { mediaId: 999_999, caption: 'Deleted since', credit: null, alt: null } },
        { type: 'embed', attrs: { provider: 'youtube', url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ' } },
        { type: 'embed', attrs: { provider: 'x', url: 'https://x.com/NewsDesk/status/1790000000000000001' } },
        { type: 'embed', attrs: { provider: 'bluesky', url: 'https://bsky.app/profile/desk.example.org/post/3kq2abcd5xyz2' } },
        { type: 'paragraph', content: [{ type: 'text', text: 'After the embeds.' }] },
      ],
    };
    await store.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('articles')
        .set({ body: JSON.stringify(body) })
        .where('slug', '=', lead.slug)
        .execute();
      await trx
        .updateTable('publication')
        .set((eb) => ({ content_version: eb('content_version', '+', 1) }))
        .where('id', '=', 1)
        .execute();
    });
  });
  afterAll(async () => {
    await store?.close();
    await site?.stop();
  });

  it.each([`/${lead.slug}`, `/${lead.slug}/body`])(
    '%s shows the image as a figure with its picture, alt, caption and credit',
    async (path) => {
      const { doc, html } = await getPage(site.url, path);
      const figures = $$(doc, '.article-body figure.body-figure');
      expect(figures).toHaveLength(1);
      const img = one(figures[0]!, 'picture img');
      expect(attr(img, 'alt')).toBe(other.alt);
      expect(Number(attr(img, 'width'))).toBeGreaterThan(0);
      expect(Number(attr(img, 'height'))).toBeGreaterThan(0);
      expect(attr(img, 'src')).toMatch(/^\/media\//);
      expect(text(one(figures[0]!, '.caption'))).toBe('<img src=x onerror=alert(1)> At the quay.');
      expect(text(one(figures[0]!, '.credit'))).toBe(`Photo: ${other.credit}`);
      expect(html).not.toContain('<img src=x');
      expect(html).not.toContain('Deleted since');
    },
  );

  it.each([`/${lead.slug}`, `/${lead.slug}/body`])('%s renders each embed as a placeholder linking to the post or video', async (path) => {
    const { doc } = await getPage(site.url, path);
    const embeds = $$(doc, '.article-body figure.embed');
    expect(embeds.map((figure) => attr(figure, 'class'))).toEqual(['embed embed-youtube', 'embed embed-x', 'embed embed-bluesky']);
    expect(embeds.map((figure) => attr(one(figure, 'a.embed-link'), 'href'))).toEqual([
      'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
      'https://x.com/NewsDesk/status/1790000000000000001',
      'https://bsky.app/profile/desk.example.org/post/3kq2abcd5xyz2',
    ]);
    const load = one(embeds[0]!, 'button.embed-load');
    expect(attr(load, 'data-youtube-id')).toBe('dQw4w9WgXcQ');
    expect(attr(load, 'hidden')).toBeDefined();
    expect($$(doc, 'iframe')).toEqual([]);
    expect(text(one(doc, '.article-body'))).toContain('After the embeds.');
  });

  it('makes no third-party request from the page and allows only the YouTube player frame', async () => {
    const { doc, html, headers } = await getPage(site.url, `/${lead.slug}`);
    expect(offSite(loadingUrls(doc), site.url)).toEqual([]);
    expect(headers.get('content-security-policy')).toContain('frame-src https://www.youtube-nocookie.com;');
    expect(await validateHtml(html, `${lead.slug}.html`)).toEqual([]);
  });
});
