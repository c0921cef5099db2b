// Writes a WordPress export (WXR) of N posts for bench/migration.mjs, built from the shapes
// of the real Theme Unit Test export: its channel header (site facts, authors, the
// category tree, tags, terms) and its attachments are copied as they are, then N post
// items are written by cycling through a handful of its real posts, each with a fresh
// post id, slug, title, dates, <link> and <guid>. The real file is read at run time from
// the shared fixtures folder and never copied into the repository. The output is
// streamed, so a 300 MB file never sits in memory.

import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';

const REAL_FILE = 'wordpress/wordpress-importer/theme-unit-test-data.xml';

/**
 * The real posts used as templates, by their post id in the pinned file (sha256 in its
 * SOURCES.md): a mix of Gutenberg documents, classic bodies with [caption] and [gallery],
 * a <!--more--> post, nested lists, one with comments and pingbacks, one with 45 tags.
 */
const TEMPLATE_IDS = ['8', '1730', '1755', '1743', '163', '1177', '1163', '555', '1151', '1178', '996', '1000', '1149'];

/** Every this-many posts, one takes the previous post's title word for word (two stories, one title). */
const REPEAT_TITLE_EVERY = 20;
const FIRST_POST_ID = 100_000;
const ARCHIVE_START = Date.UTC(2015, 0, 1);
const ARCHIVE_SPAN_MS = 10 * 365.25 * 24 * 3600 * 1000;

/** Finds the shared migration fixtures the way test/helpers/migration-files.ts does. */
export function findRealExport(repoRoot) {
  const candidates = [process.env.MIGRATION_FIXTURES_DIR, path.resolve(repoRoot, '../shared/migration'), '/work/shared/migration'].filter(
    Boolean,
  );
  const dir = candidates.find((candidate) => existsSync(path.join(candidate, 'README.md')));
  if (!dir) throw new Error(`the shared migration files are not on this machine (looked in ${candidates.join(', ')})`);
  return path.join(dir, REAL_FILE);
}

const field = (item, tag) => new RegExp(`<${tag}>(?:<!\\[CDATA\\[)?([\\s\\S]*?)(?:\\]\\]>)?</${tag}>`).exec(item)?.[1] ?? null;

/** The element's inner text, CDATA wrapper included, so the value written back keeps its form. */
const SLOTS = {
  title: /<title>(<!\[CDATA\[)?([\s\S]*?)(?:\]\]>)?<\/title>/,
  link: /<link>[\s\S]*?<\/link>/,
  pubDate: /<pubDate>[\s\S]*?<\/pubDate>/,
  guid: /<guid[^>]*>[\s\S]*?<\/guid>/,
  postId: /<wp:post_id>[\s\S]*?<\/wp:post_id>/,
  postDate: /<wp:post_date>[\s\S]*?<\/wp:post_date>/,
  postDateGmt: /<wp:post_date_gmt>[\s\S]*?<\/wp:post_date_gmt>/,
  modified: /<wp:post_modified>[\s\S]*?<\/wp:post_modified>/,
  modifiedGmt: /<wp:post_modified_gmt>[\s\S]*?<\/wp:post_modified_gmt>/,
  postName: /<wp:post_name>[\s\S]*?<\/wp:post_name>/,
};

/** Older items in the real file have no modification date; the rest are in every post. */
const OPTIONAL_SLOTS = new Set(['modified', 'modifiedGmt']);

/** Cuts a real item into fixed text and named slots once, so writing a post is a join. */
function compileTemplate(item) {
  const found = Object.entries(SLOTS).flatMap(([name, pattern]) => {
    const match = pattern.exec(item);
    if (!match && OPTIONAL_SLOTS.has(name)) return [];
    if (!match) throw new Error(`template ${field(item, 'wp:post_id')} has no ${name}`);
    return [{ name, start: match.index, end: match.index + match[0].length, cdata: name === 'title' && !!match[1], text: match[2] }];
  });
  found.sort((a, b) => a.start - b.start);
  const pieces = [];
  let at = 0;
  for (const slot of found) {
    pieces.push(item.slice(at, slot.start), slot);
    at = slot.end;
  }
  pieces.push(item.slice(at));
  const title = found.find((slot) => slot.name === 'title');
  return {
    id: field(item, 'wp:post_id'),
    pieces,
    title: title.text,
    titleIsCdata: title.cdata,
    slug: field(item, 'wp:post_name'),
    gutenberg: item.includes('<!-- wp:'),
    caption: item.includes('[caption'),
    gallery: item.includes('[gallery') || item.includes('wp:gallery'),
  };
}

