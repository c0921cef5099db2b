import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { renderDocumentHtml } from '../../render/blocks/document-html.js';
import { parseDocument } from '../../content/parse-document.js';
import { loadBundleState } from '../../store/publication/bundle-repository.js';
import type { Db } from '../../store/store.js';
import type { Bundle } from './bundle-schema.js';
import { exportLive } from './live-bundle.js';

// Writes the whole publication as a content bundle (SPEC §3) plus its original images,
// in a shape `import` reads back to the same pages. Bodies are exported as HTML.

export async function exportBundle({
  db,
  dir,
  mediaDir,
}: {
  db: Db;
  dir: string;
  mediaDir: string;
}): Promise<{ file: string; counts: Record<string, number> }> {
  const state = await loadBundleState(db);
  await mkdir(path.join(dir, 'images'), { recursive: true });
  const media: Bundle['media'] = [];
  for (const m of state.media.values()) {
    const file = `images/${m.key}.${m.original_ext}`;
    await copyFile(path.join(mediaDir, m.file_stem.slice(0, 2), `${m.file_stem}.orig.${m.original_ext}`), path.join(dir, file));
    media.push({ id: m.key, file, alt: m.alt, caption: m.caption, credit: m.credit });
  }
  const publication = state.publication;
  const bundle = {
    ...(publication
      ? {
          publication: {
            name: publication.name,
            tagline: publication.tagline,
            social: JSON.parse(publication.social) as Array<{ network: string; url: string }>,
            time_zone: publication.time_zone,
            locale: publication.locale,
            newsletter_pitch: publication.newsletter_pitch,
          },
        }
      : {}),
    formats: [...state.formats.values()],
    sections: [...state.sections.values()],
    tags: [...state.tags.values()],
    authors: [...state.authors.values()].map(({ image, ...a }) => (image ? { ...a, image } : a)),
    media,
    articles: [...state.articles.values()].map((a) => ({
      slug: a.slug,
      title: a.title,
      dek: a.dek,
      ...(a.format ? { format: a.format } : {}),
      sections: a.sections,
      tags: a.tags,
      authors: a.authors,
      ...(a.image ? { image: a.image } : {}),
      body: { format: 'html', source: renderDocumentHtml(parseDocument(JSON.parse(a.body))) },
      ...(a.excerpt ? { excerpt: a.excerpt } : {}),
      status: a.status,
      ...(a.published_at ? { published_at: a.published_at } : {}),
      ...(a.updated_at ? { updated_at: a.updated_at } : {}),
      updates: a.updates,
      related: a.related,
      previous_slugs: a.previous_slugs,
      ...(a.live ? { live: exportLive(a.live) } : {}),
    })),
  };
  const file = path.join(dir, 'bundle.json');
  await writeFile(file, JSON.stringify(bundle, null, 2) + '\n');
  return {
    file,
    counts: {
      formats: bundle.formats.length,
      sections: bundle.sections.length,
      tags: bundle.tags.length,
      authors: bundle.authors.length,
      media: media.length,
      articles: bundle.articles.length,
    },
  };
}
