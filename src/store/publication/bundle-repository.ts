import type { Db } from '../store.js';
import type { MediaTable, PublicationTable } from '../schema.js';
import { isValidSlug } from '../../content/slug.js';
import { readLiveRecords, type LiveRecord } from '../live/live-bundle.js';

// Reads the whole publication in bundle terms (slugs and media keys instead of ids), for
// export and for the import's "what would change" comparison, and writes an import plan
// in one transaction.

export interface NoteRecord {
  at: string;
  kind: 'update' | 'correction';
  note: string;
}

export interface ArticleRecord {
  slug: string;
  title: string;
  dek: string;
  excerpt: string;
  format: string | null;
  sections: string[];
  tags: string[];
  authors: string[];
  image: string | null;
  /** The stored document as JSON text. */
  body: string;
  status: 'draft' | 'published';
  published_at: string | null;
  updated_at: string | null;
  updates: NoteRecord[];
  related: string[];
  previous_slugs: string[];
  /** Live coverage; absent when the story has none (store/live/live-bundle.ts). */
  live?: LiveRecord;
}

export interface FormatRecord {
  slug: string;
  name: string;
  schema_type: string;
}
export interface SectionRecord {
  slug: string;
  name: string;
  description: string;
  layout: 'standard' | 'briefs';
}
export interface TagRecord {
  slug: string;
  name: string;
  kind: 'topic' | 'person' | 'organization' | 'place';
}
export interface AuthorRecord {
  slug: string;
  name: string;
  bio: string;
  image: string | null;
}
/** The media columns a bundle carries; upload bookkeeping stays with the newsroom. */
export type MediaRecord = Omit<MediaTable, 'id' | 'status' | 'original_name' | 'byte_size' | 'uploaded_by'>;
export type PublicationRecord = Omit<PublicationTable, 'id' | 'content_version' | 'feed_content' | 'postal_address'>;

export interface BundleState {
  publication: PublicationRecord | null;
  formats: Map<string, FormatRecord>;
  sections: Map<string, SectionRecord>;
  tags: Map<string, TagRecord>;
  authors: Map<string, AuthorRecord>;
  media: Map<string, MediaRecord>;
  articles: Map<string, ArticleRecord>;
}

function groupBy<T>(rows: T[], key: (row: T) => number): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const row of rows) {
    const list = out.get(key(row));
    if (list) list.push(row);
    else out.set(key(row), [row]);
  }
  return out;
}

