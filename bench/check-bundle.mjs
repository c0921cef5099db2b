// A bench-side check of a generated bundle against SPEC §3, independent of the importer:
// the exact field sets, the references between entities, and the constraints the spec
// states in prose. Used to unit-check the generator; run: node bench/check-bundle.mjs FILE
//
// It is deliberately strict (unknown fields are an error, as SPEC §3 says) so that a
// generated bundle never relies on the importer being lenient.

import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const TOP = ['publication', 'formats', 'sections', 'tags', 'authors', 'media', 'articles'];
const FIELDS = {
  publication: { req: ['name'], opt: ['tagline', 'social'] },
  social: { req: ['network', 'url'], opt: [] },
  format: { req: ['slug', 'name'], opt: ['schema_type'] },
  section: { req: ['slug', 'name'], opt: ['description', 'layout'] },
  tag: { req: ['slug', 'name', 'kind'], opt: [] },
  author: { req: ['slug', 'name'], opt: ['bio', 'image'] },
  media: { req: ['id', 'file'], opt: ['alt', 'caption', 'credit'] },
  article: {
    req: ['slug', 'title', 'format', 'sections', 'body', 'status', 'published_at'],
    opt: ['dek', 'tags', 'authors', 'image', 'excerpt', 'updates', 'related'],
  },
  body: { req: ['format', 'source'], opt: [] },
  update: { req: ['at', 'note'], opt: [] },
};
const DEFAULT_FORMATS = ['reporting', 'analysis', 'opinion', 'explainer', 'brief'];
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
  'feed.xml',
  'feed.json',
  'sitemap.xml',
  'news-sitemap.xml',
  'robots.txt',
]);
const SLUG_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const SLUG = { test: (s) => typeof s === 'string' && s.length <= 120 && SLUG_RE.test(s) };
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

export function checkBundle(bundle, baseDir) {
  const errors = [];
  const err = (p, m) => errors.push(`${p}: ${m}`);
  const fields = (obj, kind, p) => {
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return err(p, 'not an object');
    const spec = FIELDS[kind];
    for (const k of spec.req) if (obj[k] === undefined) err(p, `missing "${k}"`);
    for (const k of Object.keys(obj)) if (!spec.req.includes(k) && !spec.opt.includes(k)) err(p, `unknown field "${k}"`);
  };
  const str = (v, p) => {
    if (typeof v !== 'string' || !v.trim()) err(p, 'not a non-empty string');
  };
  const keyed = (arr, key, name) => {
    const m = new Map();
    if (!Array.isArray(arr)) {
      err(name, 'not an array');
      return m;
    }
    arr.forEach((x, i) => {
      const k = x?.[key];
      if (m.has(k)) err(`${name}[${i}].${key}`, `duplicate "${k}"`);
      m.set(k, x);
    });
    return m;
  };

  for (const k of Object.keys(bundle)) if (!TOP.includes(k)) err('$', `unknown field "${k}"`);
  fields(bundle.publication, 'publication', 'publication');
  (bundle.publication?.social ?? []).forEach((s, i) => {
    fields(s, 'social', `publication.social[${i}]`);
    try {
      new URL(s.url);
    } catch {
      err(`publication.social[${i}].url`, 'not a URL');
    }
  });

  const formats = keyed(bundle.formats ?? [], 'slug', 'formats');
  (bundle.formats ?? []).forEach((f, i) => fields(f, 'format', `formats[${i}]`));
  const formatSlugs = new Set([...DEFAULT_FORMATS, ...formats.keys()]);

  const sections = keyed(bundle.sections, 'slug', 'sections');
  bundle.sections.forEach((s, i) => {
    fields(s, 'section', `sections[${i}]`);
    if (!SLUG.test(s.slug)) err(`sections[${i}].slug`, 'bad slug');
    if (s.layout && !['standard', 'briefs'].includes(s.layout)) err(`sections[${i}].layout`, `bad layout "${s.layout}"`);
  });

  const tags = keyed(bundle.tags, 'slug', 'tags');
  bundle.tags.forEach((t, i) => {
    fields(t, 'tag', `tags[${i}]`);
    if (!SLUG.test(t.slug)) err(`tags[${i}].slug`, `bad slug "${t.slug}"`);
    if (!['topic', 'person', 'organization', 'place'].includes(t.kind)) err(`tags[${i}].kind`, `bad kind "${t.kind}"`);
  });

  const media = keyed(bundle.media, 'id', 'media');
  bundle.media.forEach((m, i) => {
    fields(m, 'media', `media[${i}]`);
    const abs = path.resolve(baseDir, m.file);
    if (!abs.startsWith(path.resolve(baseDir) + path.sep)) err(`media[${i}].file`, 'outside the bundle folder');
    else if (!existsSync(abs)) err(`media[${i}].file`, `missing file ${m.file}`);
  });

  const authors = keyed(bundle.authors, 'slug', 'authors');
  bundle.authors.forEach((a, i) => {
    fields(a, 'author', `authors[${i}]`);
    if (!SLUG.test(a.slug)) err(`authors[${i}].slug`, 'bad slug');
    if (a.image !== undefined && !media.has(a.image)) err(`authors[${i}].image`, `unknown media "${a.image}"`);
  });

  const articles = keyed(bundle.articles, 'slug', 'articles');
  bundle.articles.forEach((a, i) => {
    const p = `articles[${i}]`;
    fields(a, 'article', p);
    if (!SLUG.test(a.slug)) err(`${p}.slug`, `bad slug "${a.slug}"`);
    if (RESERVED.has(a.slug)) err(`${p}.slug`, `reserved slug "${a.slug}"`);
    str(a.title, `${p}.title`);
    if (!formatSlugs.has(a.format)) err(`${p}.format`, `unknown format "${a.format}"`);
    if (!Array.isArray(a.sections) || a.sections.length === 0) err(`${p}.sections`, 'needs at least one');
    else
      a.sections.forEach((s, j) => {
        if (!sections.has(s)) err(`${p}.sections[${j}]`, `unknown section "${s}"`);
      });
    if (new Set(a.sections).size !== a.sections.length) err(`${p}.sections`, 'duplicates');
    (a.tags ?? []).forEach((t, j) => {
      if (!tags.has(t)) err(`${p}.tags[${j}]`, `unknown tag "${t}"`);
    });
    (a.authors ?? []).forEach((t, j) => {
      if (!authors.has(t)) err(`${p}.authors[${j}]`, `unknown author "${t}"`);
    });
    if (a.image !== undefined && !media.has(a.image)) err(`${p}.image`, `unknown media "${a.image}"`);
    fields(a.body, 'body', `${p}.body`);
    if (!['markdown', 'html'].includes(a.body?.format)) err(`${p}.body.format`, 'not markdown|html');
    str(a.body?.source, `${p}.body.source`);
    if (!['published', 'draft', 'scheduled'].includes(a.status)) err(`${p}.status`, `odd status "${a.status}"`);
    if (!ISO.test(a.published_at) || Number.isNaN(Date.parse(a.published_at))) err(`${p}.published_at`, 'not ISO 8601');
    else if (a.status === 'published' && Date.parse(a.published_at) > Date.now()) err(`${p}.published_at`, 'in the future');
    (a.updates ?? []).forEach((u, j) => {
      fields(u, 'update', `${p}.updates[${j}]`);
      if (!ISO.test(u.at)) err(`${p}.updates[${j}].at`, 'not ISO 8601');
      if (Date.parse(u.at) < Date.parse(a.published_at)) err(`${p}.updates[${j}].at`, 'before publication');
    });
    (a.related ?? []).forEach((s, j) => {
      if (!articles.has(s) && !bundle.articles.some((x) => x.slug === s)) err(`${p}.related[${j}]`, `unknown article "${s}"`);
      if (s === a.slug) err(`${p}.related[${j}]`, 'points at itself');
    });
  });
  return errors;
}

