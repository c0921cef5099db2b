import type { Restriction, SourceState, SourceStory } from '../source-model.js';
import { convertWordpressBody } from './wordpress-body.js';
import { rssDate, wxrDateAsUtc } from './wordpress-dates.js';
import { absoluteUrl, type WordpressIndex } from './wordpress-index.js';
import { decodeSlug, termKind } from './wordpress-terms.js';
import type { WxrItem } from './wxr-records.js';

// One WXR item in pass 2: a story, a reasoned skip, or nothing (attachments were
// yielded as images in pass 1, menu items counted there).

export type ItemOutcome = { kind: 'story'; story: SourceStory } | { kind: 'skipped'; sourceId: string; reason: string } | { kind: 'none' };

const STATES: Record<string, SourceState> = {
  publish: 'published',
  future: 'scheduled',
  draft: 'draft',
  pending: 'draft',
  private: 'published',
};

export function mapWordpressItem(item: WxrItem, index: WordpressIndex): ItemOutcome {
  if (item.postType === 'attachment' || item.postType === 'nav_menu_item') return { kind: 'none' };
  const skip = skipReason(item);
  if (skip) return { kind: 'skipped', sourceId: item.postId || `untitled item "${item.title}"`, reason: skip };
  return { kind: 'story', story: toStory(item, index) };
}

function skipReason(item: WxrItem): string | null {
  if (!item.postId || !item.postType) return 'no WordPress post id or post type (wp: namespace)';
  if (item.status === 'trash') return 'in the WordPress trash';
  if (item.status === 'auto-draft') return 'an auto-draft WordPress never saved';
  if (item.postType === 'revision' || item.status === 'inherit') return 'a revision of another post';
  if (item.postType !== 'post' && item.postType !== 'page') return `custom post type "${item.postType}"`;
  return null;
}

function toStory(item: WxrItem, index: WordpressIndex): SourceStory {
  const warnings: string[] = [];
  const state = STATES[item.status] ?? 'draft';
  if (!(item.status in STATES)) warnings.push(`unknown status "${item.status}" imported as a draft`);
  const body = convertWordpressBody({ content: item.content, postId: item.postId, media: index.media });
  warnings.push(...body.warnings);
  let excerpt = item.excerpt;
  if (!excerpt && body.textBeforeMore) {
    excerpt = body.textBeforeMore;
    warnings.push('excerpt taken from the text before <!--more-->');
  }
  const publishedAt = publicationInstant(item, state, warnings);
  return {
    sourceId: item.postId,
    type: item.postType === 'page' ? 'page' : 'post',
    title: item.title,
    slug: decodeSlug(item.postName),
    dek: '',
    excerpt,
    bodyHtml: body.html,
    state,
    restriction: restrictionOf(item),
    publishedAt,
    updatedAt: wxrDateAsUtc(item.modifiedGmt),
    createdAt: publishedAt,
    authors: bylines(item, index, warnings),
    sections: termIds(item, 'section'),
    tags: termIds(item, 'tag'),
    leadImage: leadImage(item, index, warnings),
    seoTitle: item.meta.get('_yoast_wpseo_title')?.trim() ?? '',
    seoDescription: item.meta.get('_yoast_wpseo_metadesc')?.trim() ?? '',
    oldUrls: oldUrls(item, index.site.baseUrl),
    parentSourceId: item.postType === 'page' && item.parentId && item.parentId !== '0' ? item.parentId : null,
    warnings,
  };
}

function restrictionOf(item: WxrItem): Restriction | null {
  if (item.status === 'private') return 'private';
  if (item.password !== '') return 'password';
  return null;
}

/** The GMT date is the instant; without one, a published or scheduled post falls back to its local date. */
function publicationInstant(item: WxrItem, state: SourceState, warnings: string[]): string | null {
  const gmt = wxrDateAsUtc(item.postDateGmt);
  if (gmt || state === 'draft') return gmt;
  const local = wxrDateAsUtc(item.postDate);
  if (local) {
    warnings.push('no GMT date: the local post date was read as UTC');
    return local;
  }
  const rss = rssDate(item.pubDate);
  warnings.push(rss ? 'no post date: the RSS pubDate was used' : 'no publication date in the export');
  return rss;
}

/** Co-Authors Plus lists the byline in order; without it, the single `dc:creator`. */
function bylines(item: WxrItem, index: WordpressIndex, warnings: string[]): string[] {
  const coAuthors = item.terms.filter((term) => term.domain === 'author');
  if (coAuthors.length > 0) return unique(coAuthors.map((term) => index.people.resolveCoAuthor(term.nicename, term.name)));
  const creator = item.creator ? index.people.resolveCreator(item.creator) : null;
  if (!creator) return [];
  if (creator.warning) warnings.push(creator.warning);
  return [creator.sourceId];
}

function termIds(item: WxrItem, kind: 'section' | 'tag'): string[] {
  return unique(item.terms.filter((term) => termKind(term.domain) === kind && term.nicename).map((term) => term.nicename));
}

function leadImage(item: WxrItem, index: WordpressIndex, warnings: string[]): SourceStory['leadImage'] {
  const id = item.meta.get('_thumbnail_id')?.trim();
  if (!id) return null;
  const attachment = index.attachments.get(id);
  if (!attachment) warnings.push(`featured image ${id} is not in the export`);
  return attachment?.image ?? null;
}

function oldUrls(item: WxrItem, baseUrl: string | null): string[] {
  const urls: string[] = [];
  if (item.link) urls.push(absoluteUrl(item.link, baseUrl));
  // WordPress answers ?p= at its own root, which is a folder when it is installed in one.
  const root = baseUrl ? new URL(baseUrl).pathname.replace(/\/+$/, '') : '';
  urls.push(item.postType === 'page' ? `${root}/?page_id=${item.postId}` : `${root}/?p=${item.postId}`);
  if (item.guid && isOnSite(item.guid, baseUrl)) urls.push(item.guid);
  return unique(urls);
}

/** Same host as the old site, whatever the scheme (old guids are often http). */
function isOnSite(url: string, baseUrl: string | null): boolean {
  if (!baseUrl) return false;
  try {
    return new URL(url).host === new URL(baseUrl).host;
  } catch {
    return false;
  }
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
