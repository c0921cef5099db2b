import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAuthor, addSection, addStory, addTag, engines, freshStore, type FreshStore } from '../../../test/helpers/store-seed.js';
import * as content from '../migrations/0001-content.js';
import * as newsroom from '../migrations/0002-newsroom.js';
import * as search from '../migrations/0003-search.js';
import * as newsletter from '../migrations/0004-newsletter.js';
import * as redirects from '../migrations/0005-redirects.js';
import { recordSiteChange } from '../publication/content-version.js';
import { findRedirectTarget } from '../stories/visible-stories.js';
import { findRedirect, upsertRedirects, type NewRedirect } from './redirect-repository.js';

// The redirect table's lookup on each engine: which rule answers a path, where it sends
// the reader, and when a rule is read as none at all.

const NOW = '2026-03-01T00:00:00.000Z';
const rule = (from_path: string, match: NewRedirect['match'], target: Pick<NewRedirect, 'target_kind' | 'target_id' | 'target_url'>) =>
  ({ from_path, match, status: 301, origin: 'import', ...target }) as NewRedirect;
const to = (target_kind: NewRedirect['target_kind'], target_id: number) => ({ target_kind, target_id, target_url: null });
const toUrl = (target_url: string) => ({ target_kind: 'url' as const, target_id: null, target_url });

describe.each(engines())('redirect lookup on %s', (engine) => {
  let fresh: FreshStore;
  const where = async (path: string) => (await findRedirect(fresh.db, path, NOW))?.location ?? null;

  beforeAll(async () => {
    fresh = await freshStore(engine);
    const { db } = fresh;
    const live = await addStory(db, { slug: 'live-story', publishedAt: '2026-01-01T00:00:00.000Z' });
    const draft = await addStory(db, { slug: 'draft-story', publishedAt: null });
    const later = await addStory(db, { slug: 'later-story', publishedAt: '2027-01-01T00:00:00.000Z' });
    const world = await addSection(db, 'world');
    const gone = await addTag(db, 'gone');
    const ada = await addAuthor(db, 'ada');
    await upsertRedirects(db, [
      rule('/?p=12', 'exact', to('story', live)),
      rule('/2019/05/03/old-post/', 'exact', to('story', live)),
      rule('/caf%C3%A9', 'exact', toUrl('https://example.org/cafe')),
      rule('/category/world', 'prefix', to('section', world)),
      rule('/category/world/europe', 'prefix', to('author', ada)),
      rule('/unfinished', 'exact', to('story', draft)),
      rule('/tomorrow', 'exact', to('story', later)),
      rule('/tag/gone-tag', 'exact', to('tag', gone)),
      rule('/live-story', 'exact', to('story', live)),
      rule('^/(a+)+$', 'regex', toUrl('/never')),
      rule('^/blog/([0-9]{4})/(.*)$', 'regex', toUrl('/archive/$1/$2')),
      rule('^/((broken', 'regex', toUrl('/never')),
      rule('^/go/(.*)$', 'regex', toUrl('/$1')),
    ]);
    await db.deleteFrom('tags').where('id', '=', gone).execute();
  });
  afterAll(() => fresh?.drop());

  it('matches an exact rule with its query, and ignores other parameters only for rules without one', async () => {
    expect(await where('/?p=12')).toBe('/live-story');
    expect(await where('/?p=13')).toBeNull();
    expect(await where('/2019/05/03/old-post?utm_source=x')).toBe('/live-story');
  });

  it('ignores a trailing slash and percent-escapes, but not case', async () => {
    expect(await where('/2019/05/03/old-post/')).toBe('/live-story');
    expect(await where('/2019/05/03/old-post')).toBe('/live-story');
    expect(await where('/café')).toBe('https://example.org/cafe');
    expect(await where('/caf%C3%A9/')).toBe('https://example.org/cafe');
    expect(await where('/2019/05/03/OLD-POST')).toBeNull();
  });

  it('answers with the longest prefix rule, at path-segment boundaries', async () => {
    expect(await where('/category/world')).toBe('/section/world');
    expect(await where('/category/world/asia/page/2')).toBe('/section/world');
    expect(await where('/category/world/europe/')).toBe('/author/ada');
    expect(await where('/category/worldwide')).toBeNull();
  });

  it('fills a regex rule’s captures and skips patterns that do not compile or could backtrack without end', async () => {
    expect(await where('/blog/2019/a-title')).toBe('/archive/2019/a-title');
    expect(await where('/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!')).toBeNull();
    // "//evil.example" would be another host to a browser.
    expect(await where('/go//evil.example')).toBe('/evil.example');
  });

  it('reads a rule whose story is not live, or whose record is gone, as no rule', async () => {
    expect(await where('/unfinished')).toBeNull();
    expect(await where('/tomorrow')).toBeNull();
    expect(await where('/tag/gone-tag')).toBeNull();
  });

  it('never sends a reader to the address they asked for', async () => {
    expect(await where('/live-story')).toBeNull();
    expect(await where('/live-story/')).toBe('/live-story');
  });

  it('re-reads regex rules when the content version moves, and an upsert replaces rather than repeats', async () => {
    await upsertRedirects(fresh.db, [rule('^/blog/([0-9]{4})/(.*)$', 'regex', toUrl('/years/$1'))]);
    await recordSiteChange(fresh.db);
    expect(await where('/blog/2019/a-title')).toBe('/years/2019');
    const count = await fresh.db
      .selectFrom('redirects')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(13);
  });
});

describe.each(engines())('migration 0005 on %s', (engine) => {
  let fresh: FreshStore;
  beforeAll(async () => {
    fresh = await freshStore(engine, { migrate: false });
  });
  afterAll(() => fresh?.drop());

  it('turns every old slug into an exact 301 rule to its story and drops slug_redirects', async () => {
    const { db, store } = fresh;
    for (const migration of [content, newsroom, search, newsletter]) await migration.up(db, store.dialect);
    const id = await addStory(db, { slug: 'new-slug', publishedAt: '2026-01-01T00:00:00.000Z' });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the table this migration removes is no longer in the schema type
    const old = db as any;
    await old
      .insertInto('slug_redirects')
      .values([
        { old_slug: 'first-slug', article_id: id },
        { old_slug: 'second-slug', article_id: id },
      ])
      .execute();

    await redirects.up(db, store.dialect);

    const rows = await db.selectFrom('redirects').selectAll().orderBy('from_path').execute();
    expect(rows.map(({ id: _id, created_at: _at, ...r }) => r)).toEqual(
      ['/first-slug', '/second-slug'].map((from_path) => ({
        from_path,
        match: 'exact',
        target_kind: 'story',
        target_id: id,
        target_url: null,
        status: 301,
        origin: 'slug-change',
      })),
    );
    expect(await findRedirectTarget(db, 'first-slug', NOW)).toBe('new-slug');
    await expect(old.selectFrom('slug_redirects').selectAll().execute()).rejects.toThrow();
  });
});
