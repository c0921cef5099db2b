import { describe, expect, it } from 'vitest';
import { $, $$, attr, one, parseHtml, text } from '../../../test/helpers/dom.js';
import * as fixtures from '../../../test/fixtures/views.js';
import type { ArticleView } from './view-model.js';
import { buildArticleMeta, buildPageMeta } from './meta.js';
import {
  renderArticlePage,
  renderBodyFragment,
  renderErrorPage,
  renderFrontPage,
  renderListingPage,
  renderNewsletterFlowPage,
  renderNewsletterPage,
} from './pages.js';

const { pageContext: ctx, publication, article } = fixtures;

function articlePage(view: ArticleView = article): string {
  return renderArticlePage(ctx, buildArticleMeta(publication, view), view);
}

const everyPage: Array<[string, () => string]> = [
  ['article', () => articlePage()],
  [
    'front',
    () =>
      renderFrontPage(
        ctx,
        buildPageMeta(publication, { title: publication.name, description: publication.tagline, path: '/' }),
        fixtures.front,
      ),
  ],
  [
    'section',
    () =>
      renderListingPage(
        ctx,
        buildPageMeta(publication, { title: 'Europe', description: 'Europe', path: '/section/europe' }),
        fixtures.listing,
      ),
  ],
  [
    'briefs section',
    () =>
      renderListingPage(
        ctx,
        buildPageMeta(publication, { title: 'QiOSK', description: 'Briefs', path: '/section/qiosk' }),
        fixtures.briefsListing,
      ),
  ],
  [
    'author',
    () =>
      renderListingPage(
        ctx,
        buildPageMeta(publication, { title: 'Inês Carvalho', description: 'Author', path: '/author/ines-carvalho', ogType: 'profile' }),
        fixtures.authorListing,
      ),
  ],
  [
    'newsletter',
    () =>
      renderNewsletterPage(
        ctx,
        buildPageMeta(publication, { title: 'Newsletter', description: publication.newsletterPitch, path: '/newsletter' }),
      ),
  ],
  ['error', () => renderErrorPage(ctx, { status: 404, title: 'Page not found', message: 'No such page.' })],
  ['newsletter confirmation', () => renderNewsletterFlowPage(ctx, { kind: 'confirm', token: 'a-token' })],
  [
    'newsletter unsubscribe',
    () =>
      renderNewsletterFlowPage(ctx, { kind: 'unsubscribe', token: 's1-1.sig', email: 'reader@example.org', list: 'Weekly', state: 'ask' }),
  ],
];

describe.each(everyPage)('the %s page', (_name, render) => {
  const html = render();
  const doc = parseHtml(html);

  it('is a whole document with exactly one h1 and the landmarks', () => {
    expect(html.startsWith('<!doctype html><html lang="en-US">')).toBe(true);
    expect($$(doc, 'h1')).toHaveLength(1);
    for (const landmark of ['header', 'main#main', 'footer', 'nav']) expect($(doc, landmark), landmark).not.toBeNull();
    expect(attr(one(doc, 'a.skip-link'), 'href')).toBe('#main');
  });

  it('gives every image alt text, a width and a height', () => {
    for (const img of $$(doc, 'img')) {
      expect(attr(img, 'alt'), attr(img, 'src')).toBeDefined();
      expect(Number(attr(img, 'width'))).toBeGreaterThan(0);
      expect(Number(attr(img, 'height'))).toBeGreaterThan(0);
    }
  });

  it('runs no inline script and no inline style, and puts the nonce on every script', () => {
    expect($$(doc, '[style]')).toEqual([]);
    expect($$(doc, 'style')).toEqual([]);
    const scripts = $$(doc, 'script');
    for (const script of scripts) {
      expect(attr(script, 'nonce')).toBe(ctx.nonce);
      if (attr(script, 'type') !== 'application/ld+json') expect(attr(script, 'src')).toBeTruthy();
    }
    const main = one(doc, 'script[src]');
    expect(attr(main, 'src')).toBe(ctx.assets.script);
    expect(attr(main, 'defer')).toBe('');
    expect(html).not.toMatch(/\son[a-z]+=/i);
  });

  it('links the stylesheet and the icon and preloads the fonts', () => {
    expect(attr(one(doc, 'link[rel="stylesheet"]'), 'href')).toBe(ctx.assets.stylesheet);
    const preloads = $$(doc, 'link[rel="preload"]');
    expect(preloads.map((link) => attr(link, 'href'))).toEqual(ctx.assets.fonts);
    for (const link of preloads) {
      expect([attr(link, 'as'), attr(link, 'type'), attr(link, 'crossorigin') !== undefined]).toEqual(['font', 'font/woff2', true]);
    }
    expect(attr(one(doc, 'link[rel="icon"]'), 'href')).toBe(ctx.assets.icon);
    expect($$(doc, 'meta[name="theme-color"]')).toHaveLength(2);
  });

  it('shows the publication social links in the header and the footer', () => {
    for (const region of ['header', 'footer.site-footer']) {
      const links = $$(one(doc, region), '.follow a').map((a) => attr(a, 'href'));
      expect(links, region).toEqual(publication.social.map((s) => s.url));
    }
  });
});

