import type { ArticleView, PublicationView } from './view-model.js';
import { absoluteUrl } from './absolute-url.js';
import { shareImage } from './share-image.js';

// schema.org objects for <script type="application/ld+json">, following Google's
// article and breadcrumb guidelines (https://developers.google.com/search/docs/appearance/structured-data/article).

export function publisherJsonLd(publication: PublicationView): Record<string, unknown> {
  return {
    '@type': 'Organization',
    name: publication.name,
    url: `${publication.siteUrl}/`,
    ...(publication.logoUrl && { logo: { '@type': 'ImageObject', url: publication.logoUrl } }),
  };
}

export function organizationJsonLd(publication: PublicationView): Record<string, unknown> {
  return {
    '@context': 'https://schema.org',
    ...publisherJsonLd(publication),
    description: publication.tagline,
    sameAs: publication.social.map((link) => link.url),
  };
}

export function newsArticleJsonLd(publication: PublicationView, article: ArticleView): Record<string, unknown> {
  const image = shareImage(publication, article.image);
  const section = article.kicker.sections[0];
  const corrections = article.notes.filter((note) => note.kind === 'correction');
  return {
    '@context': 'https://schema.org',
    '@type': article.schemaType,
    headline: article.title,
    description: article.dek ?? article.excerpt,
    ...(image && {
      image: [{ '@type': 'ImageObject', url: image.url, width: image.width, height: image.height }],
    }),
    datePublished: article.publishedAt,
    dateModified: article.updatedAt ?? article.publishedAt,
    author: article.authors.map((author) => ({
      '@type': 'Person',
      name: author.label,
      url: absoluteUrl(publication.siteUrl, author.href),
    })),
    publisher: publisherJsonLd(publication),
    ...(section && { articleSection: section.label }),
    keywords: article.tags.map((tag) => tag.label),
    mainEntityOfPage: { '@type': 'WebPage', '@id': article.url },
    url: article.url,
    isAccessibleForFree: true,
    ...(corrections.length > 0 && {
      correction: corrections.map((note) => ({
        '@type': 'CorrectionComment',
        text: note.text,
        datePublished: note.at,
      })),
    }),
  };
}

export function breadcrumbJsonLd(publication: PublicationView, article: ArticleView): Record<string, unknown> {
  const trail = [
    { name: publication.name, url: `${publication.siteUrl}/` },
    ...article.kicker.sections.slice(0, 1).map((section) => ({
      name: section.label,
      url: absoluteUrl(publication.siteUrl, section.href),
    })),
    { name: article.title, url: article.url },
  ];
  return {
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: trail.map((crumb, index) => ({
      '@type': 'ListItem',
      position: index + 1,
      name: crumb.name,
      item: crumb.url,
    })),
  };
}
