import { h, type ComponentChild } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { ArticleView, FrontView, ListingView, NoteView, PageContext, PageMeta, SearchView } from './view-model.js';
import { ArticlePage } from './article-page.js';
import { BodyFragment } from './body-fragment.js';
import { DocumentShell } from './document-shell.js';
import { ErrorPage, type ErrorView } from './error-page.js';
import { FrontPage } from './front-page.js';
import { ListingPage } from './listing-page.js';
import { NewsletterPanel, type NewsletterFormView } from './newsletter-panel.js';
import { NewsletterFlowPage, newsletterFlowMeta, type NewsletterFlowView } from './newsletter-pages.js';
import { SearchPage } from './search-page.js';
import { createDateFormatter, type DateSettings } from './format-date.js';
import { SiteContext, createSite } from './site-context.js';

// The public face of render/html: each reader page as a complete HTML string.

interface DocumentInput {
  ctx: PageContext;
  meta: PageMeta;
  /** Page type, a class on <body>. */
  page: string;
  /** The front page makes the publication's name its h1; other pages have their own. */
  nameElement: 'h1' | 'p';
  content: ComponentChild;
}

function renderDocument({ ctx, meta, page, nameElement, content }: DocumentInput): string {
  const shell = h(DocumentShell, { ctx, meta, page, nameElement, children: content });
  return `<!doctype html>${renderToString(h(SiteContext.Provider, { value: createSite(ctx.publication) }, shell))}`;
}

export function renderArticlePage(ctx: PageContext, meta: PageMeta, article: ArticleView): string {
  return renderDocument({ ctx, meta, page: 'article', nameElement: 'p', content: h(ArticlePage, { article }) });
}

export function renderFrontPage(ctx: PageContext, meta: PageMeta, front: FrontView): string {
  return renderDocument({ ctx, meta, page: 'front', nameElement: 'h1', content: h(FrontPage, { front }) });
}

export function renderListingPage(ctx: PageContext, meta: PageMeta, listing: ListingView): string {
  return renderDocument({ ctx, meta, page: 'listing', nameElement: 'p', content: h(ListingPage, { listing }) });
}

export function renderSearchPage(ctx: PageContext, meta: PageMeta, search: SearchView): string {
  return renderDocument({ ctx, meta, page: 'search', nameElement: 'p', content: h(SearchPage, { search }) });
}

/** The sign-up page; after a refused sign-up, the same page with the reason and what was typed. */
export function renderNewsletterPage(ctx: PageContext, meta: PageMeta, form: NewsletterFormView = { source: '/newsletter' }): string {
  const panel = h(NewsletterPanel, { headingLevel: 1, heading: 'Sign up for our newsletter', form });
  return renderDocument({ ctx, meta, page: 'newsletter', nameElement: 'p', content: h('div', { class: 'wrap narrow' }, panel) });
}

/** A page of the newsletter's reader flow: "check your inbox", confirm, unsubscribe… */
export function renderNewsletterFlowPage(ctx: PageContext, view: NewsletterFlowView): string {
  return renderDocument({
    ctx,
    meta: newsletterFlowMeta(view),
    page: 'newsletter',
    nameElement: 'p',
    content: h(NewsletterFlowPage, { view }),
  });
}

/** 404, 400, 500…: never indexed, and without a canonical URL (it would name the error as the page). */
export function renderErrorPage(ctx: PageContext, error: ErrorView): string {
  const meta: PageMeta = {
    title: error.title,
    description: error.message,
    canonical: '',
    ogType: 'website',
    image: null,
    jsonLd: [],
    article: null,
    noindex: true,
  };
  return renderDocument({ ctx, meta, page: 'error', nameElement: 'p', content: h(ErrorPage, { error }) });
}

/**
 * The fragment "Keep reading" fetches. Note dates follow `dates` (the publication's
 * locale and time zone; pass it), falling back to en-US in UTC.
 */
export function renderBodyFragment(
  article: { bodyHtml: string; notes: NoteView[] },
  dates: DateSettings = { locale: 'en-US', timeZone: 'UTC' },
): string {
  return renderToString(h(BodyFragment, { ...article, dates: createDateFormatter(dates) }));
}
