// Deterministic generator of a large content bundle (SPEC §3) for the benchmark.
//
// Everything derives from one seeded PRNG, so the same GENERATOR_VERSION, story count and
// anchor date always produce the same bundle. Bump GENERATOR_VERSION whenever the output
// changes shape, so cached archives under .bench/ are rebuilt.
//
// Usable on its own:  node bench/generate.mjs OUT_DIR [--stories N]

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const GENERATOR_VERSION = 1;

const DAY = 24 * 60 * 60 * 1000;

/** mulberry32: small, fast, good enough for test data. */
export function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  const pick = (arr) => arr[int(arr.length)];
  const range = (lo, hi) => lo + int(hi - lo + 1);
  /** k distinct items of arr */
  const sample = (arr, k) => {
    const out = new Set();
    while (out.size < Math.min(k, arr.length)) out.add(arr[int(arr.length)]);
    return [...out];
  };
  return { next, int, pick, range, sample };
}

// A foreign-policy flavoured word list: enough variety that bodies don't compress to nothing.
const WORDS = (
  'the of and to in a that for on with as by at from its their this was were is are be has have had ' +
  'not but which who after over into about more than when would could should will may between under ' +
  'government minister ministers president parliament election elections coalition opposition party ' +
  'policy policies foreign security defence defense border borders treaty treaties alliance alliances ' +
  'sanctions trade tariff tariffs economy economic growth inflation budget deficit debt markets bank ' +
  'central currency exports imports energy gas oil pipeline grid climate emissions summit talks ' +
  'negotiations ceasefire conflict war peace troops army navy air force missile missiles drone drones ' +
  'diplomat diplomats embassy envoy ambassador capital region regional province city villages rural ' +
  'urban protest protests reform reforms court courts judge ruling constitution law laws rights ' +
  'human refugees migration migrants asylum aid humanitarian crisis famine drought floods harvest ' +
  'farmers workers unions strike industry factories steel chips technology data surveillance press ' +
  'freedom journalists media newspaper broadcaster officials spokesperson statement interview ' +
  'analysts observers critics supporters voters campaign poll polls mandate vote votes majority ' +
  'minority leader leaders veteran young old new former current next last first second final ' +
  'quietly openly sharply slowly suddenly largely mostly nearly barely widely deeply ' +
  'agreed rejected warned argued insisted promised denied confirmed signalled announced proposed ' +
  'delayed expanded reduced raised cut blocked approved signed ratified vetoed accused praised ' +
  'week month year decade morning evening night weekend spring summer autumn winter ' +
  'north south east west northern southern eastern western coastal inland mountain river sea port ' +
  'island islands delegation delegations committee council commission agency agencies institute ' +
  'report reports study survey figures numbers estimate estimates document documents letter memo ' +
  'deal deals plan plans strategy approach framework agenda priority priorities question questions ' +
  'pressure influence leverage power weight ties relations partners partnership rivals rivalry ' +
  'uncertain fragile stable volatile cautious ambitious pragmatic hardline moderate liberal ' +
  'conservative nationalist populist technocratic military civilian private public national local ' +
  'global international bilateral multilateral strategic historic modest significant'
).split(/\s+/);

const FIRST_NAMES = (
  'Amara Ben Clara Dmitri Elena Farid Grace Hana Ivan Julia Kofi Lena Marco Nadia Omar Paula ' +
  'Quentin Rosa Samir Tara Umar Vera Wen Ximena Yusuf Zofia Anton Beatriz Chidi Daria Emil Fatima ' +
  'Goran Helga Ines Jonas Kavya Luca Mei Nikolai'
).split(' ');
const LAST_NAMES = (
  'Abara Berg Castillo Dimitrov Eriksen Fontaine Gallo Haddad Ibsen Jansen Kowalski Lindqvist ' +
  'Moreau Novak Okafor Petrov Quist Rahman Santos Takahashi Ulrich Varga Weber Xu Yilmaz Zhou ' +
  'Almeida Brandt Costa Duarte Esposito Ferreira Grieg Horvat Ivanova Jovanovic Kim Laurent Mendes Nakamura'
).split(' ');
const PLACES = (
  'Aldoria Brenmark Castavia Dunmere Elskar Fenwald Galicor Harrowgate Istrava Jadeport ' +
  'Kestrel Lorvane Marbeck Norwyn Ostara Pellmark Quarry Rivenmoor Selcar Tarnow Ulvania Valdera ' +
  'Westreach Yarrow Zennor'
).split(' ');
const ORG_WORDS = (
  'Council Union Fund Agency Bank Institute Forum League Assembly Commission Alliance Front ' +
  'Movement Group Party Court Authority Office Foundation Network'
).split(' ');
const TOPICS = (
  'Trade Energy Migration Climate Security Elections Sanctions Diplomacy Human-Rights ' +
  'Technology Defence Health Food Water Debt Shipping Cybersecurity Minerals Space Arctic ' +
  'Refugees Press-Freedom Corruption Nuclear Borders Agriculture Finance Labour Tourism Infrastructure'
).split(' ');

