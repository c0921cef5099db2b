import { isReservedSlug } from '../../content/slug.js';
import type { z } from 'zod';
import {
  ArticleSchema,
  AuthorSchema,
  FormatSchema,
  MediaSchema,
  PublicationSchema,
  SectionSchema,
  TagSchema,
  type Bundle,
} from './bundle-schema.js';

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

/** The items that passed their schema, and every problem found in the whole bundle. */
export interface BundleValidation {
  bundle: Bundle;
  problems: string[];
}

/** ['articles', 2, 'sections', 0] → "articles[2].sections[0]" */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return (
    path.reduce<string>(
      (out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)),
      '',
    ) || '(bundle)'
  );
}

function describe(issue: z.ZodIssue, prefix: ReadonlyArray<PropertyKey>): string {
  const message =
    issue.code === 'unrecognized_keys'
      ? `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`
      : issue.message;
  return `${formatPath([...prefix, ...issue.path])}: ${message}`;
}

const COLLECTIONS = {
  formats: FormatSchema,
  sections: SectionSchema,
  tags: TagSchema,
  authors: AuthorSchema,
  media: MediaSchema,
  articles: ArticleSchema,
} as const;
type Collection = keyof typeof COLLECTIONS;

/**
 * Checks each item on its own, so one malformed story does not hide the problems of
 * the others, then checks references among the items that parsed.
 */
export function validateBundle(raw: unknown, known: KnownKeys): BundleValidation {
  const problems: string[] = [];
  const bundle: Bundle = { formats: [], sections: [], tags: [], authors: [], media: [], articles: [] };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { bundle, problems: ['(bundle): must be a JSON object'] };
  }
  const top = raw as Record<string, unknown>;
  const unknown = Object.keys(top).filter((key) => key !== 'publication' && !Object.hasOwn(COLLECTIONS, key));
  if (unknown.length) problems.push(`(bundle): unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}`);
  if (top.publication !== undefined) {
    const parsed = PublicationSchema.safeParse(top.publication);
    if (parsed.success) bundle.publication = parsed.data;
    else problems.push(...parsed.error.issues.map((issue) => describe(issue, ['publication'])));
  }
  const declared = {} as Record<Collection, Set<string>>;
  // Where each parsed item stood in the bundle, so reference problems name its real index.
  const positions = {} as Record<Collection, number[]>;
  for (const name of Object.keys(COLLECTIONS) as Collection[]) {
    const items = top[name] ?? [];
    declared[name] = new Set();
    positions[name] = [];
    if (!Array.isArray(items)) {
      problems.push(`${name}: must be a list`);
      continue;
    }
    items.forEach((item: unknown, index) => {
      // An item with a problem elsewhere still declares its key, so references to it
      // are not reported as unknown on top of its own problem.
      const keyName = name === 'media' ? 'id' : 'slug';
      const key = (item as Record<string, unknown> | null)?.[keyName];
      if (typeof key === 'string') {
        if (declared[name].has(key)) problems.push(`${name}[${index}]: duplicate ${keyName} "${key}"`);
        declared[name].add(key);
      }
      const parsed = COLLECTIONS[name].safeParse(item);
      if (parsed.success) {
        (bundle[name] as unknown[]).push(parsed.data);
        positions[name].push(index);
      } else problems.push(...parsed.error.issues.map((issue) => describe(issue, [name, index])));
    });
  }
  problems.push(...crossReferenceProblems(bundle, known, declared, positions));
  return { bundle, problems };
}

function keysOf(declared: Set<string>, known: ReadonlySet<string>): Set<string> {
  return new Set([...known, ...declared]);
}

function duplicates(list: string[], path: string, kind: string, problems: string[]): void {
  const seen = new Set<string>();
  list.forEach((value, index) => {
    if (seen.has(value)) problems.push(`${path}[${index}]: duplicate ${kind} "${value}"`);
    seen.add(value);
  });
}

function crossReferenceProblems(
  bundle: Bundle,
  known: KnownKeys,
  declared: Record<Collection, Set<string>>,
  positions: Record<Collection, number[]>,
): string[] {
  const problems: string[] = [];
  const formats = keysOf(declared.formats, known.formats);
  const sections = keysOf(declared.sections, known.sections);
  const tags = keysOf(declared.tags, known.tags);
  const authors = keysOf(declared.authors, known.authors);
  const media = keysOf(declared.media, known.media);
  const articles = keysOf(declared.articles, known.articles);

  const ref = (value: string | undefined, set: Set<string>, path: string, kind: string) => {
    if (value !== undefined && !set.has(value)) problems.push(`${path}: unknown ${kind} "${value}"`);
  };
  bundle.authors.forEach((a, i) => ref(a.image, media, `authors[${positions.authors[i]}].image`, 'media'));
  // The newsroom's and the API's rule for sections (content/taxonomy-input.ts), held on import too.
  bundle.sections.forEach((s, i) => {
    if (isReservedSlug(s.slug)) problems.push(`sections[${positions.sections[i]}].slug: "${s.slug}" is reserved for a site route`);
  });

  const previous = new Map<string, string>();
  bundle.articles.forEach((article, i) => {
    const at = `articles[${positions.articles[i]}]`;
    if (isReservedSlug(article.slug)) problems.push(`${at}.slug: "${article.slug}" is reserved for a site route`);
    ref(article.format, formats, `${at}.format`, 'format');
    ref(article.image, media, `${at}.image`, 'media');
    article.sections.forEach((s, j) => ref(s, sections, `${at}.sections[${j}]`, 'section'));
    article.tags.forEach((t, j) => ref(t, tags, `${at}.tags[${j}]`, 'tag'));
    article.authors.forEach((a, j) => ref(a, authors, `${at}.authors[${j}]`, 'author'));
    article.live?.entries.forEach((e, j) => ref(e.author, authors, `${at}.live.entries[${j}].author`, 'author'));
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
      else if (previous.has(old) && previous.get(old) !== article.slug)
        problems.push(`${path}: "${old}" is already an old slug of "${previous.get(old)}"`);
      previous.set(old, article.slug);
    });
  });
  return problems;
}
