// A realistic archive for the search bench (issue 11): N stories whose words follow Zipf's
// law over the demo magazine's own vocabulary, with a long tail of rare words, real
// phrases copied from the demo's sentences, and a pool of people who are mentioned in the
// text, tagged and credited as authors, popular ones far more often than the rest.
//
// It writes straight into a migrated, empty store (rows through Kysely in multi-row
// statements, the index through the engine's own search adapter, `dialect.search.write`,
// the path every save takes), so 100,000 stories take about a minute on SQLite and a few
// on PostgreSQL. Everything derives from one seed: the same N gives the same archive.

import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { prng } from './generate.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const WORD = /[\p{L}\p{N}]+(?:[’'][\p{L}]+)?/gu;

/** The demo bundle's text: its words by frequency, its sentences, its people and sections. */
function demoText() {
  const bundle = JSON.parse(readFileSync(path.join(HERE, '..', 'demo', 'bundle.json'), 'utf8'));
  const texts = bundle.articles.flatMap((a) => [a.title, a.excerpt ?? '', a.body?.source ?? '']);
  const counts = new Map();
  const surface = new Map();
  const sentences = [];
  for (const text of texts) {
    const plain = text.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[#>*_]/g, ' ');
    for (const piece of plain.split(/(?<=[.!?])\s+|\n+/)) {
      const words = piece.match(WORD) ?? [];
      if (words.length >= 4) sentences.push(words);
      for (const w of words) {
        const key = w.toLowerCase();
        counts.set(key, (counts.get(key) ?? 0) + 1);
        if (!surface.has(key) || w === key) surface.set(key, w); // lower case wins where both occur
      }
    }
  }
  const vocabulary = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([key]) => surface.get(key));
  return {
    vocabulary,
    sentences,
    people: [...bundle.authors.map((a) => a.name), ...bundle.tags.filter((t) => t.kind === 'person').map((t) => t.name)],
    sections: bundle.sections.map((s) => ({ slug: s.slug, name: s.name })),
    topics: bundle.tags.filter((t) => t.kind !== 'person').map((t) => t.name),
  };
}

const FIRST = (
  'Amara Ben Clara Dmitri Elena Farid Grace Hana Ivan Julia Kofi Lena Marco Nadia Omar Paula Quentin Rosa Samir Tara ' +
  'Umar Vera Wen Ximena Yusuf Zofia Anton Beatriz Chidi Daria Emil Fatima Goran Helga Ines Jonas Kavya Luca Mei Nikolai'
).split(' ');
const LAST = (
  'Abara Berg Castillo Dimitrov Eriksen Fontaine Gallo Haddad Ibsen Jansen Kowalski Lindqvist Moreau Novak Okafor ' +
  'Petrov Quist Rahman Santos Takahashi Ulrich Varga Weber Xu Yilmaz Zhou Almeida Brandt Costa Duarte Esposito ' +
  'Ferreira Grieg Horvat Ivanova Jovanovic Kim Laurent Mendes Nakamura'
).split(' ');
const SYLLABLES = 'ka lo mi ren tor va shi bel dun qua zer fi mos tal ner oru vik sa pel dra gon ith ul bar'.split(' ');

/**
 * Zipf's law (exponent 1) over ranked items: a sampler by binary search on the cumulative
 * weights. The first item is drawn about rank-times as often as the item at that rank.
 */
function zipf(items, r, exponent = 1) {
  const cumulative = new Float64Array(items.length);
  let sum = 0;
  items.forEach((_, i) => {
    sum += 1 / Math.pow(i + 1, exponent);
    cumulative[i] = sum;
  });
  return () => {
    const x = r.next() * sum;
    let lo = 0;
    let hi = items.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return items[lo];
  };
}

/** Made-up words for the tail a real archive has (place names, surnames, coinages): rare by construction. */
function tailWords(r, n) {
  const out = new Set();
  while (out.size < n) {
    const parts = r.range(2, 4);
    let w = '';
    for (let i = 0; i < parts; i++) w += r.pick(SYLLABLES);
    out.add(w);
  }
  return [...out];
}

const TAIL_WORDS = 30_000;

/**
 * The model every story is drawn from, plus the search queries (one per class) that the
 * bench asks of it: words chosen by their rank, so they are common or rare by design.
 */
