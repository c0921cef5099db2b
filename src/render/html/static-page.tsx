import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { DocumentShell } from './document-shell.js';
import { buildPageMeta } from './meta.js';
import { SiteContext, createSite } from './site-context.js';
import type { PageContext, PageMeta, PublicationView } from './view-model.js';

// A static page (About, Donate…) at /{slug}: the site's header and footer around a
// heading and a body, with none of a story's parts (kicker, byline, related, latest).

export interface StaticPageView {
  slug: string;
  title: string;
  /** Built by render/blocks from the stored document, as a story's body is. */
  bodyHtml: string;
  /** The SEO description; empty means the body's opening words stand in. */
  description: string;
  /** Plain text of the body, for a description when none was written. */
  bodyText: string;
  updatedAt: string | null;
}

export function StaticPage({ page }: { page: StaticPageView }) {
  return (
    <article class="story static-page">
      <header class="story-head">
        <h1 class="headline">{page.title}</h1>
      </header>
      <div class="article-body" dangerouslySetInnerHTML={{ __html: page.bodyHtml }} />
    </article>
  );
}

export function staticPageMeta(publication: PublicationView, page: StaticPageView): PageMeta {
  const meta = buildPageMeta(publication, {
    title: page.title,
    description: page.description || page.bodyText || `${page.title} at ${publication.name}`,
    path: `/${page.slug}`,
  });
  const webPage = {
    '@context': 'https://schema.org',
    '@type': 'WebPage',
    name: page.title,
    url: meta.canonical,
    description: meta.description,
    ...(page.updatedAt && { dateModified: page.updatedAt }),
    isPartOf: { '@type': 'WebSite', name: publication.name, url: `${publication.siteUrl}/` },
  };
  return { ...meta, jsonLd: [webPage] };
}

export function renderStaticPage(ctx: PageContext, meta: PageMeta, page: StaticPageView): string {
  const shell = h(DocumentShell, { ctx, meta, page: 'static', nameElement: 'p', children: h(StaticPage, { page }) });
  return `<!doctype html>${renderToString(h(SiteContext.Provider, { value: createSite(ctx.publication) }, shell))}`;
}