describe('the article page', () => {
  const doc = parseHtml(articlePage());
  const story = one(doc, 'article.story');

  it('names the main tag above the kicker, as the reference page puts a person above the story', () => {
    const topic = one(one(story, '.story-head'), '.story-topic a');
    expect([text(topic), attr(topic, 'href')]).toEqual(['Helena Varela', '/tag/helena-varela']);
  });

  it('shows the kicker as the format then the sections, joined by " | ", before the headline and again at the foot', () => {
    const kickers = $$(story, '.kicker');
    expect(kickers.map((k) => text(k))).toEqual(['Reporting | QiOSK | Europe', 'Reporting | QiOSK | Europe']);
    expect($$(kickers[0]!, 'a').map((a) => attr(a, 'href'))).toEqual(['/section/qiosk', '/section/europe']);
    expect(text(one(story, 'h1'))).toBe(article.title);
  });

  it('joins three bylines with a comma and "and", and dates the story and its update', () => {
    const byline = one(story, '.byline');
    expect(text(one(byline, '.byline-authors'))).toBe('By Inês Carvalho, Tom Reyes and Maja Lindqvist');
    expect($$(byline, 'a').map((a) => attr(a, 'href'))).toEqual(article.authors.map((a) => a.href));
    expect($$(byline, 'time').map((t) => [attr(t, 'datetime'), text(t)])).toEqual([
      ['2025-04-18T09:00:00Z', 'April 18, 2025'],
      ['2025-04-18T15:00:00Z', 'April 18, 2025, 3:00 PM'],
    ]);
    expect(text(one(byline, '.byline-updated'))).toBe('Updated April 18, 2025, 3:00 PM');
  });

  it('loads the lead image first, in a figure with its caption and credit', () => {
    const figure = one(story, 'figure.story-figure');
    const img = one(figure, 'img');
    expect(attr(img, 'fetchpriority')).toBe('high');
    expect(attr(img, 'loading')).toBeUndefined();
    expect($$(figure, 'source').map((s) => attr(s, 'type'))).toEqual(['image/avif', 'image/webp']);
    expect(attr(img, 'srcset')).toContain('/media/brussels-1440.jpg 1440w');
    expect(text(one(figure, 'figcaption'))).toBe(`${article.image!.caption} Photo: ${article.image!.credit}`);
    for (const other of $$(doc, 'img').filter((i) => i !== img)) {
      expect([attr(other, 'loading'), attr(other, 'decoding')]).toEqual(['lazy', 'async']);
    }
  });

  it('dates each update and correction note', () => {
    expect($$(story, '.notes .note-label').map((n) => text(n))).toEqual([
      'Updated April 18, 2025, 3:00 PM UTC',
      'Correction, April 18, 2025, 4:30 PM UTC',
    ]);
  });

  it('groups tag links by kind: people, organizations, places, topics', () => {
    expect($$(story, '.tags dt').map((dt) => text(dt))).toEqual(['People', 'Organizations', 'Places', 'Topics']);
    expect($$(story, '.tags dd a').map((a) => attr(a, 'href'))).toEqual(article.tags.map((t) => t.href));
  });

  it('offers share links built from the canonical URL, and no third-party script', () => {
    const hrefs = $$(story, '.share a').map((a) => attr(a, 'href')!);
    const encoded = encodeURIComponent(article.url);
    expect(hrefs).toHaveLength(5);
    expect(hrefs.filter((href) => href.includes(encoded))).toHaveLength(5);
    expect(hrefs[0]).toMatch(/^https:\/\/x\.com\/intent\/tweet\?/);
    expect(hrefs.at(-1)).toMatch(/^mailto:\?subject=/);
  });

  it('renders "Keep reading" on each related story as a plain link with an empty region to unfold into', () => {
    const html = articlePage();
    for (const story of article.related) {
      expect(html).toContain(
        `<a class="keep-reading" href="${story.href}" data-fragment="${story.bodyFragmentHref}">Keep reading<span class="visually-hidden">: ${story.title}</span></a>`,
      );
      expect(html).toContain(`<div class="related-full" id="related-full-${story.slug}" hidden></div>`);
    }
  });

  it('follows the story with related stories, a numbered Latest list, the briefs and the newsletter form, in that order', () => {
    const below = $$(doc, '.related, .latest, .briefs, .newsletter').map((el) => attr(el, 'class'));
    expect(below).toEqual(['related', 'latest', 'briefs', 'newsletter']);
    expect($$(doc, '.latest ol li')).toHaveLength(article.latest.length);
    expect(attr(one(doc, '.briefs h2 a'), 'href')).toBe('/section/qiosk');
    expect($$(doc, '.briefs li time')).toHaveLength(article.briefs!.items.length);
  });

  it('signs readers up with a labelled email field and a hidden honeypot', () => {
    const form = one(doc, 'form.newsletter-form');
    expect([attr(form, 'method'), attr(form, 'action')]).toEqual(['post', '/newsletter/subscribe']);
    const email = one(form, 'input[name="email"]');
    expect([attr(email, 'type'), attr(email, 'required'), attr(email, 'autocomplete')]).toEqual(['email', '', 'email']);
    expect(text(one(form, `label[for="${attr(email, 'id')}"]`))).toBe('Email address');
    const trap = one(form, 'input[name="website"]');
    expect([attr(trap, 'tabindex'), attr(trap, 'autocomplete')]).toEqual(['-1', 'off']);
    expect(attr(one(form, '.hp'), 'aria-hidden')).toBe('true');
    expect(text(one(doc, '.newsletter-pitch'))).toBe(publication.newsletterPitch);
  });
});

