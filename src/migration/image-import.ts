import { createHash } from 'node:crypto';
import { inspectImage, removeImageFiles, storeOriginal, UnsupportedImageError } from '../media/image-variants.js';
import { mapConcurrently } from '../media/map-concurrently.js';
import { enqueueJob } from '../store/jobs/job-repository.js';
import { insertUploadedMedia } from '../store/media/media-repository.js';
import type { LedgerEntry, MigrationItem } from '../store/migration/migration-items.js';
import { mediaCredited, type Trx } from '../store/migration/migration-writer.js';
import { findImage, withoutSizeSuffix, type ImageSources } from './media-intake.js';
import type { MigrationReport } from './migration-report.js';
import type { SourceImage } from './source-model.js';

// The images of one migration: each URL a source names becomes one library item (or a
// miss in the report), once, whichever resized copy or URL form a story used. The bytes
// are stored first, outside the transaction; the rows follow in one transaction per
// batch, and a batch that fails takes its files with it. Variants are made by the
// media.variants job, as for uploads, so an import never waits on image encoding.

/** What the media library takes; other attachments (audio, video, PDFs) are counted, not imported. */
const IMAGE_FILE = /\.(jpe?g|png|gif|webp|avif)$/i;

/** A URL's key as written: on the old site its path, elsewhere the whole URL, without query or fragment. */
export function imageKey(url: string, baseUrl: string | null): string {
  try {
    const parsed = new URL(url, baseUrl ?? 'http://old.invalid');
    parsed.hash = '';
    parsed.search = '';
    const onOldSite = !baseUrl || parsed.origin === new URL(baseUrl).origin || parsed.hostname === 'old.invalid';
    return onOldSite ? parsed.pathname : parsed.href;
  } catch {
    return url;
  }
}

/**
 * The original a resized copy was made from: WordPress's "photo-300x200.jpg", Ghost's
 * "/content/images/size/w600/…". Only used when no attachment has the URL as written, as
 * a file may be named "poster-1200x400.jpg" on purpose.
 */
