import type { Db } from '../store.js';

// What a story's edit form offers: formats, sections, tags, authors and recent images.

export async function loadEditorOptions(db: Db) {
  const [formats, sections, tags, authors, images] = await Promise.all([
    db.selectFrom('formats').select(['slug', 'name']).orderBy('name').execute(),
    db.selectFrom('sections').select(['slug', 'name']).orderBy('position').orderBy('name').execute(),
    db.selectFrom('tags').select(['slug', 'name', 'kind']).orderBy('name').execute(),
    db.selectFrom('authors').select(['slug', 'name']).orderBy('name').execute(),
    db
      .selectFrom('media')
      .select(['key', 'alt', 'caption', 'credit', 'original_name'])
      .where('status', '!=', 'failed')
      .orderBy('created_at', 'desc')
      .limit(500)
      .execute(),
  ]);
  return { formats, sections, tags, authors, images };
}
