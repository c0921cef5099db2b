import type { Kysely } from 'kysely';
import type { Dialect } from '../dialects/dialect.js';
import { sqlIn } from './0001-content.js';

// Frozen in time: never edit a migration that has shipped; add a new one.
// Static pages and nested sections (issue 10): pages such as About or Donate live at
// /{slug} beside stories, and a section may sit under another one, as WordPress
// categories and Ghost's imported tags do.
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const id = dialect.idType;
  const idColumn = dialect.idColumn;

  await db.schema
    .createTable('pages')
    .addColumn('id', id, idColumn)
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('draft')
        .check(sqlIn('status', ['draft', 'published'])),
    )
    /** Null keeps the page out of the footer. */
    .addColumn('footer_position', 'integer')
    // A WordPress page may sit under another; losing the parent only loses that link.
    .addColumn('parent_id', 'integer', (c) => c.references('pages.id').onDelete('set null'))
    .addColumn('seo_description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('published_at', 'text')
    .addColumn('updated_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('pages_in_footer').on('pages').columns(['status', 'footer_position']).execute();

  // Deleting a section lifts its subsections to the top level rather than refusing:
  // they keep their stories and their place in the order, and nothing dangles.
  await db.schema
    .alterTable('sections')
    .addColumn('parent_id', 'integer', (c) => c.references('sections.id').onDelete('set null'))
    .execute();
  await db.schema.createIndex('sections_by_parent').on('sections').column('parent_id').execute();
}