describe('escaping', () => {
  const hostile = '<img src=x onerror=alert(1)>';
  const breakout = '</script><script>alert(1)</script>';
  const view: ArticleView = {
    ...article,
    title: `${hostile} ${breakout}`,
    dek: hostile,
    image: { ...article.image!, alt: hostile, caption: hostile, credit: breakout },
    tags: [{ kind: 'topic', label: hostile, href: '/tag/x' }],
    notes: [{ kind: 'correction', at: article.publishedAt, text: breakout }],
  };
  const html = articlePage(view);

  it('escapes hostile text everywhere it appears', () => {
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;img src=x onerror=alert(1)>');
    const doc = parseHtml(html);
    expect(text(one(doc, 'h1'))).toBe(view.title);
    expect(text(one(doc, 'title'))).toBe(`${view.title} | ${publication.name}`);
  });

  it('keeps JSON-LD inside its script element, however the headline ends', () => {
    const doc = parseHtml(html);
    const blocks = $$(doc, 'script[type="application/ld+json"]');
    expect(blocks).toHaveLength(2);
    expect(html.match(/<\/script>/g)).toHaveLength($$(doc, 'script').length);
    const [articleLd, breadcrumbs] = blocks.map((b) => JSON.parse(text(b)) as Record<string, unknown>);
    expect(articleLd!.headline).toBe(view.title);
    expect(articleLd!.correction).toEqual([{ '@type': 'CorrectionComment', text: breakout, datePublished: article.publishedAt }]);
    expect(breadcrumbs!['@type']).toBe('BreadcrumbList');
  });

  it('never links to a javascript: URL from a social account', () => {
    const evil = { ...ctx, publication: { ...publication, social: [{ network: 'x', label: 'X', url: 'javascript:alert(1)' }] } };
    const page = renderArticlePage(evil, buildArticleMeta(publication, article), article);
    expect(page).not.toContain('javascript:');
  });
});

