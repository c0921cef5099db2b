import { cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { one, outerHtml, parseHtml, text } from '../helpers/dom.js';
import { get, getPage, reference, storyLinks, withoutNonces, type ReferenceBundle } from '../helpers/http.js';
import { engines, prepareMasthead, referenceBundle, startMasthead, type CliResult, type Masthead } from '../helpers/server.js';

// `masthead import` and `masthead export` (SPEC §1, §3): a bad bundle changes nothing and
// says what is wrong where; a second import of the same bundle changes nothing; an export
// re-imported elsewhere publishes the same pages. Checked through the site, on each engine.

type Mutation = (bundle: ReferenceBundle & Record<string, unknown>) => void;

interface BadBundleCase {
  name: string;
  mutate: Mutation;
  /** Every stderr line that must name the problem: its path and what is wrong. */
  expected: Array<{ path: string; says: RegExp }>;
}

const badBundles: BadBundleCase[] = [
  {
    name: 'an unknown section',
    mutate: (b) => {
      b.articles[2]!.sections[0] = 'foo';
    },
    expected: [{ path: 'articles[2].sections[0]', says: /unknown section "foo"/ }],
  },
  {
    name: 'an unknown field',
    mutate: (b) => {
      (b.articles[1] as unknown as Record<string, unknown>).sectons = ['europe'];
    },
    expected: [{ path: 'articles[1]', says: /sectons/ }],
  },
  {
    name: 'a missing title',
    mutate: (b) => {
      delete (b.articles[3] as unknown as Record<string, unknown>).title;
    },
    expected: [{ path: 'articles[3].title', says: /./ }],
  },
  {
    name: 'an image path escaping the bundle folder',
    mutate: (b) => {
      b.media[0]!.file = '../../etc/passwd';
    },
    expected: [{ path: 'media[0].file', says: /./ }],
  },
];

/** A change that would be visible on the site if any part of a rejected bundle were written. */
const visibleChanges: Mutation = (b) => {
  b.articles[0]!.title = 'A headline that must never be published';
  b.articles.push({
    ...b.articles[4]!,
    slug: 'a-story-that-must-not-exist',
    title: 'A story that must not exist',
    related: [],
    previous_slugs: [],
  });
};

async function writeBundle(mutations: Mutation[]): Promise<{ file: string; dir: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'masthead-bundle-'));
  await cp(path.join(path.dirname(referenceBundle), 'images'), path.join(dir, 'images'), { recursive: true });
  const bundle = structuredClone(reference) as ReferenceBundle & Record<string, unknown>;
  for (const mutate of mutations) mutate(bundle);
  const file = path.join(dir, 'bundle.json');
  await writeFile(file, JSON.stringify(bundle, null, 2));
  return { file, dir };
}

/** What a reader can see of the whole publication: every story link on /latest, and the lead story. */
async function siteSnapshot(site: Masthead): Promise<{ latest: string[]; lead: string; missingStory: number }> {
  const latest: string[] = [];
  for (let page = 1; page <= 3; page += 1) {
    const listing = await get(site.url, `/latest?page=${page}`);
    if (listing.status !== 200) break;
    latest.push(...storyLinks(one(parseHtml(listing.body), 'main'), site.url));
  }
  const lead = await getPage(site.url, '/walk-away-talks');
  return {
    latest,
    lead: withoutNonces(outerHtml(one(lead.doc, 'main'))).replace(/></g, '>\n<'),
    missingStory: (await get(site.url, '/a-story-that-must-not-exist')).status,
  };
}

