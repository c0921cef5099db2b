import type { Transaction } from 'kysely';
import { recordAudit } from '../audit/record-audit.js';
import type { DocumentNode } from '../content/document.js';
import type { PageInput, PageStatus } from '../content/page-input.js';
import { can, type Actor } from '../content/policy.js';
import { forbidden, NewsroomError, notFound } from '../editorial/newsroom-error.js';
import { deletePageRow, findPage, insertPageRow, rootSlugInUse, updatePageRow } from '../store/pages/page-repository.js';
import { recordSiteChange } from '../store/publication/content-version.js';
import type { Tables } from '../store/schema.js';
import type { Db } from '../store/store.js';
import { isUniqueViolation } from '../store/unique-slug.js';

// The one writer of static pages, for the newsroom, importers and any other door: one
// policy check, input already parsed by content/page-input.ts with its body converted to
// a document, one transaction per write that ends by bumping the content version (a
// page shows at its URL, in the footer of every page and in the sitemap).

export interface PagesContext {
  db: Db;
}

/** A page as the writer stores it: the parsed input, with the body as a document. */
export type PageWrite = Omit<PageInput, 'body_html'> & { body: DocumentNode };

export const pageSlugTaken = (slug: string) =>
  new NewsroomError(409, 'SLUG_TAKEN', `slug: "/${slug}" is already the address of a story or another page. Nothing was saved.`, [
    { field: 'slug', message: 'is already used by a story or another page' },
  ]);

function allow(actor: Actor): void {
  if (!can(actor, 'page.manage')) throw forbidden();
}

/** Runs a write whose slug must be free at the site root; a racing save the unique index refuses gets the same answer. */
async function withFreeSlug<T>(
  ctx: PagesContext,
  slug: string,
  exceptId: number | null,
  write: (trx: Transaction<Tables>) => Promise<T>,
): Promise<T> {
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      if (await rootSlugInUse(trx, slug, exceptId)) throw pageSlugTaken(slug);
      const result = await write(trx);
      await recordSiteChange(trx);
      return result;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw pageSlugTaken(slug);
    throw error;
  }
}

const firstPublished = (status: PageStatus, publishedAt: string | null, now: string) =>
  status === 'published' ? (publishedAt ?? now) : publishedAt;

export async function createPage(ctx: PagesContext, actor: Actor, page: PageWrite): Promise<number> {
  allow(actor);
  const now = new Date().toISOString();
  return withFreeSlug(ctx, page.slug, null, async (trx) =>
    recordNewPage(
      trx,
      page,
      await insertPageRow(trx, {
        slug: page.slug,
        title: page.title,
        body: JSON.stringify(page.body),
        status: page.status,
        footer_position: page.footer_position,
        seo_description: page.seo_description,
        published_at: firstPublished(page.status, null, now),
        updated_at: now,
        created_at: now,
      }),
    ),
  );
}

/** A page made live at once is a publish in the audit trail; a draft is not recorded. */
async function recordNewPage(trx: Db, page: PageWrite, id: number): Promise<number> {
  if (page.status === 'published') await recordAudit(trx, { action: 'page.published', target: { kind: 'page', id, label: page.title } });
  return id;
}

export async function updatePage(ctx: PagesContext, actor: Actor, id: number, page: PageWrite): Promise<void> {
  allow(actor);
  const now = new Date().toISOString();
  await withFreeSlug(ctx, page.slug, id, async (trx) => {
    const stored = await findPage(trx, id);
    if (!stored) throw notFound('page');
    await updatePageRow(trx, id, {
      slug: page.slug,
      title: page.title,
      body: JSON.stringify(page.body),
      status: page.status,
      footer_position: page.footer_position,
      seo_description: page.seo_description,
      published_at: firstPublished(page.status, stored.published_at, now),
      updated_at: now,
    });
    if (stored.status !== page.status)
      await recordAudit(trx, {
        action: page.status === 'published' ? 'page.published' : 'page.unpublished',
        target: { kind: 'page', id, label: page.title },
      });
  });
}

/** Publishing or taking down a page without touching the rest of it. */
export async function setPageStatus(ctx: PagesContext, actor: Actor, id: number, status: PageStatus): Promise<void> {
  allow(actor);
  const now = new Date().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const stored = await findPage(trx, id);
    if (!stored) throw notFound('page');
    await updatePageRow(trx, id, { status, published_at: firstPublished(status, stored.published_at, now), updated_at: now });
    await recordAudit(trx, {
      action: status === 'published' ? 'page.published' : 'page.unpublished',
      target: { kind: 'page', id, label: stored.title },
    });
    await recordSiteChange(trx);
  });
}

export async function deletePage(ctx: PagesContext, actor: Actor, id: number): Promise<void> {
  allow(actor);
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await deletePageRow(trx, id))) throw notFound('page');
    await recordAudit(trx, { action: 'page.deleted', target: { kind: 'page', id, label: '' } });
    await recordSiteChange(trx);
  });
}