describe('listing pages', () => {
  it('paginate with rel="prev" and rel="next" links', () => {
    const doc = parseHtml(
      renderListingPage(
        ctx,
        buildPageMeta(publication, { title: 'Europe', description: 'Europe', path: '/section/europe' }),
        fixtures.listing,
      ),
    );
    const nav = one(doc, 'nav.pagination');
    expect(attr(one(nav, 'a[rel="prev"]'), 'href')).toBe('/section/europe');
    expect(attr(one(nav, 'a[rel="next"]'), 'href')).toBe('/section/europe?page=3');
    expect(text(one(nav, '.pagination-status'))).toBe('Page 2 of 5');
    expect(attr(one(doc, '.site-nav a[aria-current="page"]'), 'href')).toBe('/section/europe');
  });

  it('show briefs as short items with their time', () => {
    const doc = parseHtml(
      renderListingPage(
        ctx,
        buildPageMeta(publication, { title: 'QiOSK', description: 'Briefs', path: '/section/qiosk' }),
        fixtures.briefsListing,
      ),
    );
    const items = $$(doc, 'main .brief');
    expect(items).toHaveLength(fixtures.briefsListing.stories.length);
    expect(text(one(items[0]!, 'time'))).toBe('Apr 18, 1:40 PM');
    expect($$(doc, 'main .card')).toEqual([]);
    expect($(doc, 'a[rel="prev"]')).toBeNull();
  });
});

describe('the error page', () => {
  it('is never indexed and names no canonical URL', () => {
    const doc = parseHtml(renderErrorPage(ctx, { status: 404, title: 'Page not found', message: 'Gone.' }));
    expect(attr(one(doc, 'meta[name="robots"]'), 'content')).toBe('noindex');
    expect($(doc, 'link[rel="canonical"]')).toBeNull();
    expect(text(one(doc, 'h1'))).toBe('Page not found');
  });
});

describe('the body fragment', () => {
  it('is the body and the dated notes, without the page shell', () => {
    const html = renderBodyFragment({ bodyHtml: '<p>First.</p>', notes: article.notes }, publication);
    expect(html.startsWith('<div class="article-body"><p>First.</p></div><div class="notes">')).toBe(true);
    expect(html).not.toMatch(/<html|<header|<main/);
    expect(text($$(parseHtml(html), '.note-label'))).toContain('Updated April 18, 2025, 3:00 PM UTC');
  });

  it('formats note dates in the time zone it is given, and names the zone', () => {
    const html = renderBodyFragment({ bodyHtml: '', notes: article.notes }, { locale: 'en-US', timeZone: 'America/New_York' });
    expect(html).toContain('Updated <time datetime="2025-04-18T15:00:00Z">April 18, 2025, 11:00 AM EDT</time>');
  });
});

describe('links from settings', () => {
  it('never render a javascript: or protocol-relative social link', () => {
    const hostile = {
      ...ctx,
      publication: {
        ...publication,
        social: [
          { network: 'x', label: 'X', url: 'javascript:alert(1)' },
          { network: 'bluesky', label: 'Bluesky', url: '//evil.example/' },
          { network: 'mastodon', label: 'Mastodon', url: 'https://mastodon.example/@desk' },
        ],
      },
    };
    const html = renderNewsletterPage(hostile, buildPageMeta(publication, { title: 'Newsletter', description: 'x', path: '/newsletter' }));
    expect(html).not.toContain('javascript:');
    expect(html).not.toContain('evil.example');
    expect(html).toContain('https://mastodon.example/@desk');
  });
});

describe('the newsletter flow pages', () => {
  it('are never indexed and carry no canonical URL', () => {
    for (const view of [
      { kind: 'check-inbox' },
      { kind: 'confirm', token: 't' },
      { kind: 'data-deleted' },
      { kind: 'data', token: 't', email: 'a@example.org' },
    ] as const) {
      const doc = parseHtml(renderNewsletterFlowPage(ctx, view));
      expect(attr(one(doc, 'meta[name="robots"]'), 'content')).toBe('noindex');
      expect($(doc, 'link[rel="canonical"]')).toBeNull();
    }
  });

  it('escape the address and list name and put the token only in the form actions', () => {
    const html = renderNewsletterFlowPage(ctx, {
      kind: 'unsubscribe',
      token: 's1-1.sig',
      email: '<b>x</b>@example.org',
      list: '<i>Weekly</i>',
      state: 'ask',
    });
    expect(html).not.toContain('<b>x</b>');
    expect(html).not.toContain('<i>Weekly</i>');
    const doc = parseHtml(html);
    expect($$(doc, 'form').map((form) => [attr(form, 'method'), attr(form, 'action')])).toEqual([
      ['post', '/newsletter/unsubscribe?token=s1-1.sig'],
      // Only a request for a data link: the unsubscribe link travels with forwarded issues.
      ['post', '/newsletter/data/link?token=s1-1.sig'],
    ]);
    expect($$(doc, 'a[href*="token"]')).toEqual([]);
  });
});