export function originalOf(key: string): string {
  return withoutSizeSuffix(key).replace(/\/content\/images\/size\/w\d+(?:h\d+)?\//, '/content/images/');
}

export interface ImageImportDeps {
  source: string;
  baseUrl: string | null;
  mediaDir: string;
  dryRun: boolean;
  now: string;
  report: MigrationReport;
  sources: ImageSources;
  /** The run's database handle (a dry run's open transaction). */
  exec: () => Trx;
  transaction<T>(work: (trx: Trx) => Promise<T>): Promise<T>;
  ledger(ids: string[]): Promise<Map<string, MigrationItem>>;
  record(trx: Trx, entry: Omit<LedgerEntry, 'source' | 'kind' | 'now'>): Promise<void>;
}

const fingerprint = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

export class ImageImport {
  /** imageKey → library id, or null when the image could not be found. */
  private readonly ids = new Map<string, number | null>();
  private readonly credited = new Map<number, boolean>();
  /** What the source says of each image (alt, caption, credit), by imageKey. */
  private readonly described = new Map<string, SourceImage>();

  constructor(private readonly deps: ImageImportDeps) {}

  /** One key per image: the URL as written when the source describes it, else its original's. */
  private key(url: string): string {
    const written = imageKey(url, this.deps.baseUrl);
    if (this.described.has(written)) return written;
    const original = originalOf(written);
    return this.described.has(original) || this.ids.has(original) ? original : written;
  }

  /** The library id of the image at this URL, once `ensure` has seen it; null if it is missing. */
  idFor = (url: string): number | null => this.ids.get(this.key(url)) ?? null;

  /** False when the item has no photo credit; undefined when unknown. */
  hasCredit(id: number): boolean | undefined {
    return this.credited.get(id);
  }

  /** Attachments and lead images: the source's alt, caption and credit for that URL. */
  describe(image: SourceImage): void {
    this.described.set(imageKey(image.url, this.deps.baseUrl), image);
  }

  /** A source's attachments: images become library items, the rest are counted. */
  async attachments(all: SourceImage[]): Promise<void> {
    const images = all.filter((image) => IMAGE_FILE.test(new URL(image.url, 'http://old.invalid').pathname));
    if (images.length < all.length) {
      this.deps.report.notImportedCount('attachments that are not images (audio, video, documents)', all.length - images.length);
    }
    for (const image of images) this.describe(image);
    await this.ensure(images.map((i) => i.url));
  }

  /** Makes sure each URL has a library item (imported now, or by an earlier run), recording misses. */
  async ensure(urls: string[]): Promise<void> {
    const { report } = this.deps;
    const keys = [...new Set(urls.map((url) => this.key(url)))];
    const unknown = keys.filter((key) => !this.ids.has(key));
    if (!unknown.length) return;
    const known = await this.deps.ledger(unknown);
    for (const [id, credited] of await mediaCredited(
      this.deps.exec(),
      [...known.values()].map((k) => k.target_id),
    )) {
      this.credited.set(id, credited);
    }
    const toFetch: string[] = [];
    for (const key of unknown) {
      const existing = known.get(key);
      // An item deleted in the library since is imported again.
      if (existing && this.credited.has(existing.target_id)) {
        this.ids.set(key, existing.target_id);
        report.add('media', 'unchanged', key, `media ${existing.target_id}`);
      } else toFetch.push(key);
    }
    const found = await mapConcurrently(toFetch, 4, (key) => this.fetch(key));
    const stored = found.flatMap((f) => (f.stored && f.stored.stem !== 'dry-run' ? [f.stored] : []));
    try {
      await this.deps.transaction(async (trx) => {
        for (const item of found) await this.write(trx, item);
      });
    } catch (error) {
      await Promise.all(stored.map((image) => removeImageFiles(this.deps.mediaDir, { ...image, variants: [] })));
      throw error;
    }
  }

  private async fetch(key: string) {
    const meta = this.described.get(key);
    const image = await findImage(meta?.url ?? key, this.deps.sources);
    if (!image.ok) return { key, meta, image, stored: null };
    try {
      const stored = this.deps.dryRun
        ? { ...(await inspectImage(image.bytes)), stem: 'dry-run', sha256: '' }
        : await storeOriginal(image.bytes, this.deps.mediaDir);
      return { key, meta, image, stored };
    } catch (error) {
      const reason = error instanceof UnsupportedImageError ? `not an accepted image (${error.message})` : (error as Error).message;
      return { key, meta, image: { ok: false as const, reason }, stored: null };
    }
  }

  private async write(trx: Trx, { key, meta, image, stored }: Awaited<ReturnType<ImageImport['fetch']>>): Promise<void> {
    const { report } = this.deps;
    if (!image.ok || !stored) {
      const reason = image.ok ? 'unreadable' : image.reason;
      this.ids.set(key, null);
      report.missingImage(key, reason, null);
      report.add('media', 'skipped', key, reason);
      return;
    }
    const id = await insertUploadedMedia(trx, {
      key: `import-${createHash('sha256').update(`${this.deps.source} ${key}`).digest('hex').slice(0, 16)}`,
      fileStem: stored.stem,
      ext: stored.ext,
      mime: stored.mime,
      width: stored.width,
      height: stored.height,
      sha256: stored.sha256,
      alt: meta?.alt ?? '',
      caption: meta?.caption ?? '',
      credit: meta?.credit ?? '',
      originalName: image.name.slice(0, 200),
      byteSize: image.bytes.length,
      uploadedBy: null,
      now: this.deps.now,
    });
    await enqueueJob(trx, {
      kind: 'media.variants',
      payload: { media_id: id },
      runAt: new Date(this.deps.now),
      dedupeKey: `media:variants:${id}`,
    });
    await this.deps.record(trx, {
      sourceId: key,
      targetId: id,
      fingerprint: fingerprint(meta ?? key),
      flags: meta?.credit ? [] : ['missing-credit'],
    });
    this.ids.set(key, id);
    this.credited.set(id, !!meta?.credit);
    report.add('media', 'created', key, `media ${id}`);
  }
}
