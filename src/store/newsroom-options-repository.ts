import type { Db } from './store.js';

// Lookups the newsroom's forms are built from.

export async function loadPublicationSettings(db: Db) {
  const row = await db.selectFrom('publication').select(['name', 'tagline', 'time_zone', 'locale', 'newsletter_pitch', 'social', 'postal_address']).where('id', '=', 1).executeTakeFirst();
  return row ?? { name: 'Masthead', tagline: '', time_zone: 'UTC', locale: 'en-US', newsletter_pitch: '', social: '[]', postal_address: '' };
}

export async function loadEditorOptions(db: Db) {
  const [formats, sections, tags, authors, images] = await Promise.all([
    db.selectFrom('formats').select(['slug', 'name']).orderBy('name').execute(),
    db.selectFrom('sections').select(['slug', 'name']).orderBy('position').orderBy('name').execute(),
    db.selectFrom('tags').select(['slug', 'name', 'kind']).orderBy('name').execute(),
    db.selectFrom('authors').select(['slug', 'name']).orderBy('name').execute(),
    db.selectFrom('media').select(['key', 'alt', 'caption', 'credit', 'original_name']).where('status', '!=', 'failed').orderBy('created_at', 'desc').limit(500).execute(),
  ]);
  return { formats, sections, tags, authors, images };
}

export async function notesOf(db: Db, articleId: number) {
  return db.selectFrom('article_notes').select(['kind', 'at', 'note']).where('article_id', '=', articleId).orderBy('at').orderBy('id').execute();
}
