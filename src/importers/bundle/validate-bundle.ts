import { isReservedSlug } from '../../content/slug.js';
import { BundleSchema, type Bundle } from './bundle-schema.js';

// Checks a whole bundle before anything is written: shape first, then every cross
// reference, collecting all problems so an editor can fix a bundle in one pass.

/** Keys already in the database, which a bundle may reference without redefining. */
export interface KnownKeys {
  formats: ReadonlySet<string>;
  sections: ReadonlySet<string>;
  tags: ReadonlySet<string>;
  authors: ReadonlySet<string>;
  media: ReadonlySet<string>;
  articles: ReadonlySet<string>;
}

export type BundleValidation = { ok: true; bundle: Bundle } | { ok: false; problems: string[] };

/** ['articles', 2, 'sections', 0] → "articles[2].sections[0]" */
export function formatPath(path: ReadonlyArray<string | number>): string {
  return path.reduce<string>((out, part) =>
    typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${part}` : part, '') || '(bundle)';
}

export function validateBundle(raw: unknown, known: KnownKeys): BundleValidation {
  const parsed = BundleSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => {
        const message = issue.code === 'unrecognized_keys'
          ? `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`
          : issue.message;
        return `${formatPath(issue.path)}: ${message}`;
      }),
    };
  }
  const bundle = parsed.data;
  const problems = crossReferenceProblems(bundle, known);
  return problems.length ? { ok: false, problems } : { ok: true, bundle };
}

function keysOf(items: ReadonlyArray<{ slug: string }> | ReadonlyArray<{ id: string }>, known: ReadonlySet<string>): Set<string> {
  const out = new Set(known);
  for (const item of items) out.add('slug' in item ? item.slug : item.id);
  return out;
}

function duplicates(list: string[], path: string, kind: string, problems: string[]): void {
  const seen = new Set<string>();
  list.forEach((value, index) => {
    if (seen.has(value)) problems.push(`${path}[${index}]: duplicate ${kind} "${value}"`);
    seen.add(value);
  });
}

function crossReferenceProblems(bundle: Bundle, known: KnownKeys): string[] {
  const problems: string[] = [];
  const formats = keysOf(bundle.formats, known.formats);
  const sections = keysOf(bundle.sections, known.sections);
  const tags = keysOf(bundle.tags, known.tags);
  const authors = keysOf(bundle.authors, known.authors);
  const media = keysOf(bundle.media, known.media);
  const articles = keysOf(bundle.articles, known.articles);

  duplicates(bundle.formats.map((f) => f.slug), 'formats', 'slug', problems);
  duplicates(bundle.sections.map((s) => s.slug), 'sections', 'slug', problems);
  duplicates(bundle.tags.map((t) => t.slug), 'tags', 'slug', problems);
  duplicates(bundle.authors.map((a) => a.slug), 'authors', 'slug', problems);
  duplicates(bundle.media.map((m) => m.id), 'media', 'id', problems);
  duplicates(bundle.articles.map((a) => a.slug), 'articles', 'slug', problems);

  const ref = (value: string | undefined, set: Set<string>, path: string, kind: string) => {
    if (value !== undefined && !set.has(value)) problems.push(`${path}: unknown ${kind} "${value}"`);
  };
  bundle.authors.forEach((a, i) => ref(a.image, media, `authors[${i}].image`, 'media'));

  const previous = new Map<string, string>();
  bundle.articles.forEach((article, i) => {
    const at = `articles[${i}]`;
    if (isReservedSlug(article.slug)) problems.push(`${at}.slug: "${article.slug}" is reserved for a site route`);
    ref(article.format, formats, `${at}.format`, 'format');
    ref(article.image, media, `${at}.image`, 'media');
    article.sections.forEach((s, j) => ref(s, sections, `${at}.sections[${j}]`, 'section'));
    article.tags.forEach((t, j) => ref(t, tags, `${at}.tags[${j}]`, 'tag'));
    article.authors.forEach((a, j) => ref(a, authors, `${at}.authors[${j}]`, 'author'));
    article.related.forEach((r, j) => {
      ref(r, articles, `${at}.related[${j}]`, 'article');
      if (r === article.slug) problems.push(`${at}.related[${j}]: a story cannot be related to itself`);
    });
    duplicates(article.sections, `${at}.sections`, 'section', problems);
    duplicates(article.tags, `${at}.tags`, 'tag', problems);
    duplicates(article.authors, `${at}.authors`, 'author', problems);
    duplicates(article.related, `${at}.related`, 'article', problems);
    if (article.status === 'published' && !article.published_at) {
      problems.push(`${at}.published_at: required when status is "published"`);
    }
    article.previous_slugs.forEach((old, j) => {
      const path = `${at}.previous_slugs[${j}]`;
      if (articles.has(old)) problems.push(`${path}: "${old}" is the slug of a story`);
      else if (previous.has(old) && previous.get(old) !== article.slug) problems.push(`${path}: "${old}" is already an old slug of "${previous.get(old)}"`);
      previous.set(old, article.slug);
    });
  });
  return problems;
}
