import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialects/dialect.js';
import { sqlIn } from './0001-content.js';

// Frozen in time: never edit a migration that has shipped; add a new one.
// One redirect table for every old address (issue 10): a story's old slug, an imported
// site's permalinks, a rule the newsroom wrote. The slug-only history moves into it as
// exact rules and its table goes.
/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('redirects')
    .addColumn('id', dialect.idType, dialect.idColumn)
    .addColumn('from_path', 'text', (c) => c.notNull())
    .addColumn('match', 'text', (c) => c.notNull().check(sqlIn('match', ['exact', 'prefix', 'regex'])))
    .addColumn('target_kind', 'text', (c) => c.notNull().check(sqlIn('target_kind', ['story', 'page', 'section', 'tag', 'author', 'url'])))
    // No foreign key: the target is one of five tables. A rule whose record is gone is
    // read as no rule at all, so deleting a record never has to find its rules.
    .addColumn('target_id', 'integer')
    .addColumn('target_url', 'text')
    .addColumn('status', 'integer', (c) => c.notNull().check(sql`status in (301, 302)`))
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addCheckConstraint(
      'redirects_target',
      sql`case when target_kind = 'url' then target_url is not null and target_id is null else target_id is not null and target_url is null end`,
    )
    .execute();
  // One rule per path and kind of match: an exact path has one home, and a re-run of an
  // import updates its rules instead of adding them twice. The lookup reads this index too
  // (from_path in (the path, its query form, its parent paths)).
  await db.schema.createIndex('redirects_by_path').on('redirects').columns(['from_path', 'match']).unique().execute();
  await db.schema.createIndex('redirects_by_target').on('redirects').columns(['target_kind', 'target_id']).execute();

  await db
    .insertInto('redirects')
    .columns(['from_path', 'match', 'target_kind', 'target_id', 'target_url', 'status', 'origin', 'created_at'])
    .expression(
      db
        .selectFrom('slug_redirects')
        .select([
          sql<string>`'/' || old_slug`.as('from_path'),
          sql.lit('exact').as('match'),
          sql.lit('story').as('target_kind'),
          'article_id',
          sql<null>`null`.as('target_url'),
          sql.lit(301).as('status'),
          sql.lit('slug-change').as('origin'),
          sql.lit(new Date().toISOString()).as('created_at'),
        ]),
    )
    .execute();
  await db.schema.dropTable('slug_redirects').execute();
}
