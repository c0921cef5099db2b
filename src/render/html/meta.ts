import type { ArticleView, PageMeta, PublicationView } from './view-model.js';
import { absoluteUrl } from './absolute-url.js';
import { shareImage } from './share-image.js';
import { breadcrumbJsonLd, newsArticleJsonLd, organizationJsonLd } from './structured-data.js';
import { summarize } from './summarize.js';
import { liveBlogJsonLd } from './live-json-ld.js';

export interface PageMetaInput {
  title: string;
  description: string;
  /** Site-relative path of the page, e.g. "/section/qiosk". */
  path: string;
  ogType?: PageMeta['ogType'];
  noindex?: boolean;
}

export function buildPageMeta(publication: PublicationView, input: PageMetaInput): PageMeta {
  return {
    title: input.title,
    description: summarize(input.description),
    canonical: absoluteUrl(publication.siteUrl, input.path),
    ogType: input.ogType ?? 'website',
    image: null,
    jsonLd: input.path === '/' ? [organizationJsonLd(publication)] : [],
    article: null,
    noindex: input.noindex ?? false,
  };
}

export function buildArticleMeta(publication: PublicationView, article: ArticleView): PageMeta {
  return {
    title: article.title,
    description: summarize(article.dek ?? article.excerpt),
    canonical: article.url,
    ogType: 'article',
    image: shareImage(publication, article.image),
    jsonLd: [
      article.live ? liveBlogJsonLd(publication, article) : newsArticleJsonLd(publication, article),
      breadcrumbJsonLd(publication, article),
    ],
    article: {
      publishedTime: article.publishedAt,
      modifiedTime: article.updatedAt ?? article.publishedAt,
      section: article.kicker.sections[0]?.label ?? null,
      tags: article.tags.map((tag) => tag.label),
      authors: article.authors.map((author) => absoluteUrl(publication.siteUrl, author.href)),
    },
    noindex: false,
  };
}
