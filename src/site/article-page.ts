import { ALL_LIST_KEY, cacheKeys } from '../content/cache-keys.js';
import { documentMediaIds, type DocumentNode } from '../content/document.js';
import { imageView } from '../media/image-view.js';
import { renderDocumentHtml } from '../render/blocks/document-html.js';
import { firstParagraphText } from '../render/blocks/document-text.js';
import type { BodyMedia } from '../render/blocks/media-blocks.js';
import { buildArticleMeta } from '../render/html/meta.js';
import { renderArticlePage, renderBodyFragment } from '../render/html/pages.js';
import { renderStaticPage, staticPageMeta, type StaticPageView } from '../render/html/static-page.js';
import type { ArticleView, NoteView } from '../render/html/view-model.js';
import type { Db } from '../store/store.js';
import { findMediaByIds } from '../store/media/media-lookup.js';
import { findPublishedPage } from '../store/pages/page-repository.js';
import { loadCards } from '../store/stories/story-cards.js';
import {
  autoRelatedIds,
  findArticleById,
  findRedirectTarget,
  findVisibleArticle,
  loadArticleExtras,
  loadNotes,
} from '../store/stories/visible-stories.js';
import type { PageResult, ReaderDeps } from './page-result.js';
import { BRIEFS_COUNT, LATEST_COUNT } from './shared-lists.js';
import { briefView, cardView, readDocument, relatedView } from '../render/html/story-views.js';
import { liveCoverageView } from '../live/live-views.js';

// The article page (SPEC §5) and the fragment "Keep reading" unfolds.

export const RELATED_COUNT = 3;

async function findArticle(deps: ReaderDeps, slug: string) {
  const article = await findVisibleArticle(deps.db, slug, deps.now);
  if (article) return { article } as const;
  const target = await findRedirectTarget(deps.db, slug, deps.now);
  return target ? ({ redirect: target } as const) : null;
}

export async function articlePage(deps: ReaderDeps, slug: string): Promise<PageResult> {
  const found = await findArticle(deps, slug);
  // Static pages share the stories' namespace; a story (or its old slug) comes first.
  if (!found) return staticPage(deps, slug);
  if ('redirect' in found) return { type: 'redirect', status: 301, location: `/${found.redirect}` };
  return { type: 'html', status: 200, html: await renderArticle(deps, found.article, { preview: false }) };
}

/** A private preview of any story, drafts included; never cached, never indexed. */
export async function articlePreview(deps: ReaderDeps, articleId: number): Promise<string | null> {
  const article = await findArticleById(deps.db, articleId);
  return article ? renderArticle(deps, article, { preview: true }) : null;
}

type ArticleRow = NonNullable<Awaited<ReturnType<typeof findArticleById>>>;