const FORMATS = [
  { slug: 'reporting', name: 'Reporting', schema_type: 'ReportageNewsArticle' },
  { slug: 'analysis', name: 'Analysis', schema_type: 'AnalysisNewsArticle' },
  { slug: 'opinion', name: 'Opinion', schema_type: 'OpinionNewsArticle' },
  { slug: 'explainer', name: 'Explainer', schema_type: 'BackgroundNewsArticle' },
  { slug: 'brief', name: 'Brief', schema_type: 'NewsArticle' },
];

const SECTIONS = [
  { slug: 'europe', name: 'Europe', description: 'Politics and policy across the continent.', layout: 'standard' },
  { slug: 'americas', name: 'Americas', description: 'From the Arctic to Tierra del Fuego.', layout: 'standard' },
  { slug: 'asia', name: 'Asia', description: 'Power, trade and politics in Asia.', layout: 'standard' },
  { slug: 'africa', name: 'Africa', description: 'Reporting from across Africa.', layout: 'standard' },
  { slug: 'middle-east', name: 'Middle East', description: 'The region and its neighbours.', layout: 'standard' },
  { slug: 'economy', name: 'Economy', description: 'Markets, money and the politics behind them.', layout: 'standard' },
  { slug: 'ideas', name: 'Ideas', description: 'Essays and arguments.', layout: 'standard' },
  { slug: 'dispatch', name: 'Dispatch', description: 'The day in short: briefs from our correspondents.', layout: 'briefs' },
];

// Slugs the reader site reserves (SPEC §4): no generated story may take one.
const RESERVED = new Set([
  'admin',
  'api',
  'section',
  'tag',
  'author',
  'latest',
  'search',
  'newsletter',
  'media',
  'assets',
  'feed.xml',
  'feed.json',
  'sitemap.xml',
  'news-sitemap.xml',
  'robots.txt',
  'healthz',
]);

const cap = (w) => w.charAt(0).toUpperCase() + w.slice(1);
const slugify = (s) =>
  s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

function sentence(r, min = 8, max = 22) {
  const n = r.range(min, max);
  const words = [];
  for (let i = 0; i < n; i++) words.push(r.pick(WORDS));
  return cap(words.join(' ')) + (r.next() < 0.1 ? '?' : '.');
}

function paragraph(r, sentences) {
  const out = [];
  for (let i = 0; i < sentences; i++) out.push(sentence(r));
  return out.join(' ');
}

const wordCount = (s) => s.split(/\s+/).filter(Boolean).length;

/**
 * A ~600-word Markdown body: paragraphs, one block quote, one link, a little emphasis,
 * and every so often a subheading.
 */
function markdownBody(r, storyIndex, relatedSlug) {
  const target = r.range(560, 640);
  const blocks = [];
  let words = 0;
  let quoted = false;
  let linked = false;
  while (words < target) {
    const p = paragraph(r, r.range(3, 6));
    let block = p;
    if (!linked && blocks.length === 1) {
      // one link per story: half to another story on the site, half to an outside source
      const href = relatedSlug && r.next() < 0.5 ? `/${relatedSlug}` : `https://example.org/reports/${storyIndex}`;
      const anchor = `${r.pick(WORDS)} ${r.pick(WORDS)} ${r.pick(WORDS)}`;
      block = `${p} As the [${anchor}](${href}) shows, *${r.pick(WORDS)} ${r.pick(WORDS)}* matters.`;
      linked = true;
    }
    blocks.push(block);
    words += wordCount(block);
    if (!quoted && blocks.length === 3) {
      const q = `> ${sentence(r, 14, 26)} ${sentence(r, 10, 20)}`;
      blocks.push(q);
      words += wordCount(q);
      quoted = true;
    }
    if (blocks.length === 5 && r.next() < 0.4) blocks.push(`## ${cap(r.pick(WORDS))} ${r.pick(WORDS)} ${r.pick(WORDS)}`);
  }
  return blocks.join('\n\n');
}

