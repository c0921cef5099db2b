import type { Db } from '../store.js';

// What a story's edit form offers: formats, sections, tags, authors and recent images.
// Tags stop at EDITOR_TAG_OPTIONS (a newsroom may hold thousands): the editor's picker
// searches the rest through /admin/tags.json, and the form adds the story's own tags.

export const EDITOR_TAG_OPTIONS = 200;

export async function loadEditorOptions(db: Db) {
  const [formats, sections, tags, authors, images] = await Promise.all([
    db.selectFrom('formats').select(['slug', 'name']).orderBy('name').execute(),
    db.selectFrom('sections').select(['slug', 'name']).orderBy('position').orderBy('name').execute(),
    db.selectFrom('tags').select(['slug', 'name', 'kind']).orderBy('name').limit(EDITOR_TAG_OPTIONS).execute(),
    db.selectFrom('authors').select(['slug', 'name']).orderBy('name').execute(),
    db
      .selectFrom('media')
      .select(['key', 'alt', 'caption', 'credit', 'original_name', 'width', 'height', 'variants'])
      .where('status', '!=', 'failed')
      .orderBy('created_at', 'desc')
      .limit(500)
      .execute(),
  ]);
  return { formats, sections, tags, authors, images };
}
