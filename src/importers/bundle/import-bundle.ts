import { createHash } from 'node:crypto';
import { readFile, realpath, rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { DEFAULT_FORMATS } from '../../content/formats.js';
import { inspectImage, processImage, removeImageFiles, type ProcessedImage } from '../../media/image-variants.js';
import { loadBundleState, type ArticleRecord, type BundleState, type MediaRecord } from '../../store/publication/bundle-repository.js';
import { applyImportPlan, type ImportPlan } from '../../store/publication/bundle-writer.js';
import type { Store } from '../../store/store.js';
import { htmlToDocument } from '../rich-text/html-to-document.js';
import { markdownToDocument } from '../rich-text/markdown-to-document.js';
import type { Bundle, BundleArticle, BundleMedia } from './bundle-schema.js';
import { sameRecord } from './same-record.js';
import { liveRecord } from './live-bundle.js';
import { validateBundle } from './validate-bundle.js';
import { mapConcurrently } from '../../media/map-concurrently.js';
import { moveIntoLibrary, openScratch, sweepAbandonedScratch } from './media-scratch.js';

// Import is validate-everything, then write-once: problems are collected from the whole
// bundle (shape, references, files) before a single row or file is written.

export interface ImportReport {
  /** "created article walk-away-talks", one per created or updated item. */
  lines: string[];
  created: number;
  updated: number;
  unchanged: number;
}

export type ImportResult = { ok: true; report: ImportReport } | { ok: false; problems: string[] };

interface Options {
  store: Store;
  file: string;
  mediaDir: string;
  now?: Date;
}

export async function importBundle({ store, file, mediaDir, now = new Date() }: Options): Promise<ImportResult> {
  const { db } = store;
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    return { ok: false, problems: [`(bundle): cannot read ${path.basename(file)} as JSON: ${(error as Error).message}`] };
  }
  const state = await loadBundleState(db);
  // An import killed earlier may have left encoded images behind; its rows never committed.
  await sweepAbandonedScratch(mediaDir, new Set([...state.media.values()].map((m) => m.file_stem)));
  const known = {
    formats: new Set([...state.formats.keys(), ...DEFAULT_FORMATS.map((f) => f.slug)]),
    sections: new Set(state.sections.keys()),
    tags: new Set(state.tags.keys()),
    authors: new Set(state.authors.keys()),
    media: new Set(state.media.keys()),
    articles: new Set(state.articles.keys()),
  };
  const { bundle, problems } = validateBundle(raw, known);
  const files = await readMediaFiles(bundle, path.dirname(path.resolve(file)));
  problems.push(...files.problems);
  if (problems.length) return { ok: false, problems };

  const report: ImportReport = { lines: [], created: 0, updated: 0, unchanged: 0 };
  const plan = planChanges(bundle, state, report, now);
  const processed: ProcessedImage[] = [];
  const scratch = await openScratch(mediaDir);
  try {
    plan.media = await planMedia(bundle, state, files.buffers, scratch, processed, report, now);
    // Nothing changed: write nothing, so page caches keep their pages.
    if (report.created + report.updated > 0) {
      await moveIntoLibrary(scratch, mediaDir, processed);
      await applyImportPlan(store, plan);
      await store.dialect.analyze(db);
    }
  } catch (error) {
    await Promise.all(processed.map((image) => removeImageFiles(mediaDir, image)));
    throw error;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return { ok: true, report };
}

async function readMediaFiles(bundle: Bundle, root: string) {
  const problems: string[] = [];
  const buffers = new Map<string, Buffer>();
  const realRoot = await realpath(root);
  await Promise.all(
    bundle.media.map(async (media, i) => {
      const at = `media[${i}].file`;
      const resolved = path.resolve(root, media.file);
      const inside = (p: string, base: string) => !path.relative(base, p).startsWith('..') && !path.isAbsolute(path.relative(base, p));
      if (path.isAbsolute(media.file) || !inside(resolved, root)) return void problems.push(`${at}: must stay inside the bundle's folder`);
      try {
        // A symlink inside the folder may still point outside it.
        if (!inside(await realpath(resolved), realRoot)) return void problems.push(`${at}: must stay inside the bundle's folder`);
        const buffer = await readFile(resolved);
        await inspectImage(buffer);
        buffers.set(media.id, buffer);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        problems.push(`${at}: ${code === 'ENOENT' ? `file "${media.file}" not found` : (error as Error).message}`);
      }
    }),
  );
  return { problems: problems.sort(), buffers };
}

function count(report: ImportReport, kind: 'created' | 'updated' | 'unchanged', type: string, key: string) {
  report[kind] += 1;
  if (kind !== 'unchanged') report.lines.push(`${kind} ${type} ${key}`);
}

/** Keeps the items that differ from what is stored, counting each outcome. */
function changed<T extends object>(items: T[], stored: Map<string, T>, key: (item: T) => string, type: string, report: ImportReport): T[] {
  return items.filter((item) => {
    const existing = stored.get(key(item));
    const kind = !existing ? 'created' : sameRecord(existing, item) ? 'unchanged' : 'updated';
    count(report, kind, type, key(item));
    return kind !== 'unchanged';
  });
}

function planChanges(bundle: Bundle, state: BundleState, report: ImportReport, now: Date): ImportPlan {
  const publication = bundle.publication
    ? { ...bundle.publication, social: JSON.stringify(bundle.publication.social) }
    : (state.publication ?? {
        name: 'Untitled publication',
        tagline: '',
        time_zone: 'UTC',
        locale: 'en-US',
        newsletter_pitch: '',
        social: '[]',
      });
  const publicationChanged = !state.publication || !sameRecord(state.publication, publication);
  count(report, !state.publication ? 'created' : publicationChanged ? 'updated' : 'unchanged', 'publication', publication.name);

  // A publication starts with the five default formats (SPEC §3).
  const missingDefaults = DEFAULT_FORMATS.filter((f) => !state.formats.has(f.slug) && !bundle.formats.some((b) => b.slug === f.slug)).map(
    (f) => ({ slug: f.slug, name: f.name, schema_type: f.schemaType }),
  );
  for (const format of missingDefaults) count(report, 'created', 'format', format.slug);
  const startPosition = state.sections.size;
  return {
    publication: publicationChanged ? publication : null,
    formats: [...missingDefaults, ...changed(bundle.formats, state.formats, (f) => f.slug, 'format', report)],
    sections: changed(bundle.sections, state.sections, (s) => s.slug, 'section', report).map((s) => ({
      ...s,
      position: state.sections.has(s.slug) ? [...state.sections.keys()].indexOf(s.slug) : startPosition + bundle.sections.indexOf(s),
    })),
    tags: changed(bundle.tags, state.tags, (t) => t.slug, 'tag', report),
    authors: changed(
      bundle.authors.map((a) => ({ slug: a.slug, name: a.name, bio: a.bio, image: a.image ?? null })),
      state.authors,
      (a) => a.slug,
      'author',
      report,
    ),
    articles: changed(bundle.articles.map(articleRecord), state.articles, (a) => a.slug, 'article', report),
    media: [],
    now: now.toISOString(),
  };
}

const iso = (value: string | undefined) => (value ? new Date(value).toISOString() : null);

export function articleRecord(article: BundleArticle): ArticleRecord {
  const document = article.body.format === 'markdown' ? markdownToDocument(article.body.source) : htmlToDocument(article.body.source);
  return {
    slug: article.slug,
    title: article.title,
    dek: article.dek,
    excerpt: article.excerpt ?? '',
    format: article.format ?? null,
    sections: article.sections,
    tags: article.tags,
    authors: article.authors,
    image: article.image ?? null,
    body: JSON.stringify(document),
    status: article.status,
    published_at: iso(article.published_at),
    updated_at: iso(article.updated_at),
    updates: article.updates.map((u) => ({ at: iso(u.at)!, kind: u.kind, note: u.note })).sort((a, b) => a.at.localeCompare(b.at)),
    related: article.related,
    previous_slugs: [...article.previous_slugs].sort(),
    ...(article.live && { live: liveRecord(article.live) }),
  };
}

async function planMedia(
  bundle: Bundle,
  state: BundleState,
  buffers: Map<string, Buffer>,
  mediaDir: string,
  processed: ProcessedImage[],
  report: ImportReport,
  now: Date,
): Promise<MediaRecord[]> {
  const out: MediaRecord[] = [];
  const toProcess: BundleMedia[] = [];
  for (const media of bundle.media) {
    const existing = state.media.get(media.id);
    const sha256 = createHash('sha256').update(buffers.get(media.id)!).digest('hex');
    if (existing && existing.sha256 === sha256) {
      const same = existing.alt === media.alt && existing.caption === media.caption && existing.credit === media.credit;
      count(report, same ? 'unchanged' : 'updated', 'media', media.id);
      if (!same) out.push({ ...existing, alt: media.alt, caption: media.caption, credit: media.credit });
    } else {
      toProcess.push(media);
    }
  }
  // Encoding variants is CPU-bound; one image per core keeps every core busy.
  const images = await mapConcurrently(toProcess, availableParallelism(), async (media) => {
    const image = await processImage(buffers.get(media.id)!, mediaDir);
    processed.push(image);
    return image;
  });
  toProcess.forEach((media, i) => {
    const image = images[i]!;
    const existing = state.media.get(media.id);
    count(report, existing ? 'updated' : 'created', 'media', media.id);
    out.push({
      key: media.id,
      file_stem: image.stem,
      original_ext: image.ext,
      mime: image.mime,
      width: image.width,
      height: image.height,
      sha256: image.sha256,
      alt: media.alt,
      caption: media.caption,
      credit: media.credit,
      variants: JSON.stringify(image.variants),
      created_at: existing?.created_at ?? now.toISOString(),
    });
  });
  return out;
}
