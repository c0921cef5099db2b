import { readFileSync } from 'node:fs';
import type { Document } from 'domhandler';
import { $$, attr, parseHtml } from './dom.js';
import { referenceBundle } from './server.js';

// Plain HTTP over a real socket to the spawned server, redirects not followed, so tests
// see exactly the status and headers a reader's browser would.

export interface Fetched {
  status: number;
  headers: Headers;
  body: string;
  /** The Location header resolved against the request URL, or null. */
  location: URL | null;
}

export async function get(origin: string, path: string, init: RequestInit = {}): Promise<Fetched> {
  const url = new URL(path, origin);
  const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(15_000), ...init });
  const body = await response.text();
  const location = response.headers.get('location');
  return { status: response.status, headers: response.headers, body, location: location ? new URL(location, url) : null };
}

export async function getBytes(origin: string, path: string): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const response = await fetch(new URL(path, origin), { redirect: 'manual', signal: AbortSignal.timeout(15_000) });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

/** GETs an HTML page and parses it; fails loudly on a status other than the expected one. */
export async function getPage(
  origin: string,
  path: string,
  expectedStatus = 200,
): Promise<{ html: string; doc: Document; headers: Headers }> {
  const page = await get(origin, path);
  if (page.status !== expectedStatus) {
    throw new Error(`GET ${path} answered ${page.status}, expected ${expectedStatus}\n${page.body.slice(0, 2_000)}`);
  }
  return { html: page.body, doc: parseHtml(page.body), headers: page.headers };
}

/** A link's target as a site path ("/walk-away-talks"), whether written relative or absolute. */
export function pathOf(href: string | undefined, origin: string): string | null {
  if (href === undefined) return null;
  const url = new URL(href, origin);
  return url.origin === new URL(origin).origin ? url.pathname + url.search : null;
}

// ---------------------------------------------------------------------------------------
// The reference bundle, read by the tests to know what the pages must show.

export interface ReferenceArticle {
  slug: string;
  title: string;
  dek?: string;
  format?: string;
  sections: string[];
  tags: string[];
  authors: string[];
  image?: string;
  body: { format: 'markdown' | 'html'; source: string };
  status: string;
  published_at: string;
  updated_at?: string;
  updates?: Array<{ at: string; kind?: 'update' | 'correction'; note: string }>;
  related?: string[];
  previous_slugs?: string[];
}

export interface ReferenceBundle {
  publication: { name: string; tagline: string; social: Array<{ network: string; url: string }>; newsletter_pitch: string };
  formats: Array<{ slug: string; name: string; schema_type: string }>;
  sections: Array<{ slug: string; name: string; layout: string }>;
  tags: Array<{ slug: string; name: string; kind: string }>;
  authors: Array<{ slug: string; name: string; image?: string }>;
  media: Array<{ id: string; file: string; alt: string; caption: string; credit: string }>;
  articles: ReferenceArticle[];
}

export const reference = JSON.parse(readFileSync(referenceBundle, 'utf8')) as ReferenceBundle;

export function article(slug: string): ReferenceArticle {
  const found = reference.articles.find((a) => a.slug === slug);
  if (!found) throw new Error(`no article "${slug}" in the reference bundle`);
  return found;
}

export function media(id: string): ReferenceBundle['media'][number] {
  const found = reference.media.find((m) => m.id === id);
  if (!found) throw new Error(`no media "${id}" in the reference bundle`);
  return found;
}

/** Single-segment paths that are site routes, not stories (SPEC §4). */
const RESERVED = new Set([
  'admin',
  'api',
  'section',
  'tag',
  'author',
  'latest',
  'search',
  'newsletter',
  'media',
  'assets',
  'healthz',
  'feed',
  'sitemap',
  'robots',
]);
const STORY_PATH = /^\/([a-z0-9]+(?:-[a-z0-9]+)*)$/;

/** Story pages (`/{slug}`) linked from `root`, in document order, without repeats. */
export function storyLinks(root: Parameters<typeof $$>[0], origin: string): string[] {
  const out: string[] = [];
  for (const link of $$(root, 'a[href]')) {
    const slug = STORY_PATH.exec(pathOf(attr(link, 'href'), origin) ?? '')?.[1];
    if (slug && !RESERVED.has(slug) && !out.includes(slug)) out.push(slug);
  }
  return out;
}

/** The HTML with what legitimately differs between two responses (nonces) removed. */
export function withoutNonces(html: string): string {
  return html.replace(/\snonce="[^"]*"/g, '').replace(/'nonce-[^']*'/g, "'nonce'");
}