function problemLines(result: CliResult): string[] {
  return result.stderr
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

function expectProblemsListed(result: CliResult, expected: BadBundleCase['expected']): void {
  const lines = problemLines(result);
  for (const { path: where, says } of expected) {
    const line = lines.find((l) => l.startsWith(`${where}:`) || l.startsWith(`${where} `));
    expect(line, `a stderr line starting with "${where}:" in:\n${result.stderr}`).toBeDefined();
    expect(line).toMatch(says);
  }
}

/** Main content of a page, with what differs between two servers (origin, nonces) removed. */
async function mainContent(site: Masthead, pagePath: string): Promise<string> {
  const page = await getPage(site.url, pagePath);
  // Media files get fresh server-made names on import; alt text, captions and credits
  // still tell the images apart.
  return (
    withoutNonces(outerHtml(one(page.doc, 'main')))
      .split(site.url)
      .join('ORIGIN')
      .split(encodeURIComponent(site.url))
      .join('ORIGIN')
      .replace(/\/media\/[^"'\s,)]+/g, '/media/…')
      // One tag a line, so a failure shows the lines that differ rather than one long string.
      .replace(/></g, '>\n<')
  );
}

// Naming each problem is the validator's job, the same on every engine (it checks the
// bundle against the names the database already holds before writing anything), so the
// one-problem bundles run on the first engine only. The bundle with every problem at
// once, which reads those names too, runs on each, and so does the check that a rejected
// import wrote nothing.
const [firstEngine] = engines();

describe.each(engines())('bundle import and export on %s', (engine) => {
  let site: Masthead;
  const tempDirs: string[] = [];

  beforeAll(async () => {
    site = await startMasthead({ engine, bundle: referenceBundle });
  });
  afterAll(async () => {
    await site?.stop();
    await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  describe('a malformed bundle', () => {
    let before: Awaited<ReturnType<typeof siteSnapshot>>;
    /** Rejected imports run so far; the last test checks they all left the site alone. */
    let rejected = 0;

    beforeAll(async () => {
      before = await siteSnapshot(site);
    });

    if (engine === firstEngine)
      it.each(badBundles)('with $name is rejected with a non-zero exit and its path on stderr', async ({ mutate, expected }) => {
        const { file, dir } = await writeBundle([visibleChanges, mutate]);
        tempDirs.push(dir);

        const result = await site.cli(['import', file]);

        expect(result.code).not.toBe(0);
        rejected += 1;
        expectProblemsListed(result, expected);
      });

    it('with several problems is rejected with every problem listed at once', async () => {
      const { file, dir } = await writeBundle([visibleChanges, ...badBundles.map((c) => c.mutate)]);
      tempDirs.push(dir);

      const result = await site.cli(['import', file]);

      expect(result.code).not.toBe(0);
      rejected += 1;
      expectProblemsListed(
        result,
        badBundles.flatMap((c) => c.expected),
      );
    });

    it('changes nothing on the site, even after a restart with cold caches', async () => {
      expect(rejected, 'every malformed bundle above was run and rejected').toBe(engine === firstEngine ? badBundles.length + 1 : 1);
      await site.restart();
      const after = await siteSnapshot(site);
      expect(after.missingStory).toBe(404);
      expect(after).toEqual(before);
    });
  });

  it('creates and updates nothing when the same bundle is imported a second time', async () => {
    const before = await siteSnapshot(site);

    const again = await site.cli(['import', referenceBundle]);

    expect(again.code, again.stderr).toBe(0);
    const lines = again.stdout.split('\n').filter(Boolean);
    expect(lines.filter((line) => /^(created|updated)\b/i.test(line))).toEqual([]);
    expect(again.stdout).toMatch(/\b0 created\b/);
    expect(again.stdout).toMatch(/\b0 updated\b/);
    await site.restart();
    expect(await siteSnapshot(site)).toEqual(before);
  });

  it('reports each created item when a bundle is first imported', async () => {
    // The CLI alone: no server needs to run on the fresh database.
    const fresh = await prepareMasthead({ engine });
    try {
      const first = await fresh.cli(['import', referenceBundle]);
      expect(first.code, first.stderr).toBe(0);
      const lines = first.stdout.split('\n');
      for (const key of [...reference.articles.map((a) => a.slug), ...reference.media.map((m) => m.id)]) {
        expect(
          lines.filter((line) => /created/i.test(line) && new RegExp(`\\b${key}\\b`).test(line)),
          key,
        ).toHaveLength(1);
      }
      expect(first.stdout).not.toMatch(/\b0 created\b/);
    } finally {
      await fresh.stop();
    }
  });

  it('exports a bundle that, imported into a fresh database, publishes the same pages', async () => {
    const exportDir = await mkdtemp(path.join(tmpdir(), 'masthead-export-'));
    tempDirs.push(exportDir);

    const exported = await site.cli(['export', exportDir]);
    expect(exported.code, exported.stderr).toBe(0);

    const jsonFiles = (await readdir(exportDir)).filter((name) => name.endsWith('.json'));
    expect(jsonFiles).toHaveLength(1);
    const bundleFile = path.join(exportDir, jsonFiles[0]!);
    const bundle = JSON.parse(await readFile(bundleFile, 'utf8')) as ReferenceBundle;
    expect(bundle.articles.map((a) => a.slug).sort()).toEqual(reference.articles.map((a) => a.slug).sort());
    for (const item of bundle.media) {
      const file = path.resolve(exportDir, item.file);
      expect(path.relative(exportDir, file).startsWith('..'), item.file).toBe(false);
      expect((await stat(file)).size, item.file).toBeGreaterThan(0);
    }

    const copy = await startMasthead({ engine, bundle: bundleFile });
    try {
      for (const page of ['/walk-away-talks', '/author/jane-okafor', '/section/qiosk', '/latest']) {
        expect(await mainContent(copy, page), page).toBe(await mainContent(site, page));
      }
      const old = await get(copy.url, '/walk-away-old');
      expect(old.status).toBe(301);
      expect(old.location?.pathname).toBe('/walk-away-talks');
      expect(text(one((await getPage(copy.url, '/walk-away-talks')).doc, 'h1'))).toBe(reference.articles[0]!.title);
    } finally {
      await copy.stop();
    }
  });

  // Runs last: it changes the shared site. It also shows the snapshot used above sees a change.
  it('applies a valid bundle that edits a headline and adds a story, reporting both', async () => {
    const before = await siteSnapshot(site);
    const { file, dir } = await writeBundle([visibleChanges]);
    tempDirs.push(dir);

    const result = await site.cli(['import', file]);

    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines.some((line) => /updated/i.test(line) && /\bwalk-away-talks\b/.test(line))).toBe(true);
    expect(lines.some((line) => /created/i.test(line) && /\ba-story-that-must-not-exist\b/.test(line))).toBe(true);
    await site.restart();
    const after = await siteSnapshot(site);
    expect(after.missingStory).toBe(200);
    expect(after.latest).toContain('a-story-that-must-not-exist');
    expect(after.lead).not.toEqual(before.lead);
    expect(after.lead).toContain('A headline that must never be published');
  });
});