function title(r) {
  const n = r.range(5, 10);
  const w = [];
  for (let i = 0; i < n; i++) w.push(r.pick(WORDS));
  return cap(w.join(' '));
}

/**
 * Builds the bundle object.
 * @param {{ stories?: number, seed?: number, now?: Date, mediaCount?: number, imageDir?: string }} opts
 */
export function buildBundle(opts = {}) {
  const stories = opts.stories ?? 10_000;
  const r = prng(opts.seed ?? 20260101);
  const now = (opts.now ?? new Date()).getTime();
  const mediaCount = opts.mediaCount ?? 24;
  const imageDir = opts.imageDir ?? 'images';

  const media = [];
  for (let i = 0; i < mediaCount; i++) {
    const id = `bench-photo-${String(i + 1).padStart(2, '0')}`;
    const place = PLACES[i % PLACES.length];
    media.push({
      id,
      file: `${imageDir}/${id}.jpg`,
      alt: `A ${r.pick(['crowded', 'quiet', 'rain-soaked', 'sunlit', 'empty'])} ${r.pick(['square', 'harbour', 'street', 'hall', 'market'])} in ${place}`,
      caption: `${sentence(r, 8, 14)}`,
      credit: `${r.pick(FIRST_NAMES)} ${r.pick(LAST_NAMES)} / Bench Photo Agency`,
    });
  }

  // 40 authors, unique names; the first 8 have a portrait (reusing media entries).
  const authors = [];
  const usedAuthorSlugs = new Set();
  for (let i = 0; authors.length < 40; i++) {
    const name = `${FIRST_NAMES[i % FIRST_NAMES.length]} ${LAST_NAMES[(i * 7 + 3) % LAST_NAMES.length]}`;
    const slug = slugify(name);
    if (usedAuthorSlugs.has(slug)) continue;
    usedAuthorSlugs.add(slug);
    const a = { slug, name, bio: `${name} ${paragraph(r, 2).replace(/^./, (c) => c.toLowerCase())}` };
    if (authors.length < 8) a.image = media[mediaCount - 1 - authors.length].id;
    authors.push(a);
  }

  // 300 tags of the four kinds.
  const tags = [];
  const usedTagSlugs = new Set();
  const addTag = (name, kind) => {
    const slug = slugify(name);
    if (!slug || usedTagSlugs.has(slug) || RESERVED.has(slug)) return;
    usedTagSlugs.add(slug);
    tags.push({ slug, name, kind });
  };
  for (const t of TOPICS) addTag(t.replace(/-/g, ' '), 'topic');
  for (const p of PLACES) addTag(p, 'place');
  let guard = 0;
  while (tags.length < 300 && guard++ < 100_000) {
    const k = r.int(3);
    if (k === 0) addTag(`${r.pick(FIRST_NAMES)} ${r.pick(LAST_NAMES)}`, 'person');
    else if (k === 1) addTag(`${r.pick(PLACES)} ${r.pick(ORG_WORDS)}`, 'organization');
    else addTag(`${cap(r.pick(WORDS))} ${r.pick(['Policy', 'Talks', 'Crisis', 'Reform', 'Accord'])}`, 'topic');
  }
  if (tags.length !== 300) throw new Error(`generator: only ${tags.length} tags`);

  // Stories: published over the past 3 years, oldest first, at most one per slug.
  const span = 3 * 365 * DAY;
  const start = now - span;
  const articles = [];
  const usedSlugs = new Set();
  const standard = SECTIONS.filter((s) => s.layout === 'standard').map((s) => s.slug);
  const briefs = SECTIONS.find((s) => s.layout === 'briefs').slug;
  // Times are spread evenly with jitter, then sorted, so archive order == index order.
  const times = [];
  for (let i = 0; i < stories; i++) {
    const base = start + ((i + 0.5) / stories) * (span - DAY);
    times.push(Math.floor((base + (r.next() - 0.5) * (span / stories)) / 60000) * 60000);
  }
  times.sort((a, b) => a - b);

  for (let i = 0; i < stories; i++) {
    const t = title(r);
    let slug = slugify(t).split('-').slice(0, 8).join('-').slice(0, 100).replace(/-+$/, '');
    if (usedSlugs.has(slug) || RESERVED.has(slug)) slug = `${slug}-${i}`;
    usedSlugs.add(slug);

    const format = r.next() < 0.15 ? 'brief' : r.pick(['reporting', 'reporting', 'analysis', 'opinion', 'explainer']);
    let sections;
    if (format === 'brief') sections = r.next() < 0.7 ? [briefs] : [briefs, r.pick(standard)];
    else sections = r.sample(standard, r.next() < 0.35 ? 2 : 1);

    const previous = i > 0 ? articles[r.int(i)].slug : null;
    const published = new Date(times[i]);
    const a = {
      slug,
      title: t,
      dek: sentence(r, 12, 24),
      format,
      sections,
      tags: r.sample(tags, r.range(1, 5)).map((x) => x.slug),
      authors: r.sample(authors, r.next() < 0.2 ? 2 : 1).map((x) => x.slug),
      image: media[r.int(mediaCount - 8)].id,
      body: { format: 'markdown', source: markdownBody(r, i, previous) },
    };
    if (r.next() < 0.5) a.excerpt = sentence(r, 16, 30);
    a.status = 'published';
    a.published_at = published.toISOString().replace('.000Z', 'Z');
    if (r.next() < 0.05) {
      const at = new Date(Math.min(times[i] + r.range(1, 48) * 3600_000, now - 60_000));
      a.updates = [{ at: at.toISOString().replace('.000Z', 'Z'), note: `This story has been updated. ${sentence(r, 8, 16)}` }];
    }
    if (i > 10 && r.next() < 0.1) {
      a.related = [...new Set([articles[r.int(i)].slug, articles[r.int(i)].slug])];
    }
    articles.push(a);
  }

  return {
    publication: {
      name: 'The Bench Review',
      tagline: 'A synthetic archive for measuring Masthead.',
      social: [
        { network: 'mastodon', url: 'https://mastodon.example/@benchreview' },
        { network: 'bluesky', url: 'https://bsky.app/profile/benchreview.example' },
      ],
    },
    formats: FORMATS,
    sections: SECTIONS,
    tags,
    authors,
    media,
    articles,
  };
}