export function stats(bundle) {
  const count = (arr, f) => arr.reduce((m, x) => ((m[f(x)] = (m[f(x)] ?? 0) + 1), m), {});
  const times = bundle.articles.map((a) => Date.parse(a.published_at));
  return {
    articles: bundle.articles.length,
    formats: count(bundle.articles, (a) => a.format),
    primarySections: count(bundle.articles, (a) => a.sections[0]),
    briefsSections: bundle.sections.filter((s) => s.layout === 'briefs').map((s) => s.slug),
    tagKinds: count(bundle.tags, (t) => t.kind),
    authors: bundle.authors.length,
    media: bundle.media.length,
    distinctImagesUsed: new Set(bundle.articles.map((a) => a.image)).size,
    withBlockquote: bundle.articles.filter((a) => /^> /m.test(a.body.source)).length,
    withLink: bundle.articles.filter((a) => /\]\((https?:\/\/|\/)[^)]+\)/.test(a.body.source)).length,
    withUpdates: bundle.articles.filter((a) => a.updates).length,
    withRelated: bundle.articles.filter((a) => a.related).length,
    withExcerpt: bundle.articles.filter((a) => a.excerpt).length,
    avgWords: Math.round(bundle.articles.reduce((n, a) => n + a.body.source.split(/\s+/).length, 0) / bundle.articles.length),
    oldest: new Date(Math.min(...times)).toISOString(),
    newest: new Date(Math.max(...times)).toISOString(),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const file = process.argv[2];
  const bundle = JSON.parse(readFileSync(file, 'utf8'));
  const errors = checkBundle(bundle, path.dirname(path.resolve(file)));
  console.log(JSON.stringify(stats(bundle), null, 2));
  if (errors.length) {
    console.error(`${errors.length} problem(s):\n` + errors.slice(0, 50).join('\n'));
    process.exit(1);
  }
  console.log('bundle OK');
}