export function archiveModel(seed = 11) {
  const r = prng(seed);
  const demo = demoText();
  const known = new Set(demo.vocabulary.map((w) => w.toLowerCase()));
  const tail = tailWords(r, TAIL_WORDS).filter((w) => !known.has(w));
  const words = [...demo.vocabulary, ...tail];
  const extraPeople = [];
  for (const last of LAST) for (const first of FIRST) extraPeople.push(`${first} ${last}`);
  // The demo's people are the most newsworthy; then 400 more, in a fixed shuffled order.
  const people = [...demo.people, ...r.sample(extraPeople, 400)];
  return {
    r,
    demo,
    words,
    word: zipf(words, r),
    person: zipf(people, r),
    people,
    authors: people.slice(0, 60),
    topics: [...demo.topics, ...demo.vocabulary.slice(150, 450).map((w) => w.charAt(0).toUpperCase() + w.slice(1))],
    rareWord: tail[20_000],
  };
}

function fragment(model) {
  const { r, demo } = model;
  if (r.next() < 0.55) {
    const sentence = r.pick(demo.sentences);
    const length = r.range(3, Math.min(12, sentence.length));
    const start = r.int(sentence.length - length + 1);
    return sentence.slice(start, start + length).join(' ');
  }
  const n = r.range(3, 9);
  const out = [];
  for (let i = 0; i < n; i++) out.push(model.word());
  return out.join(' ');
}

function sentenceText(model, mentioned) {
  const { r } = model;
  const parts = [];
  const n = r.range(1, 3);
  for (let i = 0; i < n; i++) parts.push(fragment(model));
  if (r.next() < 0.12) {
    const who = model.person();
    mentioned.add(who);
    parts.push(r.next() < 0.5 ? `${who} said` : `according to ${who}`);
  }
  const text = parts.join(', ');
  return text.charAt(0).toUpperCase() + text.slice(1) + '.';
}

function paragraphText(model, mentioned) {
  const n = model.r.range(2, 5);
  const out = [];
  for (let i = 0; i < n; i++) out.push(sentenceText(model, mentioned));
  return out.join(' ');
}

/** Briefs, standard stories and long reads, about 420 words on average. */
function paragraphCount(r) {
  const kind = r.next();
  if (kind < 0.3) return r.range(2, 3);
  if (kind < 0.9) return r.range(4, 8);
  return r.range(12, 24);
}

const slugOf = (s) =>
  s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

/**
 * One story: title, dek, body paragraphs, its people, topics, sections and authors.
 * `index` orders the archive in time (a higher index is newer).
 */
export function story(model, index) {
  const { r } = model;
  const mentioned = new Set();
  const paragraphs = [];
  const count = paragraphCount(r);
  for (let i = 0; i < count; i++) paragraphs.push(paragraphText(model, mentioned));
  const titleWords = [];
  for (let i = r.range(5, 10); i > 0; i--) titleWords.push(model.word());
  if (mentioned.size && r.next() < 0.3) titleWords.splice(r.int(titleWords.length), 0, [...mentioned][0].split(' ').pop());
  const title = titleWords.join(' ');
  return {
    index,
    slug: `${slugOf(title).slice(0, 60)}-${index}`,
    title: title.charAt(0).toUpperCase() + title.slice(1),
    dek: sentenceText(model, mentioned),
    paragraphs,
    people: [...mentioned].slice(0, 3),
    topics: [...new Set([r.pick(model.topics), r.pick(model.topics)])].slice(0, r.range(1, 2)),
    sections: r.next() < 0.2 ? r.sample(model.demo.sections, 2) : [r.pick(model.demo.sections)],
    authors: r.next() < 0.15 ? r.sample(model.authors, 2) : [r.pick(model.authors)],
  };
}

const BATCH = 500;

/**
 * Writes N stories into a freshly migrated store: publication, sections, tags (topics and
 * people), authors, stories with their links, and the search index. Returns counts.
 */
