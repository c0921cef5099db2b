import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialects/dialect.js';
import { sqlIn } from './0001-content.js';

// The newsroom: staff and their sessions, tokens and API keys, the editorial workflow
// on articles, revisions and internal notes, the media library's upload fields, the
// durable job queue and webhooks. Frozen once shipped; add a new migration instead.
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  const id = dialect.idType;
  const idColumn = dialect.idColumn;

  await db.schema
    .createTable('staff')
    .addColumn('id', id, idColumn)
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sqlIn('role', ['contributor', 'author', 'editor', 'admin', 'owner'])))
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('author_id', 'integer', (c) => c.references('authors.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('disabled_at', 'text')
    .execute();
  // At most one owner, held by the database so a set-up race yields one owner.
  await sql`CREATE UNIQUE INDEX staff_one_owner ON staff (role) WHERE role = 'owner'`.execute(db);

  await db.schema
    .createTable('sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('staff_id', 'integer', (c) => c.notNull().references('staff.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_by_staff').on('sessions').column('staff_id').execute();

  // Failure counters for login, reset and sign-up limits, shared by every process.
  await db.schema
    .createTable('throttles')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('window_start', 'text', (c) => c.notNull())
    .addColumn('locked_until', 'text')
    .execute();

  await db.schema
    .createTable('tokens')
    .addColumn('hash', 'text', (c) => c.primaryKey())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();

  await db.schema
    .createTable('api_keys')
    .addColumn('id', id, idColumn)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull().check(sqlIn('scope', ['content', 'admin'])))
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('key_prefix', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();

  // `status` stays the reader-facing switch ('published' = live); `stage` is where the
  // story is in the newsroom's workflow. content/workflow.ts writes both together.
  await db.schema
    .alterTable('articles')
    .addColumn('stage', 'text', (c) =>
      c
        .notNull()
        .defaultTo('draft')
        .check(sqlIn('stage', ['draft', 'review', 'scheduled', 'published', 'unpublished'])),
    )
    .execute();
  for (const [column, type, def] of [
    ['publish_at', 'text', null],
    ['unpublish_at', 'text', null],
    ['seo_title', 'text', ''],
    ['seo_description', 'text', ''],
    ['modified_at', 'text', null],
  ] as const) {
    await db.schema
      .alterTable('articles')
      .addColumn(column, type, (c) => (def === null ? c : c.notNull().defaultTo(def)))
      .execute();
  }
  await db.schema
    .alterTable('articles')
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .alterTable('articles')
    .addColumn('created_by', 'integer', (c) => c.references('staff.id').onDelete('set null'))
    .execute();
  await db.schema
    .alterTable('articles')
    .addColumn('modified_by', 'integer', (c) => c.references('staff.id').onDelete('set null'))
    .execute();
  await db.updateTable('articles').set({ stage: 'published' }).where('status', '=', 'published').execute();
  await db.schema.createIndex('articles_by_stage').on('articles').columns(['stage', 'modified_at']).execute();

  await db.schema
    .createTable('article_revisions')
    .addColumn('id', id, idColumn)
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addColumn('staff_id', 'integer', (c) => c.references('staff.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('article_revisions_unique', ['article_id', 'revision'])
    .execute();

  await db.schema
    .createTable('article_internal_notes')
    .addColumn('id', id, idColumn)
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('staff_id', 'integer', (c) => c.references('staff.id').onDelete('set null'))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('article_internal_notes_by_article')
    .on('article_internal_notes')
    .columns(['article_id', 'created_at'])
    .execute();

  // Every image a story uses (lead and body), kept on save: the library's "used in"
  // list and the pre-publish alt-text check read it.
  await db.schema
    .createTable('article_media')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('media_id', 'integer', (c) => c.notNull().references('media.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('article_media_pk', ['article_id', 'media_id'])
    .execute();
  await db.schema.createIndex('article_media_by_media').on('article_media').columns(['media_id', 'article_id']).execute();
  await sql`INSERT INTO article_media (article_id, media_id) SELECT id, image_id FROM articles WHERE image_id IS NOT NULL`.execute(db);

  await db.schema
    .alterTable('media')
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('ready')
        .check(sqlIn('status', ['processing', 'ready', 'failed'])),
    )
    .execute();
  await db.schema
    .alterTable('media')
    .addColumn('original_name', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('media')
    .addColumn('byte_size', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('media')
    .addColumn('uploaded_by', 'integer', (c) => c.references('staff.id').onDelete('set null'))
    .execute();

  // One durable queue: scheduled publishing, image variants, webhook deliveries. A job
  // is claimed atomically (store/jobs), so several processes never run it twice.
  await db.schema
    .createTable('jobs')
    .addColumn('id', id, idColumn)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('run_at', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) =>
      c
        .notNull()
        .defaultTo('queued')
        .check(sqlIn('state', ['queued', 'running', 'done', 'failed', 'cancelled'])),
    )
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull().defaultTo(5))
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('dedupe_key', 'text', (c) => c.unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('jobs_due').on('jobs').columns(['state', 'run_at']).execute();

  await db.schema
    .createTable('webhooks')
    .addColumn('id', id, idColumn)
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    /** JSON: the events it receives, e.g. ["article.published"]. */
    .addColumn('events', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}
