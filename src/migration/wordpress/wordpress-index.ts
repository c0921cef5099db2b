import path from 'node:path';
import { SourceFormatError, type NotImported, type SourceImage, type SourceSite } from '../source-model.js';
import type { BodyMedia } from './wordpress-body.js';
import { WordpressPeople } from './wordpress-people.js';
import { WordpressTerms, termKind } from './wordpress-terms.js';
import { readWxrRecord, type WxrItem } from './wxr-records.js';
import { readChannelChildren } from './wxr-xml-stream.js';

// Pass 1 over the file: everything small enough to hold (site facts, people, terms,
// attachments, counts of what will not be imported), and proof that the whole file is
// well-formed WXR before a single story is yielded. Bodies are read and dropped.

export interface WordpressAttachment {
  image: SourceImage;
  parentId: string;
  menuOrder: number;
}

export interface WordpressIndex {
  site: SourceSite;
  people: WordpressPeople;
  terms: WordpressTerms;
  attachments: Map<string, WordpressAttachment>;
  media: BodyMedia;
  notImported: NotImported[];
}

interface Tally {
  comments: number;
  menuItems: number;
  menus: Set<string>;
  customTaxonomyTerms: Set<string>;
  postFormats: number;
  stickyFlags: number;
}

export async function indexWordpressExport(file: string): Promise<WordpressIndex> {
  const people = new WordpressPeople();
  const terms = new WordpressTerms();
  const attachmentItems: WxrItem[] = [];
  const site = { title: '', link: '', base_site_url: '', base_blog_url: '' };
  const tally: Tally = { comments: 0, menuItems: 0, menus: new Set(), customTaxonomyTerms: new Set(), postFormats: 0, stickyFlags: 0 };
  let version: string | null = null;
  /** Posts and pages, for the progress line's total and ETA. */
  let stories = 0;

  for await (const node of readChannelChildren(file)) {
    const record = readWxrRecord(node);
    switch (record.kind) {
      case 'version':
        version ??= record.version;
        break;
      case 'site-field':
        site[record.field] ||= record.value;
        break;
      case 'author':
        people.declare(record.author);
        break;
      case 'term':
        if (!terms.declare(record.term) && !['nav_menu', 'post_format'].includes(record.term.taxonomy)) {
          tally.customTaxonomyTerms.add(`${record.term.taxonomy}:${record.term.slug}`);
        }
        break;
      case 'item':
        if (record.item.postType === 'attachment') attachmentItems.push(record.item);
        else {
          if (record.item.postType === 'post' || record.item.postType === 'page') stories += 1;
          noteItem(record.item, { people, terms, tally });
        }
        break;
      case 'other':
        break;
      default:
        record satisfies never;
    }
  }
  if (version === null) throw new SourceFormatError('not a WordPress export (WXR) file: it has no wp:wxr_version');

  const baseUrl = (site.base_blog_url || site.base_site_url || site.link).replace(/\/+$/, '') || null;
  const attachments = new Map(attachmentItems.map((item) => [item.postId, attachment(item, baseUrl)]));
  return {
    site: { system: 'wordpress', baseUrl, identity: `wordpress ${baseUrl ?? path.basename(file)}`, title: site.title, stories },
    people,
    terms,
    attachments,
    media: mediaOf(attachments),
    notImported: notImported(tally),
  };
}

function noteItem(item: WxrItem, { people, terms, tally }: { people: WordpressPeople; terms: WordpressTerms; tally: Tally }): void {
  tally.comments += item.commentCount;
  if (item.postType === 'nav_menu_item') {
    tally.menuItems += 1;
    for (const term of item.terms) if (term.domain === 'nav_menu') tally.menus.add(term.nicename);
    return;
  }
  if (item.postType !== 'post' && item.postType !== 'page') return;
  if (item.sticky) tally.stickyFlags += 1;
  if (item.creator) people.resolveCreator(item.creator);
  for (const term of item.terms) {
    if (term.domain === 'author') people.resolveCoAuthor(term.nicename, term.name);
    else if (term.domain === 'post_format') tally.postFormats += 1;
    else if (termKind(term.domain)) terms.noteUsed(term);
    else if (term.domain && term.domain !== 'nav_menu') tally.customTaxonomyTerms.add(`${term.domain}:${term.nicename}`);
  }
}

function attachment(item: WxrItem, baseUrl: string | null): WordpressAttachment {
  const url = absoluteUrl(item.attachmentUrl || item.guid, baseUrl);
  const description = item.content.trim();
  return {
    image: {
      sourceId: item.postId,
      url,
      alt: item.meta.get('_wp_attachment_image_alt')?.trim() ?? '',
      // WordPress shows the excerpt as the caption; some exporters only fill the description.
      caption: item.excerpt || description,
      credit: '',
      title: item.title,
    },
    parentId: item.parentId,
    menuOrder: item.menuOrder,
  };
}

export function absoluteUrl(url: string, baseUrl: string | null): string {
  if (!url || !baseUrl) return url;
  try {
    return new URL(url, `${baseUrl}/`).href;
  } catch {
    return url;
  }
}

function mediaOf(attachments: Map<string, WordpressAttachment>): BodyMedia {
  return {
    byId: (id) => attachments.get(id)?.image,
    attachedTo: (postId) =>
      [...attachments.values()]
        .filter((candidate) => candidate.parentId === postId)
        .sort((a, b) => a.menuOrder - b.menuOrder || Number(a.image.sourceId) - Number(b.image.sourceId))
        .map((candidate) => candidate.image),
  };
}

function notImported(tally: Tally): NotImported[] {
  const counts: NotImported[] = [
    { what: 'comments', count: tally.comments },
    { what: 'menu items', count: tally.menuItems },
    { what: 'menus', count: tally.menus.size },
    { what: 'custom taxonomy terms', count: tally.customTaxonomyTerms.size },
    { what: 'post formats', count: tally.postFormats },
    { what: 'sticky flags', count: tally.stickyFlags },
  ];
  return counts.filter((entry) => entry.count > 0);
}
