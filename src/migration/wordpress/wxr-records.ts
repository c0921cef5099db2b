import { childNodes, childRawText, childText, isElement } from './wxr-namespaces.js';
import type { XmlNode } from './wxr-xml-stream.js';

// The channel children WXR defines, read into plain records. Everything here is as the
// file wrote it (strings, WordPress's own names); mapping to Masthead's shapes happens
// in the index and story modules.

export interface WxrAuthor {
  login: string;
  email: string;
  displayName: string;
  firstName: string;
  lastName: string;
}

/** A declared category or tag (`wp:category`, `wp:tag`, or the generic `wp:term`). */
export interface WxrTerm {
  taxonomy: string;
  slug: string;
  name: string;
  description: string;
  /** The parent's slug, for categories. */
  parentSlug: string;
}

/** `<category domain="…" nicename="…">Name</category>` on an item. */
export interface WxrItemTerm {
  domain: string;
  nicename: string;
  name: string;
}

export interface WxrItem {
  postId: string;
  postType: string;
  status: string;
  title: string;
  link: string;
  guid: string;
  pubDate: string;
  creator: string;
  content: string;
  excerpt: string;
  postName: string;
  postDate: string;
  postDateGmt: string;
  modifiedGmt: string;
  parentId: string;
  menuOrder: number;
  password: string;
  sticky: boolean;
  attachmentUrl: string;
  terms: WxrItemTerm[];
  /** First value per key, as WordPress's own `get_post_meta(…, true)` reads it. */
  meta: Map<string, string>;
  commentCount: number;
}

export type WxrRecord =
  | { kind: 'version'; version: string }
  | { kind: 'site-field'; field: 'title' | 'link' | 'base_site_url' | 'base_blog_url'; value: string }
  | { kind: 'author'; author: WxrAuthor }
  | { kind: 'term'; term: WxrTerm }
  | { kind: 'item'; item: WxrItem }
  | { kind: 'other' };

export function readWxrRecord(node: XmlNode): WxrRecord {
  if (isElement(node, 'wp', 'wxr_version')) return { kind: 'version', version: node.text.trim() };
  if (isElement(node, 'rss', 'title') || isElement(node, 'rss', 'link')) {
    return { kind: 'site-field', field: node.name as 'title' | 'link', value: node.text.trim() };
  }
  if (isElement(node, 'wp', 'base_site_url') || isElement(node, 'wp', 'base_blog_url')) {
    return { kind: 'site-field', field: node.name as 'base_site_url' | 'base_blog_url', value: node.text.trim() };
  }
  if (isElement(node, 'wp', 'author')) return { kind: 'author', author: readAuthor(node) };
  if (isElement(node, 'wp', 'category')) return { kind: 'term', term: readCategory(node) };
  if (isElement(node, 'wp', 'tag')) return { kind: 'term', term: readTag(node) };
  if (isElement(node, 'wp', 'term')) return { kind: 'term', term: readTerm(node) };
  if (isElement(node, 'rss', 'item')) return { kind: 'item', item: readItem(node) };
  return { kind: 'other' };
}

function readAuthor(node: XmlNode): WxrAuthor {
  return {
    login: childText(node, 'wp', 'author_login'),
    email: childText(node, 'wp', 'author_email'),
    displayName: childText(node, 'wp', 'author_display_name'),
    firstName: childText(node, 'wp', 'author_first_name'),
    lastName: childText(node, 'wp', 'author_last_name'),
  };
}

function readCategory(node: XmlNode): WxrTerm {
  return {
    taxonomy: 'category',
    slug: childText(node, 'wp', 'category_nicename'),
    name: childText(node, 'wp', 'cat_name'),
    description: childText(node, 'wp', 'category_description'),
    parentSlug: childText(node, 'wp', 'category_parent'),
  };
}

function readTag(node: XmlNode): WxrTerm {
  return {
    taxonomy: 'post_tag',
    slug: childText(node, 'wp', 'tag_slug'),
    name: childText(node, 'wp', 'tag_name'),
    description: childText(node, 'wp', 'tag_description'),
    parentSlug: '',
  };
}

function readTerm(node: XmlNode): WxrTerm {
  return {
    taxonomy: childText(node, 'wp', 'term_taxonomy'),
    slug: childText(node, 'wp', 'term_slug'),
    name: childText(node, 'wp', 'term_name'),
    description: childText(node, 'wp', 'term_description'),
    parentSlug: childText(node, 'wp', 'term_parent'),
  };
}

function readItem(node: XmlNode): WxrItem {
  const wp = (name: string): string => childText(node, 'wp', name);
  return {
    postId: wp('post_id'),
    postType: wp('post_type'),
    status: wp('status'),
    title: childText(node, 'rss', 'title'),
    link: childText(node, 'rss', 'link'),
    guid: childText(node, 'rss', 'guid'),
    pubDate: childText(node, 'rss', 'pubDate'),
    creator: childText(node, 'dc', 'creator'),
    content: childRawText(node, 'content', 'encoded'),
    excerpt: childText(node, 'excerpt', 'encoded'),
    postName: wp('post_name'),
    postDate: wp('post_date'),
    postDateGmt: wp('post_date_gmt'),
    modifiedGmt: wp('post_modified_gmt'),
    parentId: wp('post_parent'),
    menuOrder: Number.parseInt(wp('menu_order'), 10) || 0,
    password: wp('post_password'),
    sticky: wp('is_sticky') === '1',
    attachmentUrl: wp('attachment_url'),
    terms: childNodes(node, 'rss', 'category').map((category) => ({
      domain: category.attributes.domain ?? '',
      nicename: category.attributes.nicename ?? '',
      name: category.text.trim(),
    })),
    meta: readMeta(node),
    commentCount: childNodes(node, 'wp', 'comment').length,
  };
}

function readMeta(node: XmlNode): Map<string, string> {
  const meta = new Map<string, string>();
  for (const entry of childNodes(node, 'wp', 'postmeta')) {
    const key = childText(entry, 'wp', 'meta_key');
    if (key && !meta.has(key)) meta.set(key, childRawText(entry, 'wp', 'meta_value'));
  }
  return meta;
}
