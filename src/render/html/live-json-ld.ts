import type { ArticleView, PublicationView } from './view-model.js';
import { newsArticleJsonLd } from './structured-data.js';

// A live story's structured data: schema.org's LiveBlogPosting (Google's live coverage
// guidelines, https://developers.google.com/search/docs/appearance/structured-data/article):
// the article's own fields, the coverage's start and end, and each entry as a BlogPosting
// in `liveBlogUpdate`, newest first, each pointing at its permalink.

const HEADLINE_MAX = 110;

export function liveBlogJsonLd(publication: PublicationView, article: ArticleView): Record<string, unknown> {
  const base = newsArticleJsonLd(publication, article);
  const live = article.live;
  if (!live) return base;
  const newestFirst = [...live.entries].sort((a, b) =>
    a.publishedAt < b.publishedAt ? 1 : a.publishedAt > b.publishedAt ? -1 : b.id - a.id,
  );
  return {
    ...base,
    '@type': 'LiveBlogPosting',
    coverageStartTime: live.coverageStart,
    ...(live.coverageEnd && { coverageEndTime: live.coverageEnd }),
    liveBlogUpdate: newestFirst.map((entry) => ({
      '@type': 'BlogPosting',
      headline: entry.summary.slice(0, HEADLINE_MAX),
      articleBody: entry.text,
      datePublished: entry.publishedAt,
      dateModified: entry.editedAt ?? entry.publishedAt,
      url: `${article.url}#entry-${entry.id}`,
      ...(entry.byline && { author: { '@type': 'Person', name: entry.byline.label, url: `${publication.siteUrl}${entry.byline.href}` } }),
    })),
  };
}
