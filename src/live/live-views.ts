import { documentMediaIds, type DocumentNode } from '../content/document.js';
import { imageView } from '../media/image-view.js';
import { renderDocumentHtml } from '../render/blocks/document-html.js';
import { documentText } from '../render/blocks/document-text.js';
import type { BodyMedia } from '../render/blocks/media-blocks.js';
import type { LiveCoverageView, LiveEntryView } from '../render/html/live-coverage.js';
import { readDocument } from '../render/html/story-views.js';
import { summarize } from '../render/html/summarize.js';
import { latestEntryVersion, listLiveEntries, type LiveEntryRow } from '../store/live/live-entry-repository.js';
import { findMediaByIds } from '../store/media/media-lookup.js';
import type { Db } from '../store/store.js';

// Entries as readers see them: the page (site/article-page.ts) and the live feed
// (live-feed.ts) build them here, so a pushed entry is the page's entry.

const SUMMARY_LENGTH = 110;

export interface LiveStoryFacts {
  id: number;
  slug: string;
  live_started_at: string | null;
  live_ended_at: string | null;
}

async function bodyMedia(db: Db, docs: DocumentNode[]): Promise<BodyMedia> {
  const rows = await findMediaByIds(db, [...new Set(docs.flatMap(documentMediaIds))]);
  return new Map(
    rows.flatMap((row) => {
      const view = imageView(row);
      return view ? [[row.id, view] as const] : [];
    }),
  );
}

/** Pinned first, then newest first (the store gives newest first). */
export const pinnedFirst = <T extends { pinned: boolean }>(entries: T[]): T[] => [
  ...entries.filter((entry) => entry.pinned),
  ...entries.filter((entry) => !entry.pinned),
];

/** The views of these rows, bodies rendered with the library images they show (one query). */
export async function liveEntryViews(db: Db, rows: LiveEntryRow[]): Promise<Array<{ row: LiveEntryRow; view: LiveEntryView }>> {
  const docs = rows.map((row) => readDocument(row.body));
  const media = await bodyMedia(db, docs);
  return rows.map((row, index) => {
    const doc = docs[index]!;
    return {
      row,
      view: {
        id: row.id,
        bodyHtml: renderDocumentHtml(doc, media),
        publishedAt: row.createdAt,
        editedAt: row.editedAt,
        byline: row.authorSlug && row.authorName ? { label: row.authorName, href: `/author/${row.authorSlug}` } : null,
        keyEvent: row.keyEvent,
        pinned: row.pinned,
        summary: summarize(documentText(doc), SUMMARY_LENGTH),
        text: documentText(doc),
      },
    };
  });
}

export const liveFeedHref = (slug: string) => `/${slug}/live.json`;

/** The live section of a story's page; null for a story that was never live. */
export async function liveCoverageView(
  db: Db,
  story: LiveStoryFacts,
  script: { src: string | undefined; nonce: string },
): Promise<LiveCoverageView | null> {
  if (!story.live_started_at) return null;
  // The cursor first: an entry posted in between is then both shown and sent again by the
  // feed (readers' pages replace by id), never missed.
  const cursor = await latestEntryVersion(db, story.id);
  const rows = await listLiveEntries(db, story.id);
  const entries = await liveEntryViews(db, rows);
  const status = story.live_ended_at ? 'ended' : 'live';
  return {
    status,
    feedHref: liveFeedHref(story.slug),
    cursor: String(cursor),
    coverageStart: story.live_started_at,
    coverageEnd: story.live_ended_at,
    entries: pinnedFirst(entries.map((e) => e.view)),
    script: status === 'live' && script.src ? { src: script.src, nonce: script.nonce } : null,
  };
}
