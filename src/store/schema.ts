import type { Generated } from 'kysely';

// The Kysely view of the tables. Times are ISO-8601 UTC text on both engines
// (docs/decisions/0002-times-as-iso-text.md); JSON columns hold text parsed at the edge.

export interface PublicationTable {
  id: number;
  name: string;
  tagline: string;
  time_zone: string;
  locale: string;
  newsletter_pitch: string;
  /** JSON: [{ network, url }] in display order. */
  social: string;
  /** Bumped by every content write; page caches key on it. */
  content_version: number;
}

export interface FormatTable {
  id: Generated<number>;
  slug: string;
  name: string;
  schema_type: string;
}

export interface SectionTable {
  id: Generated<number>;
  slug: string;
  name: string;
  description: string;
  layout: 'standard' | 'briefs';
  position: number;
}

export interface TagTable {
  id: Generated<number>;
  slug: string;
  name: string;
  kind: 'topic' | 'person' | 'organization' | 'place';
}

export interface AuthorTable {
  id: Generated<number>;
  slug: string;
  name: string;
  bio: string;
  image_id: number | null;
}

export interface MediaTable {
  id: Generated<number>;
  /** The bundle's media id: stable across imports and exports. */
  key: string;
  /** Server-made file stem under MEDIA_DIR. */
  file_stem: string;
  original_ext: string;
  mime: string;
  width: number;
  height: number;
  sha256: string;
  alt: string;
  caption: string;
  credit: string;
  /** JSON: [{ format, width, height, file }]. */
  variants: string;
  created_at: string;
}

export interface ArticleTable {
  id: Generated<number>;
  slug: string;
  title: string;
  dek: string;
  excerpt: string;
  /** JSON: the ProseMirror document. */
  body: string;
  format_id: number | null;
  image_id: number | null;
  status: 'draft' | 'published';
  published_at: string | null;
  updated_at: string | null;
  created_at: string;
}

export interface ArticleSectionTable { article_id: number; section_id: number; position: number }
export interface ArticleTagTable { article_id: number; tag_id: number; position: number }
export interface ArticleAuthorTable { article_id: number; author_id: number; position: number }
export interface ArticleRelatedTable { article_id: number; related_id: number; position: number }

export interface ArticleNoteTable {
  id: Generated<number>;
  article_id: number;
  kind: 'update' | 'correction';
  at: string;
  note: string;
}

export interface SlugRedirectTable {
  old_slug: string;
  article_id: number;
}

export interface Tables {
  publication: PublicationTable;
  formats: FormatTable;
  sections: SectionTable;
  tags: TagTable;
  authors: AuthorTable;
  media: MediaTable;
  articles: ArticleTable;
  article_sections: ArticleSectionTable;
  article_tags: ArticleTagTable;
  article_authors: ArticleAuthorTable;
  article_related: ArticleRelatedTable;
  article_notes: ArticleNoteTable;
  slug_redirects: SlugRedirectTable;
}
