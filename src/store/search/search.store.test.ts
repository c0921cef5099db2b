import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, freshStore, type FreshStore } from '../../../test/helpers/store-seed.js';
import { parseSearchQuery } from '../../content/search-query.js';
import { reindexAllArticles } from './reindex-articles.js';
import { SEARCH_CANDIDATES } from './search-adapter.js';
import { searchArticles, type SearchRequest } from './search-articles.js';

// Search past its bounds on each engine (issue 11): a word in more stories than are ranked
// is counted as "more than", ranked among its newest matches, and still reachable by
// paging on; rare words, phrases and visibility keep their exact answers.

const NOW = '2026-06-01T00:00:00.000Z';
const COMMON = SEARCH_CANDIDATES + 120; // stories saying "harbour" in the body

function doc(text: string): string {
  return JSON.stringify({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });
}

interface Seed {
  title: string;
  body: string;
  status?: 'draft' | 'published';
  publishedAt?: string;
}

/** Story i is published i minutes after 2025-01-01, so a higher id is newer. */
function stories(): Seed[] {
  const out: Seed[] = [];
  for (let i = 0; i < COMMON; i++) out.push({ title: `Dispatch ${i}`, body: `Boats came into the harbour on day ${i}.` });
  out[3] = { title: 'Harbour master retires', body: 'An old story about the harbour.' }; // far below the newest matches
  out[COMMON - 10] = { title: 'Harbour reopens', body: 'The harbour reopened at dawn.' };
  out.push({ title: 'Quillwort survey', body: 'Botanists counted quillwort in the lake.' });
  out.push({ title: 'Lake notes', body: 'A single quillwort was found.' });
  out.push({ title: 'Corridor deal', body: 'The grain corridor opened again.' });
  out.push({ title: 'Apart', body: 'The corridor was closed, and grain rotted.' });
  out.push({ title: 'Draft', body: 'A draft about quillwort.', status: 'draft' });
  out.push({ title: 'Tomorrow', body: 'A scheduled story about quillwort.', publishedAt: '2027-01-01T00:00:00.000Z' });
  return out;
}

describe.each(engines())('search past its bounds on %s', (engine) => {
  let fresh: FreshStore;
  const ids: number[] = [];

  async function search(text: string, page: Partial<SearchRequest> = {}) {
    const parsed = parseSearchQuery(text);
    if (!parsed.ok) throw new Error(parsed.reason);
    return searchArticles(fresh.db, fresh.store.dialect, {
      query: parsed.query,
      visibility: { audience: 'readers', now: NOW },
      limit: 20,
      offset: 0,
      ...page,
    });
  }

  beforeAll(async () => {
    fresh = await freshStore(engine);
    const seeds = stories();
    for (let i = 0; i < seeds.length; i += 200) {
      const rows = seeds.slice(i, i + 200).map((s, j) => {
        const at = new Date(Date.parse('2025-01-01T00:00:00.000Z') + (i + j) * 60_000).toISOString();
        return {
          slug: `story-${i + j}`,
          title: s.title,
          dek: '',
          excerpt: '',
          body: doc(s.body),
          format_id: null,
          image_id: null,
          status: s.status ?? 'published',
          published_at: s.status === 'draft' ? null : (s.publishedAt ?? at),
          updated_at: null,
          created_at: at,
          publish_at: null,
          unpublish_at: null,
          modified_at: null,
          created_by: null,
          modified_by: null,
        } as const;
      });
      const inserted = await fresh.db.insertInto('articles').values(rows).returning('id').execute();
      ids.push(...inserted.map((r) => r.id));
    }
    await reindexAllArticles(fresh.db, fresh.store.dialect);
  });
  afterAll(async () => {
    await fresh?.drop();
  });

  it('counts a common word only as "more than" the ranked candidates, and ranks a title match first', async () => {
    const result = await search('harbour');
    expect(result).toMatchObject({ total: SEARCH_CANDIDATES, exact: false });
    expect(result.hits).toHaveLength(20);
    expect(result.hits[0]!.id).toBe(ids[COMMON - 10]);
    // Every hit on the page has its passage, with the word marked.
    for (const hit of result.hits) expect(hit.snippet.some((part) => part.mark && /harbour/i.test(part.text))).toBe(true);
  });

  it('pages on past the ranked candidates, newest first, without repeating or losing a story', async () => {
    const seen: number[] = [];
    for (let offset = 0; offset < COMMON + 40; offset += 40) {
      const { hits } = await search('harbour', { offset, limit: 40 });
      seen.push(...hits.map((h) => h.id));
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.sort((a, b) => a - b)).toEqual(ids.slice(0, COMMON));
    // The old title match lies beyond the newest candidates: it comes among the older
    // matches, in date order, not ranked to the top.
    const beyond = await search('harbour', { offset: SEARCH_CANDIDATES + 1, limit: 200 });
    expect(beyond.hits.map((h) => h.id)).toEqual(
      ids
        .slice(0, COMMON)
        .reverse()
        .slice(SEARCH_CANDIDATES + 1, SEARCH_CANDIDATES + 201),
    );
    expect(beyond.hits.at(-1)?.snippet.some((part) => part.mark)).toBe(true);
  });

  it('counts a rare word exactly, title match first, and never shows readers a draft or a scheduled story', async () => {
    const result = await search('quillwort');
    expect(result).toMatchObject({ total: 2, exact: true });
    expect(result.hits.map((h) => h.id)).toEqual([ids[COMMON], ids[COMMON + 1]]);
    const newsroom = await searchArticles(fresh.db, fresh.store.dialect, {
      query: (parseSearchQuery('quillwort') as { ok: true; query: SearchRequest['query'] }).query,
      visibility: { audience: 'newsroom' },
      limit: 20,
      offset: 0,
    });
    expect(newsroom.total).toBe(4);
  });

  it('matches a phrase only where its words stand together', async () => {
    const result = await search('"grain corridor"');
    expect(result.hits.map((h) => h.id)).toEqual([ids[COMMON + 2]]);
    expect((await search('grain corridor')).total).toBe(2);
  });

  it('finds nothing for a word no story has', async () => {
    expect(await search('xylophonic')).toEqual({ total: 0, exact: true, hits: [] });
  });
});