export async function writeSearchArchive(store, { stories, seed = 11, now = Date.now(), onProgress = () => {} }) {
  const { db, dialect } = store;
  const model = archiveModel(seed);
  const { r } = model;
  await db
    .insertInto('publication')
    .values({ id: 1, name: 'The Parallax (search bench)' })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  await db
    .insertInto('sections')
    .values(model.demo.sections.map((s, position) => ({ ...s, description: '', layout: 'standard', position })))
    .execute();
  const sectionIds = new Map((await db.selectFrom('sections').select(['id', 'slug']).execute()).map((s) => [s.slug, s.id]));
  const tagRows = [
    ...model.people.map((name) => ({ slug: slugOf(name), name, kind: 'person' })),
    ...[...new Set(model.topics)].map((name) => ({ slug: `topic-${slugOf(name)}`, name, kind: 'topic' })),
  ];
  const uniqueTags = [...new Map(tagRows.map((t) => [t.slug, t])).values()];
  for (let i = 0; i < uniqueTags.length; i += BATCH)
    await db
      .insertInto('tags')
      .values(uniqueTags.slice(i, i + BATCH))
      .execute();
  const tagIds = new Map((await db.selectFrom('tags').select(['id', 'name']).execute()).map((t) => [t.name, t.id]));
  await db
    .insertInto('authors')
    .values(model.authors.map((name) => ({ slug: slugOf(name), name, bio: '', image_id: null })))
    .execute();
  const authorIds = new Map((await db.selectFrom('authors').select(['id', 'name']).execute()).map((a) => [a.name, a.id]));

  // Ten years, oldest first, so ids grow with publication time as they do in a real archive.
  const span = 10 * 365 * 24 * 3600 * 1000;
  const first = now - span;
  for (let start = 0; start < stories; start += BATCH) {
    const batch = [];
    for (let i = start; i < Math.min(stories, start + BATCH); i++) batch.push(story(model, i));
    await db.transaction().execute(async (trx) => {
      const rows = batch.map((s) => {
        const at = new Date(first + Math.floor((s.index / stories) * span)).toISOString();
        // A few drafts and a few scheduled for later: readers must not find them.
        const kind = r.next();
        const status = kind < 0.02 ? 'draft' : 'published';
        const publishedAt = status === 'draft' ? null : kind < 0.025 ? new Date(now + 86_400_000).toISOString() : at;
        return {
          slug: s.slug,
          title: s.title,
          dek: s.dek,
          excerpt: '',
          body: JSON.stringify({
            type: 'doc',
            content: s.paragraphs.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })),
          }),
          format_id: null,
          image_id: null,
          status,
          published_at: publishedAt,
          updated_at: null,
          created_at: at,
          publish_at: null,
          unpublish_at: null,
          modified_at: at,
          created_by: null,
          modified_by: null,
        };
      });
      const ids = (await trx.insertInto('articles').values(rows).returning('id').execute()).map((row) => row.id);
      const links = { sections: [], tags: [], authors: [] };
      batch.forEach((s, i) => {
        s.sections.forEach((sec, position) => links.sections.push({ article_id: ids[i], section_id: sectionIds.get(sec.slug), position }));
        [...s.people, ...s.topics].forEach((name, position) => links.tags.push({ article_id: ids[i], tag_id: tagIds.get(name), position }));
        s.authors.forEach((name, position) => links.authors.push({ article_id: ids[i], author_id: authorIds.get(name), position }));
      });
      await trx.insertInto('article_sections').values(links.sections).execute();
      await trx.insertInto('article_tags').values(links.tags).execute();
      await trx.insertInto('article_authors').values(links.authors).execute();
      await dialect.search.write(
        trx,
        ids,
        batch.map((s, i) => ({
          id: ids[i],
          title: s.title,
          dek: s.dek,
          body: s.paragraphs.join('\n\n'),
          tags: [...s.people, ...s.topics].join('\n'),
          authors: s.authors.join('\n'),
        })),
      );
    });
    onProgress(Math.min(stories, start + BATCH));
  }
  // The steady state autovacuum keeps: PostgreSQL's GIN index merges its pending list of
  // fresh entries on VACUUM (a plain ANALYZE leaves it), and every search would scan it.
  if (dialect.engine === 'postgres') await sql`VACUUM ANALYZE article_search`.execute(db);
  await dialect.analyze(db);
  return { stories, words: model.words.length, people: model.people.length, rareWord: model.rareWord };
}
