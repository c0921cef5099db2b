import { z } from 'zod';
import { parseDocument } from '../../content/parse-document.js';
import { SLUG_MAX_LENGTH, SLUG_PATTERN } from '../../content/slug.js';
import { renderDocumentHtml } from '../../render/blocks/document-html.js';
import type { LiveRecord } from '../../store/live/live-bundle.js';
import { htmlToDocument } from '../rich-text/html-to-document.js';
import { markdownToDocument } from '../rich-text/markdown-to-document.js';

// `articles[].live` in the content bundle (docs/content-bundle.md): a story's live
// coverage, its start and end and its entries. Optional: bundles without it import as
// before (the story then has no live coverage).

const slug = z.string().max(SLUG_MAX_LENGTH).regex(SLUG_PATTERN, 'must be lowercase words joined by hyphens');
const isoTime = z.string().datetime({ offset: true, message: 'must be an ISO-8601 date-time such as 2025-04-18T09:00:00Z' });

export const LiveEntryBundleSchema = z
  .object({
    at: isoTime,
    /** When the entry was last edited ("Updated …"). */
    updated_at: isoTime.optional(),
    author: slug.optional(),
    body: z.object({ format: z.enum(['markdown', 'html']), source: z.string().min(1).max(20_000) }).strict(),
    key_event: z.boolean().default(false),
    pinned: z.boolean().default(false),
  })
  .strict();

export const LiveBundleSchema = z
  .object({
    started_at: isoTime,
    ended_at: isoTime.optional(),
    entries: z.array(LiveEntryBundleSchema).max(2000).default([]),
  })
  .strict();

export type BundleLive = z.infer<typeof LiveBundleSchema>;

const iso = (value: string) => new Date(value).toISOString();

/** The bundle's live coverage as the store keeps it (bodies as documents), oldest entry first. */
export function liveRecord(live: BundleLive): LiveRecord {
  return {
    started_at: iso(live.started_at),
    ended_at: live.ended_at ? iso(live.ended_at) : null,
    entries: live.entries
      .map((e) => ({
        at: iso(e.at),
        edited_at: e.updated_at ? iso(e.updated_at) : null,
        author: e.author ?? null,
        body: JSON.stringify(e.body.format === 'markdown' ? markdownToDocument(e.body.source) : htmlToDocument(e.body.source)),
        key_event: e.key_event,
        pinned: e.pinned,
      }))
      .sort((a, b) => a.at.localeCompare(b.at)),
  };
}

/** The stored live coverage as the bundle writes it; bodies as HTML, like story bodies. */
export function exportLive(live: LiveRecord): BundleLive {
  return {
    started_at: live.started_at,
    ...(live.ended_at ? { ended_at: live.ended_at } : {}),
    entries: live.entries.map((e) => ({
      at: e.at,
      ...(e.edited_at ? { updated_at: e.edited_at } : {}),
      ...(e.author ? { author: e.author } : {}),
      body: { format: 'html' as const, source: renderDocumentHtml(parseDocument(JSON.parse(e.body))) },
      key_event: e.key_event,
      pinned: e.pinned,
    })),
  };
}