const wxrDate = (ms) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
const cdata = (text) => `<![CDATA[${text}]]>`;

function slotValue(name, post, template) {
  switch (name) {
    case 'title':
      return `<title>${template.titleIsCdata ? cdata(post.title) : post.title}</title>`;
    case 'link':
      return `<link>${post.link}</link>`;
    case 'pubDate':
      return `<pubDate>${new Date(post.at).toUTCString().replace('GMT', '+0000')}</pubDate>`;
    case 'guid':
      return `<guid isPermaLink="false">${post.base}/?p=${post.id}</guid>`;
    case 'postId':
      return `<wp:post_id>${post.id}</wp:post_id>`;
    case 'postDate':
      return `<wp:post_date>${cdata(wxrDate(post.at))}</wp:post_date>`;
    case 'postDateGmt':
      return `<wp:post_date_gmt>${cdata(wxrDate(post.at))}</wp:post_date_gmt>`;
    case 'modified':
      return `<wp:post_modified>${cdata(wxrDate(post.at + 3_600_000))}</wp:post_modified>`;
    case 'modifiedGmt':
      return `<wp:post_modified_gmt>${cdata(wxrDate(post.at + 3_600_000))}</wp:post_modified_gmt>`;
    case 'postName':
      return `<wp:post_name>${cdata(post.slug)}</wp:post_name>`;
    default:
      throw new Error(`unknown slot ${name}`);
  }
}

/**
 * Writes `posts` post items to `outFile`; resolves to what was written: bytes, templates
 * and how many posts repeat the previous post's title.
 */
export async function writeBenchWxr({ realFile, outFile, posts }) {
  const real = readFileSync(realFile, 'utf8');
  const items = real.match(/<item>[\s\S]*?<\/item>/g) ?? [];
  const firstItem = real.indexOf('<item>');
  const afterLastItem = real.lastIndexOf('</item>') + '</item>'.length;
  if (!items.length || firstItem < 0) throw new Error(`${realFile} has no <item>`);
  const header = real.slice(0, firstItem);
  const footer = real.slice(afterLastItem);
  const base = (field(header, 'wp:base_blog_url') ?? field(header, 'link')).replace(/\/+$/, '');
  const attachments = items.filter((item) => field(item, 'wp:post_type') === 'attachment');
  const templates = TEMPLATE_IDS.map((id) => {
    const item = items.find((candidate) => field(candidate, 'wp:post_id') === id && field(candidate, 'wp:post_type') === 'post');
    if (!item) throw new Error(`post ${id} is not in ${realFile}: the templates need updating`);
    return compileTemplate(item);
  });

  const out = createWriteStream(outFile);
  const write = async (text) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(header);
  for (const attachment of attachments) await write(`${attachment}\n        `);

  let chunk = '';
  let previous = null;
  let repeatedTitles = 0;
  for (let n = 0; n < posts; n++) {
    const template = templates[n % templates.length];
    const at = ARCHIVE_START + Math.floor((n * ARCHIVE_SPAN_MS) / posts);
    const repeat = previous && n % REPEAT_TITLE_EVERY === REPEAT_TITLE_EVERY - 1;
    if (repeat) repeatedTitles += 1;
    // A repeated title gets WordPress's own answer to a taken slug: the same with "-2".
    const title = repeat ? previous.title : `${template.title} no. ${n + 1}`;
    const slug = repeat ? `${previous.slug}-2` : `${template.slug}-${n + 1}`;
    const day = new Date(at).toISOString().slice(0, 10).replaceAll('-', '/');
    const post = { id: FIRST_POST_ID + n, at, title, slug, base, link: `${base}/${day}/${slug}/` };
    for (const piece of template.pieces) chunk += typeof piece === 'string' ? piece : slotValue(piece.name, post, template);
    chunk += '\n        ';
    previous = post;
    if (chunk.length > 1 << 20) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk + footer.trimStart());
  out.end();
  await once(out, 'finish');
  return {
    bytes: out.bytesWritten,
    attachments: attachments.length,
    repeatedTitles,
    templates: templates.map(({ id, gutenberg, caption, gallery }) => ({ id, gutenberg, caption, gallery })),
  };
}
