import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from '../../src/config/config.js';
import type { DocumentNode, GalleryNode } from '../../src/content/document.js';
import { publishJobKey } from '../../src/editorial/story-events.js';
import { openGhostExport } from '../../src/migration/ghost/ghost-reader.js';
import { runMigration } from '../../src/migration/run-migration.js';
import type { SourceReader } from '../../src/migration/source-model.js';
import { openWordpressExport } from '../../src/migration/wordpress/wordpress-export.js';
import { createSafeFetch } from '../../src/net/safe-fetch.js';
import { rescheduleJob } from '../../src/store/jobs/job-repository.js';
import { openStore, type Store } from '../../src/store/store.js';
import { axeViolationsInBothSchemes } from '../helpers/axe.js';
import { clearProblems, expectCleanPage, launchBrowser, newCheckedPage, type CheckedPage } from '../helpers/browser.js';
import { startImageHost, type ImageHost } from '../helpers/image-host.js';
import { migrationFile, migrationFilesDir } from '../helpers/migration-files.js';
import { httpRequest } from '../helpers/serve-process.js';
import { startMasthead, type Masthead } from '../helpers/server.js';
import { waitUntil } from '../helpers/wait-until.js';

// Issue 10 §5: stories imported from a WordPress export and a Ghost zip, on a real server
// over a real SQLite file, as a reader meets them in Chromium. The WordPress images are
// fetched from a loopback stand-in for the old site's uploads; the Ghost ones come from
// the zip. Old addresses (dated permalink, ?p=ID, category, Ghost's redirects file)
// answer 301 to the new homes.

/** "Markup: Image Alignment": its body has [caption]s. */
const WORDPRESS_CAPTION_STORY = '1177';
/** "Post Format: Gallery": [gallery] of the post's own attachments. */
const WORDPRESS_GALLERY_STORY = '555';
/** "Harbour authority approves a night ferry trial", with a feature image and its alt. */
const GHOST_STORY_ID = '6b103181bed69c529712ef9c';