export async function loadBundleState(db: Db): Promise<BundleState> {
  const [publication, formats, sections, tags, media, authors, articles] = await Promise.all([
    db.selectFrom('publication').selectAll().where('id', '=', 1).executeTakeFirst(),
    db.selectFrom('formats').selectAll().orderBy('id').execute(),
    db.selectFrom('sections').selectAll().orderBy('position').orderBy('id').execute(),
    db.selectFrom('tags').selectAll().orderBy('id').execute(),
    db.selectFrom('media').selectAll().orderBy('id').execute(),
    db
      .selectFrom('authors')
      .leftJoin('media', 'media.id', 'authors.image_id')
      .select(['authors.slug', 'authors.name', 'authors.bio', 'media.key as image'])
      .orderBy('authors.id')
      .execute(),
    db
      .selectFrom('articles')
      .leftJoin('formats', 'formats.id', 'articles.format_id')
      .leftJoin('media', 'media.id', 'articles.image_id')
      .select([
        'articles.id',
        'articles.slug',
        'articles.title',
        'articles.dek',
        'articles.excerpt',
        'articles.body',
        'articles.status',
        'articles.published_at',
        'articles.updated_at',
        'formats.slug as format',
        'media.key as image',
      ])
      .orderBy('articles.id')
      .execute(),
  ]);
  const [sectionLinks, tagLinks, authorLinks, relatedLinks, notes, redirects] = await Promise.all([
    db
      .selectFrom('article_sections')
      .innerJoin('sections', 'sections.id', 'article_sections.section_id')
      .select(['article_id', 'sections.slug'])
      .orderBy('article_id')
      .orderBy('article_sections.position')
      .execute(),
    db
      .selectFrom('article_tags')
      .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
      .select(['article_id', 'tags.slug'])
      .orderBy('article_id')
      .orderBy('article_tags.position')
      .execute(),
    db
      .selectFrom('article_authors')
      .innerJoin('authors', 'authors.id', 'article_authors.author_id')
      .select(['article_id', 'authors.slug'])
      .orderBy('article_id')
      .orderBy('article_authors.position')
      .execute(),
    db
      .selectFrom('article_related')
      .innerJoin('articles', 'articles.id', 'article_related.related_id')
      .select(['article_related.article_id', 'articles.slug'])
      .orderBy('article_related.article_id')
      .orderBy('article_related.position')
      .execute(),
    db.selectFrom('article_notes').select(['article_id', 'at', 'kind', 'note']).orderBy('article_id').orderBy('at').orderBy('id').execute(),
    db
      .selectFrom('redirects')
      .select(['target_id as article_id', 'from_path'])
      .where('match', '=', 'exact')
      .where('target_kind', '=', 'story')
      .orderBy('from_path')
      .execute(),
  ]);
  const slugs = (rows: { article_id: number; slug: string }[]) => {
    const grouped = groupBy(rows, (r) => r.article_id);
    return (id: number) => (grouped.get(id) ?? []).map((r) => r.slug);
  };
  const sectionsOf = slugs(sectionLinks);
  const tagsOf = slugs(tagLinks);
  const authorsOf = slugs(authorLinks);
  const relatedOf = slugs(relatedLinks);
  const notesOf = groupBy(notes, (n) => n.article_id);
  const liveOf = await readLiveRecords(db);
  // A bundle carries a story's old slugs; other rules (an imported site's permalinks,
  // prefix and regex rules) have no place in it and stay out.
  const redirectsOf = groupBy(
    redirects.flatMap((r) =>
      r.article_id !== null && r.from_path.startsWith('/') && isValidSlug(r.from_path.slice(1))
        ? [{ article_id: r.article_id, old_slug: r.from_path.slice(1) }]
        : [],
    ),
    (r) => r.article_id,
  );

  return {
    publication: publication
      ? {
          name: publication.name,
          tagline: publication.tagline,
          time_zone: publication.time_zone,
          locale: publication.locale,
          newsletter_pitch: publication.newsletter_pitch,
          social: publication.social,
        }
      : null,
    formats: new Map(formats.map((f) => [f.slug, { slug: f.slug, name: f.name, schema_type: f.schema_type }])),
    sections: new Map(sections.map((s) => [s.slug, { slug: s.slug, name: s.name, description: s.description, layout: s.layout }])),
    tags: new Map(tags.map((t) => [t.slug, { slug: t.slug, name: t.name, kind: t.kind }])),
    media: new Map(media.map(({ id: _id, status: _s, original_name: _n, byte_size: _b, uploaded_by: _u, ...m }) => [m.key, m])),
    authors: new Map(authors.map((a) => [a.slug, { slug: a.slug, name: a.name, bio: a.bio, image: a.image ?? null }])),
    articles: new Map(
      articles.map((a) => [
        a.slug,
        {
          slug: a.slug,
          title: a.title,
          dek: a.dek,
          excerpt: a.excerpt,
          format: a.format ?? null,
          sections: sectionsOf(a.id),
          tags: tagsOf(a.id),
          authors: authorsOf(a.id),
          image: a.image ?? null,
          body: a.body,
          status: a.status,
          published_at: a.published_at,
          updated_at: a.updated_at,
          updates: (notesOf.get(a.id) ?? []).map((n) => ({ at: n.at, kind: n.kind, note: n.note })),
          related: relatedOf(a.id),
          previous_slugs: (redirectsOf.get(a.id) ?? []).map((r) => r.old_slug),
          ...(liveOf.has(a.id) && { live: liveOf.get(a.id) }),
        },
      ]),
    ),
  };
}
