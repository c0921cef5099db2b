import { gzipSync } from 'node:zlib';
import type { Document } from 'domhandler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { $, $$, ancestors, attr, one, outerHtml, precedes, text, type Element } from '../helpers/dom.js';
import { article, get, getBytes, getPage, media, pathOf, reference } from '../helpers/http.js';
import { engines, referenceBundle, startMasthead, type Masthead } from '../helpers/server.js';

// The reference page, part for part (SPEC §5): a bundle shaped like the reference page
// must render every part of it, on each database engine.

const lead = article('walk-away-talks');
const leadImage = media(lead.image!);

function sameInstant(a: string | undefined, b: string): boolean {
  return a !== undefined && Date.parse(a) === Date.parse(b);
}

/** The nearest ancestor (or the element itself) whose text includes `needle`. */
function closestWithText(element: Element, needle: string, maxLevels = 4): Element | null {
  for (const candidate of [element, ...ancestors(element)].slice(0, maxLevels + 1)) {
    if (text(candidate).includes(needle)) return candidate;
  }
  return null;
}

/** All JSON-LD objects on a page, @graph entries flattened. */
function jsonLd(doc: Document): Array<Record<string, unknown>> {
  return $$(doc, 'script[type="application/ld+json"]').flatMap((script) => {
    const value = JSON.parse(text(script)) as unknown;
    const items = Array.isArray(value) ? value : [value];
    return items.flatMap((item) => {
      const record = item as Record<string, unknown>;
      return Array.isArray(record['@graph']) ? (record['@graph'] as Array<Record<string, unknown>>) : [record];
    });
  });
}

function newsArticleLd(doc: Document): Record<string, unknown> {
  const found = jsonLd(doc).find((item) => /NewsArticle$/.test(String(item['@type'])));
  if (!found) throw new Error('no NewsArticle-family JSON-LD on the page');
  return found;
}

function metaProperty(doc: Document, property: string): string | undefined {
  return attr($(doc, `meta[property="${property}"]`), 'content');
}

