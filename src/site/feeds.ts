import { imageView } from '../media/image-view.js';
import { renderDocumentHtml } from '../render/blocks/document-html.js';
import { jsonFeedEnd, jsonFeedItem, jsonFeedStart } from '../render/feeds/json-feed.js';
import type { FeedChannelView, FeedItemView } from '../render/feeds/feed-view.js';
import { rssEnd, rssItem, rssStart } from '../render/feeds/rss.js';
import { absoluteUrl } from '../render/html/absolute-url.js';
import { shareImage } from '../render/html/share-image.js';
import { listVisibleIds, loadCards, type CardRecord, type Listing } from '../store/stories/story-cards.js';
import { tagNamesOf } from '../store/stories/story-links.js';
import { newestChange } from '../store/stories/visible-story-walk.js';
import { findAuthorBySlug, findTagBySlug } from '../store/taxonomy/taxonomy-by-slug.js';
import type { ReaderDeps } from './page-result.js';
import { etagOf, type StreamedDocument } from './streamed-document.js';
import { excerptOf, readDocument } from '../render/html/story-views.js';

// RSS 2.0 and JSON Feed 1.1 for the site and for each section, tag and author
// (`/feed.xml`, `/section/{slug}/feed.json`…): the newest stories, full text or excerpt
// as the publication chooses, items loaded and written a batch at a time.

export const FEED_SIZE = 50;
const BATCH = 10;

export type FeedFormat = 'rss' | 'json';
export type FeedScope = { kind: 'site' } | { kind: 'section' | 'tag' | 'author'; slug: string };

interface ResolvedScope {
  listing: Listing;
  path: string;
  title: string;
  description: string;
}

async function resolve(deps: ReaderDeps, scope: FeedScope): Promise<ResolvedScope | null> {
  const { publication } = deps.basics;
  if (scope.kind === 'site') {
    return {
      listing: { by: 'all' },
      path: '/',
      title: publication.name,
      description: publication.tagline || `The latest stories from ${publication.name}`,
    };
  }
  const path = `/${scope.kind}/${scope.slug}`;
  if (scope.kind === 'section') {
    const section = deps.basics.sections.find((s) => s.slug === scope.slug);
    return section
      ? {
          listing: { by: 'section', id: section.id },
          path,
          title: `${section.name} | ${publication.name}`,
          description: section.description || `${section.name} at ${publication.name}`,
        }
      : null;
  }
  const found = scope.kind === 'tag' ? await findTagBySlug(deps.db, scope.slug) : await findAuthorBySlug(deps.db, scope.slug);
  if (!found) return null;
  const description =
    scope.kind === 'tag' ? `Stories about ${found.name} at ${publication.name}` : `Stories by ${found.name} at ${publication.name}`;
  return { listing: { by: scope.kind, id: found.id }, path, title: `${found.name} | ${publication.name}`, description };
}

function itemView(deps: ReaderDeps, card: CardRecord, tags: string[]): FeedItemView {
  const { siteUrl } = deps.basics.publication;
  const { article } = card;
  const published = article.published_at ?? article.created_at;
  const image = card.image ? imageView(card.image) : null;
  const share = shareImage(deps.basics.publication, image);
  return {
    url: absoluteUrl(siteUrl, `/${article.slug}`),
    title: article.title,
    summary: article.dek || excerptOf(card),
    contentHtml: deps.basics.feedContent === 'full' ? renderDocumentHtml(readDocument(card.body)) : null,
    publishedAt: published,
    updatedAt: article.updated_at && article.updated_at > published ? article.updated_at : null,
    authors: card.authors.map((a) => ({ name: a.name, url: absoluteUrl(siteUrl, `/author/${a.slug}`) })),
    categories: [...card.sections.map((s) => s.name), ...tags],
    image: share,
  };
}

export async function feedDocument(deps: ReaderDeps, scope: FeedScope, format: FeedFormat): Promise<StreamedDocument | null> {
  const resolved = await resolve(deps, scope);
  if (!resolved) return null;
  const { ids } = await listVisibleIds(deps.db, resolved.listing, { limit: FEED_SIZE, offset: 0, now: deps.now, total: false });
  const newest = await newestChange(deps.db, ids);
  const { publication } = deps.basics;
  const file = format === 'rss' ? 'feed.xml' : 'feed.json';
  const channel: FeedChannelView = {
    title: resolved.title,
    description: resolved.description,
    homeUrl: absoluteUrl(publication.siteUrl, resolved.path),
    feedUrl: absoluteUrl(publication.siteUrl, resolved.path === '/' ? `/${file}` : `${resolved.path}/${file}`),
    language: publication.locale,
    updatedAt: newest ?? deps.now,
    iconUrl: absoluteUrl(publication.siteUrl, deps.ctx.assets.icon),
  };
  return {
    contentType: format === 'rss' ? 'application/rss+xml; charset=utf-8' : 'application/feed+json; charset=utf-8',
    etag: etagOf(
      'feed',
      format,
      resolved.path,
      resolved.title,
      resolved.description,
      deps.basics.feedContent,
      ids.join(','),
      newest,
      publication.siteUrl,
    ),
    lastModified: newest,
    body: async function* body() {
      yield format === 'rss' ? rssStart(channel) : jsonFeedStart(channel);
      let first = true;
      for (let i = 0; i < ids.length; i += BATCH) {
        const batch = ids.slice(i, i + BATCH);
        const [cards, tags] = await Promise.all([loadCards(deps.db, batch, deps.now), tagNamesOf(deps.db, batch)]);
        for (const card of cards) {
          const item = itemView(deps, card, tags.get(card.article.id) ?? []);
          yield format === 'rss' ? rssItem(item) : jsonFeedItem(item, first);
          first = false;
        }
      }
      yield format === 'rss' ? rssEnd() : jsonFeedEnd();
    },
  };
}