/** Writes `count` ~1200×800 JPEGs (distinct colours and shapes) with sharp. */
export async function writeImages(dir, media) {
  const { default: sharp } = await import('sharp');
  await mkdir(dir, { recursive: true });
  await Promise.all(
    media.map(async (m, i) => {
      const hue = Math.round((i * 360) / media.length);
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="800">
  <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
    <stop offset="0" stop-color="hsl(${hue},55%,45%)"/><stop offset="1" stop-color="hsl(${(hue + 60) % 360},50%,20%)"/>
  </linearGradient></defs>
  <rect width="1200" height="800" fill="url(#g)"/>
  <circle cx="${300 + ((i * 97) % 600)}" cy="${250 + ((i * 53) % 300)}" r="${120 + ((i * 31) % 120)}" fill="hsl(${(hue + 180) % 360},60%,70%)" fill-opacity="0.55"/>
  <rect x="${100 + ((i * 71) % 700)}" y="${450 + ((i * 13) % 200)}" width="360" height="160" fill="#fff" fill-opacity="0.25"/>
</svg>`;
      await sharp(Buffer.from(svg))
        .jpeg({ quality: 72, mozjpeg: true })
        .toFile(path.join(dir, path.basename(m.file)));
    }),
  );
}

/** Generates bundle.json plus its images into `outDir`; returns the bundle's path and a summary. */
export async function generate(outDir, opts = {}) {
  await mkdir(outDir, { recursive: true });
  const bundle = buildBundle(opts);
  await writeImages(path.join(outDir, 'images'), bundle.media);
  const file = path.join(outDir, 'bundle.json');
  const json = JSON.stringify(bundle);
  await writeFile(file, json);
  const words = bundle.articles.reduce((n, a) => n + wordCount(a.body.source), 0);
  return {
    file,
    bytes: Buffer.byteLength(json),
    articles: bundle.articles.length,
    avgWords: Math.round(words / bundle.articles.length),
    sections: bundle.sections.length,
    tags: bundle.tags.length,
    authors: bundle.authors.length,
    media: bundle.media.length,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const out = process.argv[2];
  if (!out) {
    console.error('usage: node bench/generate.mjs OUT_DIR [--stories N]');
    process.exit(2);
  }
  const i = process.argv.indexOf('--stories');
  const stories = i > 0 ? Number(process.argv[i + 1]) : 10_000;
  const t0 = performance.now();
  const summary = await generate(out, { stories });
  console.log(JSON.stringify({ ...summary, ms: Math.round(performance.now() - t0) }, null, 2));
}