async function renderArticle(deps: ReaderDeps, article: ArticleRow, { preview }: { preview: boolean }): Promise<string> {
  const { db, basics, now } = deps;

  const body = readDocument(article.body);
  const [extras, bodyMedia] = await Promise.all([loadArticleExtras(db, article.id), loadBodyMedia(db, body)]);
  const manual = extras.manualRelatedIds.filter((id) => id !== article.id);
  const [auto, { latestIds, briefIds }] = await Promise.all([
    // Ranked when stories are written (store/stories/auto-related.ts), not per render.
    autoRelatedIds(db, { articleId: article.id, exclude: manual, limit: RELATED_COUNT, now }),
    deps.sharedLists(),
  ]);
  // One batch of cards for the story itself and everything listed around it.
  const shownIds = [...new Set([article.id, ...manual, ...auto, ...latestIds, ...briefIds])];
  const cards = await loadCards(db, shownIds, now, preview ? { unpublishedId: article.id } : {});
  // Cards asked for, not only those found: a manual pick that comes back must show again.
  deps.dependsOn(
    cacheKeys.story(article.id),
    ...shownIds.map(cacheKeys.card),
    ALL_LIST_KEY,
    ...(basics.briefsSection ? [cacheKeys.list('section', basics.briefsSection.slug)] : []),
    // The automatic related stories are ranked on write: a write that re-ranks this story
    // records its story key (editorial/reader-impact.ts).
  );
  const card = new Map(cards.map((c) => [c.article.id, c]));
  const self = card.get(article.id);
  const pick = (ids: number[]) => ids.filter((id) => id !== article.id).flatMap((id) => card.get(id) ?? []);

  // Manual picks that are no longer visible drop out; automatic ones fill their place.
  const related = pick([...manual, ...auto]).slice(0, RELATED_COUNT);
  const selfView = self ? cardView(self, basics.formats) : null;
  const tags = extras.tags.map((t) => ({ label: t.name, href: `/tag/${t.slug}`, kind: t.kind }));
  const view: ArticleView = {
    href: `/${article.slug}`,
    url: `${basics.publication.siteUrl}/${article.slug}`,
    slug: article.slug,
    title: article.title,
    dek: article.dek || null,
    excerpt: selfView?.excerpt ?? article.dek,
    kicker: selfView?.kicker ?? { format: null, sections: [] },
    schemaType: (article.format_id !== null && basics.formats.get(article.format_id)?.schemaType) || 'NewsArticle',
    authors: selfView?.authors ?? [],
    publishedAt: article.published_at ?? article.created_at,
    updatedAt: article.updated_at && article.updated_at > (article.published_at ?? '') ? article.updated_at : null,
    image: selfView?.image ?? null,
    bodyHtml: renderDocumentHtml(body, bodyMedia),
    notes: extras.notes.map(noteView),
    tags,
    topic: tags[0] ?? null,
    related: related.map((c) => relatedView(c, basics.formats)),
    latest: pick(latestIds)
      .slice(0, LATEST_COUNT)
      .map((c) => cardView(c, basics.formats)),
    live: await liveCoverageView(db, article, { src: deps.ctx.assets.liveUpdates, nonce: deps.ctx.nonce }),
    briefs: basics.briefsSection
      ? {
          section: { label: basics.briefsSection.name, href: `/section/${basics.briefsSection.slug}` },
          items: pick(briefIds).slice(0, BRIEFS_COUNT).map(briefView),
        }
      : null,
  };
  const meta = buildArticleMeta(basics.publication, view);
  return renderArticlePage(deps.ctx, preview ? { ...meta, noindex: true } : meta, view);
}

export async function articleBodyFragment(deps: ReaderDeps, slug: string): Promise<PageResult> {
  const found = await findArticle(deps, slug);
  if (!found) return notFound();
  if ('redirect' in found) return { type: 'redirect', status: 301, location: `/${found.redirect}/body` };
  deps.dependsOn(cacheKeys.story(found.article.id));
  const body = readDocument(found.article.body);
  const [notes, bodyMedia] = await Promise.all([loadNotes(deps.db, found.article.id), loadBodyMedia(deps.db, body)]);
  const html = renderBodyFragment(
    {
      bodyHtml: renderDocumentHtml(body, bodyMedia),
      notes: notes.map(noteView),
    },
    deps.basics.publication,
  );
  return { type: 'html', status: 200, html };
}

async function staticPage(deps: ReaderDeps, slug: string): Promise<PageResult> {
  const page = await findPublishedPage(deps.db, slug);
  if (!page) return notFound();
  const body = readDocument(page.body);
  const view: StaticPageView = {
    slug: page.slug,
    title: page.title,
    bodyHtml: renderDocumentHtml(body, await loadBodyMedia(deps.db, body)),
    description: page.seo_description,
    bodyText: firstParagraphText(body),
    updatedAt: page.updated_at,
  };
  return { type: 'html', status: 200, html: renderStaticPage(deps.ctx, staticPageMeta(deps.basics.publication, view), view) };
}

/** The library images a body shows: one query, and none for a body without images. */
async function loadBodyMedia(db: Db, body: DocumentNode): Promise<BodyMedia> {
  const rows = await findMediaByIds(db, documentMediaIds(body));
  return new Map(
    rows.flatMap((row) => {
      const view = imageView(row);
      return view ? [[row.id, view] as const] : [];
    }),
  );
}

const noteView = (n: { kind: NoteView['kind']; at: string; note: string }): NoteView => ({ kind: n.kind, at: n.at, text: n.note });

export function notFound(): Extract<PageResult, { type: 'error' }> {
  return {
    type: 'error',
    status: 404,
    title: 'Page not found',
    message: 'We could not find that page. It may have moved, or the address may be mistyped.',
  };
}
