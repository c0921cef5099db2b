import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addAuthor,
  addMedia,
  addSection,
  addStory,
  addTag,
  engines,
  freshStore,
  link,
  type FreshStore,
} from '../../../test/helpers/store-seed.js';
import { findAuthorBySlug, findAuthorWithImageBySlug, findSectionBySlug, findTagBySlug, listingSlugs } from './taxonomy-by-slug.js';
import { listAuthorsWithImages, pageOfAuthors, pageOfTags, sectionsInOrder } from './taxonomy-pages.js';
import {
  authorOptions,
  findAuthor,
  findSection,
  findTag,
  listAuthors,
  listSections,
  listTags,
  portraitOptions,
  storiesUsing,
} from './taxonomy-repository.js';

// Every read of sections, tags and authors, on each engine, against the same rows.
describe.each(engines())('taxonomy store on %s', (engine) => {
  let fresh: FreshStore;
  const ids = { news: 0, arts: 0, pct: 0, under: 0, plain: 0, ada: 0, bo: 0, story: 0, portrait: 0 };

  beforeAll(async () => {
    fresh = await freshStore(engine);
    const { db } = fresh;
    ids.arts = await addSection(db, 'arts', 2);
    ids.news = await addSection(db, 'news', 1);
    ids.pct = await addTag(db, '100-percent', '100% Local');
    ids.under = await addTag(db, 'snake-case', 'snake_case');
    ids.plain = await addTag(db, 'plain', 'Plain Words');
    ids.portrait = await addMedia(db, 'ada-portrait', { alt: 'Ada' });
    ids.ada = await addAuthor(db, 'ada', 'Ada Lovelace', ids.portrait);
    ids.bo = await addAuthor(db, 'bo', 'Bo Diddley');
    ids.story = await addStory(db, { slug: 's1' });
    const other = await addStory(db, { slug: 's2' });
    await link(db, 'article_sections', ids.story, [ids.news]);
    await link(db, 'article_sections', other, [ids.news]);
    await link(db, 'article_tags', ids.story, [ids.pct, ids.plain]);
    await link(db, 'article_authors', ids.story, [ids.ada]);
  });
  afterAll(() => fresh?.drop());

  it('finds by slug, and answers undefined for an unknown slug', async () => {
    expect(await findSectionBySlug(fresh.db, 'news')).toEqual({
      id: ids.news,
      slug: 'news',
      name: 'NEWS',
      description: '',
      layout: 'standard',
      position: 1,
    });
    expect(await findTagBySlug(fresh.db, 'plain')).toEqual({ id: ids.plain, slug: 'plain', name: 'Plain Words', kind: 'topic' });
    expect(await findAuthorBySlug(fresh.db, 'ada')).toMatchObject({ id: ids.ada, name: 'Ada Lovelace', image_id: ids.portrait });
    expect(await findAuthorWithImageBySlug(fresh.db, 'ada')).toEqual({
      id: ids.ada,
      slug: 'ada',
      name: 'Ada Lovelace',
      bio: '',
      image: 'ada-portrait',
    });
    expect(await findAuthorWithImageBySlug(fresh.db, 'bo')).toMatchObject({ image: null });
    expect(await findTagBySlug(fresh.db, 'nope')).toBeUndefined();
    expect(await findSectionBySlug(fresh.db, 'NEWS')).toBeUndefined();
  });

  it('lists slugs in slug order', async () => {
    expect(await listingSlugs(fresh.db)).toEqual({ tags: ['100-percent', 'plain', 'snake-case'], authors: ['ada', 'bo'] });
  });

  it('pages tags and authors by name with a total', async () => {
    expect(await pageOfTags(fresh.db, { limit: 2, offset: 1 })).toEqual({
      rows: [
        { id: ids.plain, slug: 'plain', name: 'Plain Words', kind: 'topic' },
        { id: ids.under, slug: 'snake-case', name: 'snake_case', kind: 'topic' },
      ],
      total: 3,
    });
    const authors = await pageOfAuthors(fresh.db, { limit: 1, offset: 0 });
    expect(authors).toEqual({ rows: [{ id: ids.ada, slug: 'ada', name: 'Ada Lovelace', bio: '', image: 'ada-portrait' }], total: 2 });
    const withImages = await listAuthorsWithImages(fresh.db, { limit: 10, offset: 0 });
    expect(withImages.total).toBe(2);
    expect(withImages.rows.map((a) => [a.slug, a.image?.key ?? null])).toEqual([
      ['ada', 'ada-portrait'],
      ['bo', null],
    ]);
    expect(withImages.rows[0]?.image).not.toHaveProperty('status');
  });

  it('orders sections by position, with story counts for the newsroom', async () => {
    expect((await sectionsInOrder(fresh.db)).map((s) => s.slug)).toEqual(['news', 'arts']);
    expect((await listSections(fresh.db)).map((s) => [s.slug, s.stories])).toEqual([
      ['news', 2],
      ['arts', 0],
    ]);
    expect(await findSection(fresh.db, ids.arts)).toMatchObject({ slug: 'arts', position: 2 });
  });

  it('counts the stories using a section, tag or author as numbers', async () => {
    expect(await storiesUsing(fresh.db, 'section', ids.news)).toBe(2);
    expect(await storiesUsing(fresh.db, 'tag', ids.pct)).toBe(1);
    expect(await storiesUsing(fresh.db, 'author', ids.bo)).toBe(0);
  });

  it('filters tags by text with % and _ taken literally, case-insensitively', async () => {
    expect((await listTags(fresh.db, { text: '%' })).map((t) => t.slug)).toEqual(['100-percent']);
    expect((await listTags(fresh.db, { text: '_' })).map((t) => t.slug)).toEqual(['snake-case']);
    expect((await listTags(fresh.db, { text: 'PLAIN' })).map((t) => [t.slug, t.stories])).toEqual([['plain', 1]]);
    expect(await listTags(fresh.db, { kind: 'place' })).toEqual([]);
    expect(await findTag(fresh.db, ids.under)).toMatchObject({ name: 'snake_case' });
  });

  it('lists authors with their story counts, staff and portraits', async () => {
    const rows = await listAuthors(fresh.db);
    expect(rows.map((a) => [a.slug, a.stories, a.portrait, a.staff])).toEqual([
      ['ada', 1, 'ada-portrait', []],
      ['bo', 0, null, []],
    ]);
    expect(await findAuthor(fresh.db, ids.bo)).toEqual({ id: ids.bo, slug: 'bo', name: 'Bo Diddley', bio: '', portrait: null, staff: [] });
    expect(await findAuthor(fresh.db, 999)).toBeUndefined();
    expect((await authorOptions(fresh.db)).map((a) => a.slug)).toEqual(['ada', 'bo']);
    expect((await portraitOptions(fresh.db)).map((m) => m.key)).toEqual(['ada-portrait']);
  });

  it('refuses a second tag with the same slug', async () => {
    await expect(addTag(fresh.db, 'plain', 'Other')).rejects.toThrow();
    expect((await pageOfTags(fresh.db, { limit: 10, offset: 0 })).total).toBe(3);
  });
});