describe.each(engines())('the article page on %s', (engine) => {
  let site: Masthead;
  let doc: Document;
  let html: string;
  let main: Element;
  let story: Element;

  beforeAll(async () => {
    site = await startMasthead({ engine, bundle: referenceBundle });
    ({ doc, html } = await getPage(site.url, `/${lead.slug}`));
    main = one(doc, 'main');
    story = $(main, 'article') ?? main;
  });
  afterAll(async () => {
    await site?.stop();
  });

  it('opens with the kicker: the format, then each section as a link in order', async () => {
    const h1 = one(doc, 'h1');
    const kickers = $$(main, 'a[href]')
      .filter((link) => pathOf(attr(link, 'href'), site.url) === '/section/qiosk')
      .map((link) => link.parent as Element)
      .filter((parent) => text(parent).startsWith('Reporting'));
    const head = kickers.find((kicker) => precedes(kicker, h1));
    expect(head, 'a kicker above the headline').toBeDefined();
    expect(text(head!)).toBe('Reporting | QiOSK | Europe');
    const sectionLinks = $$(head!, 'a[href]').map((link) => pathOf(attr(link, 'href'), site.url));
    expect(sectionLinks).toEqual(['/section/qiosk', '/section/europe']);
  });

  it('has one h1, the headline, followed by the dek', () => {
    const headlines = $$(doc, 'h1');
    expect(headlines).toHaveLength(1);
    expect(text(headlines[0]!)).toBe(lead.title);
    const dek = $$(main, 'p, div, h2').find((el) => text(el) === lead.dek);
    expect(dek, 'the dek is on the page').toBeDefined();
    expect(precedes(headlines[0]!, dek!)).toBe(true);
  });

  it('names every author with a link to the author page and dates the story', () => {
    const h1 = one(doc, 'h1');
    for (const slug of lead.authors) {
      const author = reference.authors.find((a) => a.slug === slug)!;
      const link = $$(story, 'a[href]').find((a) => pathOf(attr(a, 'href'), site.url) === `/author/${slug}`);
      expect(link, `a byline link to /author/${slug}`).toBeDefined();
      expect(text(link!)).toBe(author.name);
      expect(precedes(h1, link!)).toBe(true);
    }
    const times = $$(story, 'time[datetime]');
    expect(times.some((t) => sameInstant(attr(t, 'datetime'), lead.published_at))).toBe(true);
    const updated = times.find((t) => sameInstant(attr(t, 'datetime'), lead.updated_at!));
    expect(updated, 'a <time> for the update').toBeDefined();
    expect(text(closestWithText(updated!, 'Updated', 1))).toContain('Updated');
  });

  it('shows the lead image with srcset, width, height, its alt text, caption and credit', () => {
    const img = $$(story, 'img').find((i) => attr(i, 'alt') === leadImage.alt);
    expect(img, 'the lead image with its alt text').toBeDefined();
    const picture = img!.parent as Element;
    const srcsets = [
      attr(img!, 'srcset'),
      ...(picture.name === 'picture' ? $$(picture, 'source').map((s) => attr(s, 'srcset')) : []),
    ].filter((s): s is string => Boolean(s));
    expect(srcsets.length, 'a srcset on the image or its <picture> sources').toBeGreaterThan(0);
    for (const srcset of srcsets) expect(srcset).toMatch(/\s\d+w(,|$)/);
    const width = Number(attr(img!, 'width'));
    const height = Number(attr(img!, 'height'));
    expect(width).toBeGreaterThan(0);
    expect(height).toBeGreaterThan(0);
    expect(width / height).toBeCloseTo(1200 / 800, 1);
    const figure = ancestors(img!).find((a) => a.name === 'figure');
    expect(figure, 'the image sits in a <figure>').toBeDefined();
    const caption = text(one(figure!, 'figcaption'));
    expect(caption).toContain(leadImage.caption);
    expect(caption).toContain(leadImage.credit);
  });

  it('renders the Markdown body with its attributed quotes, block quote, link and emphasis', () => {
    const quote = $$(story, 'blockquote').find((b) => text(b).includes('We have given this process every chance'));
    expect(quote, 'the block quote').toBeDefined();
    expect(text(quote!)).toContain('Lena Marsh, Secretary of State');
    const link = one(story, 'a[href="https://www.example.org/readouts/paris-meeting"]');
    expect(text(link)).toBe('a readout published by the State Department');
    expect($$(story, 'em').map(text)).toContain('noticeably more cautious');
    const paragraphs = $$(story, 'p').map(text);
    expect(paragraphs.some((p) => p.includes('Marsh told reporters after meeting her French, German and British counterparts'))).toBe(true);
    expect(paragraphs.some((p) => p.includes('The Geneva Contact Group is scheduled to meet again next Thursday.'))).toBe(true);
  });

  it('shows both the update and the correction note, each with its date', () => {
    for (const note of lead.updates!) {
      const stamps = $$(story, 'time[datetime]').filter((t) => sameInstant(attr(t, 'datetime'), note.at));
      const holder = stamps.map((t) => closestWithText(t, note.note, 3)).find(Boolean);
      expect(holder, `the note "${note.note}" with a <time> for ${note.at}`).toBeDefined();
      if (note.kind === 'correction') expect(text(holder!)).toMatch(/correct/i);
    }
  });

  it('links every tag of the story to its tag page', () => {
    for (const slug of lead.tags) {
      const tag = reference.tags.find((t) => t.slug === slug)!;
      const links = $$(story, 'a[href]').filter((a) => pathOf(attr(a, 'href'), site.url) === `/tag/${slug}`);
      expect(links.map(text), `a link to /tag/${slug}`).toContain(tag.name);
    }
  });

  it('offers share links for the story and "Follow us" links to every social account', () => {
    const canonical = `${site.url}/${lead.slug}`;
    const shares = $$(story, 'a[href]').filter((a) => {
      const href = attr(a, 'href')!;
      return href.includes(encodeURIComponent(canonical)) || href.includes(canonical);
    });
    expect(shares.length, 'links that share the story URL').toBeGreaterThanOrEqual(2);
    for (const social of reference.publication.social) {
      expect($$(doc, `a[href="${social.url}"]`).length, social.url).toBeGreaterThan(0);
    }
    expect(text(doc)).toMatch(/Follow us/i);
  });

  it('lists the manually picked related stories first, each with a "Keep reading" link to its body fragment', async () => {
    const keepReading = $$(main, '.keep-reading');
    const targets = keepReading.map((link) => pathOf(attr(link, 'href'), site.url));
    expect(targets.slice(0, 3)).toEqual(lead.related!.map((slug) => `/${slug}`));
    expect(targets).not.toContain(`/${lead.slug}`);
    for (const link of keepReading) {
      expect(link.name).toBe('a');
      expect(text(link)).toMatch(/^Keep reading/);
      const fragment = attr(link, 'data-fragment');
      expect(fragment, 'data-fragment').toBeTruthy();
      const answer = await get(site.url, fragment!);
      expect(answer.status, fragment).toBe(200);
      expect(answer.body).not.toMatch(/<html|<main/i);
    }
  });

  it('shows each related story with its section kicker, image and credit, headline and excerpt', () => {
    for (const slug of lead.related!) {
      const related = article(slug);
      const link = $$(main, '.keep-reading').find((a) => pathOf(attr(a, 'href'), site.url) === `/${slug}`);
      expect(link, `a "Keep reading" for ${slug}`).toBeDefined();
      const card = ancestors(link!).find((a) => text(a).includes(related.title));
      expect(card, `a card holding ${slug}`).toBeDefined();
      const cardLinks = $$(card!, 'a[href]').map((a) => pathOf(attr(a, 'href'), site.url));
      expect(cardLinks).toContain(`/section/${related.sections[0]}`);
      expect($$(card!, 'h2, h3, h4').map(text)).toContain(related.title);
      const firstSentence = related.body.source.split('.')[0]!;
      expect(text(card!)).toContain(firstSentence);
      if (related.image) {
        const image = media(related.image);
        const img = one(card!, 'img');
        expect(attr(img, 'alt')).toBe(image.alt);
        expect(Number(attr(img, 'width'))).toBeGreaterThan(0);
        expect(Number(attr(img, 'height'))).toBeGreaterThan(0);
        expect(text(card!)).toContain(image.credit);
      }
    }
  });

  it('picks related stories automatically when an editor picked none, never the story itself', async () => {
    const senate = await getPage(site.url, '/senate-aid-vote');
    const targets = $$(one(senate.doc, 'main'), '.keep-reading').map((a) => pathOf(attr(a, 'href'), site.url));
    expect(targets.length).toBeGreaterThan(0);
    expect(targets).not.toContain('/senate-aid-vote');
    // The only story sharing a tag (Lena Marsh) with it comes first.
    expect(targets[0]).toBe('/walk-away-talks');
  });

  it('lists the latest stories after the related ones', () => {
    const heading = $$(main, 'h2, h3').find((h) => /^latest$/i.test(text(h)));
    expect(heading, 'a "Latest" heading').toBeDefined();
    const block = ancestors(heading!).find((a) => $$(a, 'li a[href]').length >= 3);
    expect(block, 'a list of latest stories').toBeDefined();
    const linked = $$(block!, 'a[href]').map((a) => pathOf(attr(a, 'href'), site.url));
    expect(linked).toContain('/envoys-meet-in-geneva');
    const lastRelated = $$(main, '.keep-reading').at(-1)!;
    expect(precedes(lastRelated, heading!)).toBe(true);
  });

  it('shows the QiOSK briefs block with its briefs', () => {
    const heading = $$(main, 'h2, h3').find((h) => /^qiosk$/i.test(text(h)));
    expect(heading, 'a "QiOSK" heading').toBeDefined();
    const block = ancestors(heading!).find((a) => $$(a, 'li').length >= 2);
    expect(block, 'a list of briefs').toBeDefined();
    const linked = $$(block!, 'a[href]').map((a) => pathOf(attr(a, 'href'), site.url));
    expect(linked).toEqual(expect.arrayContaining(['/envoys-meet-in-geneva', '/grain-corridor-extended']));
  });

  it('ends with the newsletter sign-up: the pitch and a form posting an email to /newsletter/subscribe', () => {
    const form = one(main, 'form[action="/newsletter/subscribe"]');
    expect(attr(form, 'method')?.toLowerCase()).toBe('post');
    const email = one(form, 'input[type="email"][name="email"]');
    expect($(doc, `label[for="${attr(email, 'id')}"]`)).not.toBeNull();
    expect(text(main)).toContain(reference.publication.newsletter_pitch);
    const briefsHeading = $$(main, 'h2, h3').find((h) => /^qiosk$/i.test(text(h)))!;
    expect(precedes(briefsHeading, form)).toBe(true);
  });

  it('declares its canonical URL and Open Graph article metadata', async () => {
    const canonical = `${site.url}/${lead.slug}`;
    expect(attr($(doc, 'link[rel="canonical"]'), 'href')).toBe(canonical);
    expect(metaProperty(doc, 'og:type')).toBe('article');
    expect(metaProperty(doc, 'og:title')).toBe(lead.title);
    expect(metaProperty(doc, 'og:url')).toBe(canonical);
    expect(metaProperty(doc, 'og:description')).toBeTruthy();
    const ogImage = metaProperty(doc, 'og:image');
    expect(ogImage).toMatch(new RegExp(`^${site.url}/`));
    const image = await getBytes(site.url, ogImage!);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toMatch(/^image\//);
    expect(sameInstant(metaProperty(doc, 'article:published_time'), lead.published_at)).toBe(true);
  });

  it('carries ReportageNewsArticle JSON-LD that matches the story', () => {
    const ld = newsArticleLd(doc);
    expect(ld['@type']).toBe('ReportageNewsArticle');
    expect(ld.headline).toBe(lead.title);
    expect(sameInstant(ld.datePublished as string, lead.published_at)).toBe(true);
    expect(sameInstant(ld.dateModified as string, lead.updated_at!)).toBe(true);
    const authors = (ld.author as Array<{ name: string }>).map((a) => a.name);
    expect(authors).toEqual(['Jane Okafor', 'Tomas Reiner']);
    expect((ld.publisher as { name: string }).name).toBe(reference.publication.name);
    expect(JSON.stringify(ld.mainEntityOfPage ?? ld.url)).toContain(`${site.url}/${lead.slug}`);
    expect(ld.image).toBeTruthy();
  });

  it.each([
    ['gulf-ceasefire-deadline', 'AnalysisNewsArticle'],
    ['border-crossings-reopen', 'BackgroundNewsArticle'],
    ['script-in-the-headline', 'OpinionNewsArticle'],
    ['envoys-meet-in-geneva', 'NewsArticle'],
  ])('gives /%s the schema.org type %s picked by its format', async (slug, type) => {
    const page = await getPage(site.url, `/${slug}`);
    expect(newsArticleLd(page.doc)['@type']).toBe(type);
  });

  it('renders a hostile story without any script, event handler or javascript: URL', async () => {
    const hostile = article('script-in-the-headline');
    const page = await getPage(site.url, `/${hostile.slug}`);
    const dangers = (html: string) => html.match(/<[^>]*\son\w+\s*=|javascript:|<script>alert/gi) ?? [];
    expect(dangers(page.html)).toEqual([]);
    const h1 = one(page.doc, 'h1');
    expect(text(h1)).toBe(hostile.title);
    expect(outerHtml(h1)).toContain('&lt;script');
    expect(text(one(page.doc, 'title'))).toContain(hostile.title);
    expect(newsArticleLd(page.doc).headline).toBe(hostile.title);
    // What was harmless survives sanitizing.
    expect(text(one(page.doc, 'blockquote'))).toContain('A quote that should survive sanitizing.');
    expect($$(page.doc, 'strong').map(text)).toContain('click');

    const fragment = await get(site.url, `/${hostile.slug}/body`);
    expect(fragment.status).toBe(200);
    expect(dangers(fragment.body)).toEqual([]);
    expect(fragment.body).not.toMatch(/<script/i);
    for (const listing of ['/latest', '/section/washington', '/', '/tag/peace-talks', '/author/tomas-reiner']) {
      const other = await get(site.url, listing);
      expect(dangers(other.body), listing).toEqual([]);
    }
  });

  it('keeps the article page within 30 KB gzipped for HTML, CSS and JS, with at most 2 KB of script', async () => {
    const stylesheets = $$(doc, 'link[rel="stylesheet"]').map((l) => attr(l, 'href')!);
    const scripts = $$(doc, 'script[src]').map((s) => attr(s, 'src')!);
    expect(stylesheets.length).toBeGreaterThan(0);
    expect(scripts.length).toBeGreaterThan(0);
    const gz = (bytes: Buffer | string) => gzipSync(bytes, { level: 9 }).length;
    let css = 0;
    for (const href of stylesheets) {
      const asset = await getBytes(site.url, href);
      expect(asset.status, href).toBe(200);
      css += gz(asset.bytes);
    }
    let js = 0;
    for (const src of scripts) {
      const asset = await getBytes(site.url, src);
      expect(asset.status, src).toBe(200);
      js += gz(asset.bytes);
    }
    const page = gz(html);
    const total = page + css + js;
    console.info(`[page weight, ${engine}] html ${page} B + css ${css} B + js ${js} B = ${total} B gzipped`);
    expect(js, 'script bytes, gzipped').toBeLessThanOrEqual(2 * 1024);
    expect(total, 'HTML + CSS + JS bytes, gzipped').toBeLessThanOrEqual(30 * 1024);
  });

  it('gives every image width, height and alt text', async () => {
    for (const path of [`/${lead.slug}`, '/', '/author/jane-okafor', '/section/middle-east']) {
      const page = await getPage(site.url, path);
      for (const img of $$(page.doc, 'img')) {
        const where = `${path}: ${attr(img, 'src')}`;
        expect(attr(img, 'alt'), where).toBeDefined();
        expect(Number(attr(img, 'width')), where).toBeGreaterThan(0);
        expect(Number(attr(img, 'height')), where).toBeGreaterThan(0);
      }
    }
  });
});