describe.skipIf(!migrationFilesDir)('stories migrated from WordPress and Ghost, in Chromium', () => {
  let dir: string;
  let store: Store;
  let images: ImageHost;
  let site: Masthead;
  let browser: Browser;
  let checked: CheckedPage;

  const importFrom = (reader: SourceReader) =>
    runMigration({
      store,
      mediaDir: path.join(dir, 'media'),
      reader,
      dryRun: false,
      images: { mediaDir: null, mediaUrlBase: `${images.url}/uploads/`, fetch: createSafeFetch({ privateTargetPorts: [images.port] }) },
      schedule: async (trx, storyId, at) => {
        await rescheduleJob(trx, {
          kind: 'article.publish',
          dedupeKey: publishJobKey(storyId),
          runAt: new Date(at),
          payload: { article_id: storyId, at },
        });
      },
    });

  /** Media rows whose variants are not made yet (or failed): the site shows such an image nowhere. */
  const mediaNotReady = async () => store.db.selectFrom('media').select(['id', 'status']).where('status', '!=', 'ready').execute();

  beforeAll(async () => {
    // Chromium and the page start while the archives are imported.
    const pageReady = launchBrowser().then((launched) => {
      browser = launched;
      return newCheckedPage(launched, { viewport: { width: 1280, height: 900 } });
    });
    // Reported where it is awaited below, not as an unhandled rejection meanwhile.
    pageReady.catch(() => undefined);
    dir = await mkdtemp(path.join(tmpdir(), 'masthead-migrated-'));
    images = await startImageHost();
    const env = { DATABASE_URL: `file:${path.join(dir, 'masthead.db')}`, MEDIA_DIR: path.join(dir, 'media') };
    store = await openStore(parseDatabaseUrl(env.DATABASE_URL));
    await store.migrate();
    await importFrom(await openWordpressExport(migrationFile('wordpress/wordpress-importer/theme-unit-test-data.xml')));
    await importFrom(
      await openGhostExport(migrationFile('ghost/northfield-dispatch.ghost-6.65.zip'), {
        redirects: migrationFile('ghost/northfield-dispatch.redirects.yaml'),
      }),
    );
    // The imported originals wait for the server's job worker to make their variants.
    site = await startMasthead({ engine: 'sqlite', env });
    await waitUntil(
      async () => {
        const pending = await store.db
          .selectFrom('jobs')
          .select('id')
          .where('kind', '=', 'media.variants')
          .where('state', 'in', ['queued', 'running'])
          .execute();
        return pending.length === 0;
      },
      60_000,
      "the server to make the imported images' variants",
    );
    expect(await mediaNotReady()).toEqual([]);
    checked = await pageReady;
  });
  afterAll(async () => {
    await checked?.close();
    await browser?.close();
    await site?.stop();
    await store?.close();
    await images?.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** The imported story's slug, looked up in the migration ledger by its id at the source. */
  const slugOf = async (source: string, sourceId: string) =>
    (
      await store.db
        .selectFrom('migration_items')
        .innerJoin('articles', 'articles.id', 'migration_items.target_id')
        .select('articles.slug')
        .where('migration_items.kind', '=', 'story')
        .where('migration_items.source', 'like', `${source} %`)
        .where('migration_items.source_id', '=', sourceId)
        .executeTakeFirstOrThrow()
    ).slug;

  /** Scrolls each image into view (they load lazily) and waits until every one has decoded pixels. */
  const expectLoaded = async (images: Locator) => {
    for (const image of await images.all()) await image.scrollIntoViewIfNeeded();
    await expect
      .poll(() => images.evaluateAll((all: HTMLImageElement[]) => all.filter((img) => !(img.complete && img.naturalWidth > 0)).length), {
        timeout: 5_000,
      })
      .toBe(0);
  };

  const open = async (pathname: string) => {
    clearProblems(checked.problems);
    const response = await checked.page.goto(`${site.url}${pathname}`, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    return checked.page;
  };

  it('shows a WordPress [caption] as a figure with its caption and a loaded image, with nothing for axe to find', async () => {
    const page = await open(`/${await slugOf('wordpress', WORDPRESS_CAPTION_STORY)}`);
    const figure = page.locator('figure.body-figure', {
      has: page.locator('figcaption', { hasText: 'Look at 580x300 getting some caption love.' }),
    });
    expect(await figure.count()).toBe(1);
    expect(await figure.locator('img').getAttribute('alt')).toBe('Image Alignment 580x300');
    await expectLoaded(page.locator('.article-body figure.body-figure img'));
    expect(await axeViolationsInBothSchemes(page)).toEqual([]);
    expectCleanPage(checked.problems);
  });

  it('shows a WordPress [gallery] as a grid of captioned pictures, every one loaded, with nothing for axe to find', async () => {
    const slug = await slugOf('wordpress', WORDPRESS_GALLERY_STORY);
    const stored = await store.db.selectFrom('articles').select('body').where('slug', '=', slug).executeTakeFirstOrThrow();
    const galleries = (JSON.parse(stored.body) as DocumentNode).content.filter((node): node is GalleryNode => node.type === 'gallery');
    expect(galleries.length).toBeGreaterThan(0);
    const firstImages = galleries[0]!.attrs.images;
    expect(firstImages.length).toBeGreaterThan(1);

    const library = new Map(
      (
        await store.db
          .selectFrom('media')
          .select(['id', 'alt', 'caption'])
          .where(
            'id',
            'in',
            firstImages.map((use) => use.mediaId),
          )
          .execute()
      ).map((row) => [row.id, row]),
    );
    // What the story says for this use, else what the library holds (render/blocks/media-blocks.ts).
    const expected = firstImages.map((use) => ({
      alt: use.alt?.trim() || library.get(use.mediaId)!.alt,
      caption: use.caption?.trim() || library.get(use.mediaId)!.caption || null,
    }));

    const page = await open(`/${slug}`);
    const items = page.locator('.article-body figure.gallery').first().locator(':scope > ul.gallery-grid > li > figure.gallery-item');
    const shown = await items.evaluateAll((figures) =>
      figures.map((figure) => ({
        alt: figure.querySelector('img')?.getAttribute('alt') ?? null,
        caption: figure.querySelector('figcaption .caption')?.textContent?.trim() ?? null,
      })),
    );
    expect(shown).toEqual(expected);
    expect(shown).toContainEqual({ alt: 'Bell on Wharf', caption: 'Bell on wharf in San Francisco' });
    await expectLoaded(items.locator('img'));
    expect(await axeViolationsInBothSchemes(page)).toEqual([]);
    expectCleanPage(checked.problems);
  });

  it('shows the Ghost story with its lead image and its alt text, with nothing for axe to find', async () => {
    const page = await open(`/${await slugOf('ghost', GHOST_STORY_ID)}`);
    const lead = page.locator('figure.story-figure img');
    expect(await lead.getAttribute('alt')).toBe('A ferry at the pier at dusk (generated placeholder image)');
    await expectLoaded(lead);
    expect(await axeViolationsInBothSchemes(page)).toEqual([]);
    expectCleanPage(checked.problems);
  });

  it('answers each old address with a 301 to the new home', async () => {
    const captionStory = `/${await slugOf('wordpress', WORDPRESS_CAPTION_STORY)}`;
    const ghostStory = `/${await slugOf('ghost', GHOST_STORY_ID)}`;
    const oldAddresses: Array<[string, string]> = [
      // WordPress: the item's <link>, its ?p=ID, and a category it was filed in.
      ['/2013/01/10/markup-image-alignment/', captionStory],
      [`/?p=${WORDPRESS_CAPTION_STORY}`, captionStory],
      ['/category/markup/', '/section/markup'],
      // Ghost: the story's own URL there (Ghost ends its paths with a slash), and a rule
      // of its redirects file that pointed at that URL.
      ['/night-ferry-trial-approved/', ghostStory],
      ['/2019/05/old-ferry-story/', ghostStory],
    ];
    const answers = await Promise.all(
      oldAddresses.map(async ([oldPath]) => {
        const answer = await httpRequest({ url: `${site.url}${oldPath}` });
        return [oldPath, answer.status, answer.headers.location];
      }),
    );
    expect(answers).toEqual(oldAddresses.map(([oldPath, home]) => [oldPath, 301, home]));
  });

  it('takes a reader who follows an old link to the story', async () => {
    for (const [oldPath, source, sourceId] of [
      ['/2013/01/10/markup-image-alignment/', 'wordpress', WORDPRESS_CAPTION_STORY],
      ['/2019/05/old-ferry-story/', 'ghost', GHOST_STORY_ID],
    ] as const) {
      const page = await open(oldPath);
      expect(new URL(page.url()).pathname).toBe(`/${await slugOf(source, sourceId)}`);
    }
    expectCleanPage(checked.problems);
  });
});
