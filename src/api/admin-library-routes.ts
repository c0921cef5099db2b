import type { FastifyInstance, FastifyRequest } from 'fastify';
import { can, type NewsroomAction } from '../content/policy.js';
import { slugify } from '../content/slug.js';
import { forbidden, NewsroomError, notFound } from '../editorial/newsroom-error.js';
import { acceptUpload } from '../media/media-upload.js';
import {
  deleteTaxonomy, findAuthor, findMediaByKey, findSection, findTag, insertAuthor, insertSection, insertTaxonomyTag, listAuthors,
  listMedia, listSections, listTags, mediaIdByKey, nextSectionPosition, slugExists, updateMediaFields, updateTaxonomy, type TaxonomyKind,
} from '../store/admin-api-repository.js';
import { actorOf } from './api-auth.js';
import { ApiError, badRequest, fromZod } from './api-errors.js';
import {
  AuthorPatchSchema, MediaFieldsSchema, MediaQuerySchema, NewAuthorSchema, NoQuerySchema, NewSectionSchema, NewTagSchema, PageQuerySchema, paging,
  SectionPatchSchema, TagPatchSchema,
} from './api-input.js';
import { mediaJson, pageJson } from './api-views.js';
import type { ApiContext } from './api-context.js';

// /api/admin/sections, /tags, /authors and /media. Sections, tags and authors are keyed
// by slug (their public key, as in the bundle); a slug is fixed once made, since links,
// feeds and bundles point at it.

/** Uploads: one file of at most 20 MB plus a few short text fields. */
export const UPLOAD_LIMITS = { fileSize: 20 * 1024 * 1024, files: 1, fields: 8, fieldSize: 10_000, parts: 10 };

const ONE: Record<TaxonomyKind, string> = { sections: 'section', tags: 'tag', authors: 'author' };

/** Sections, tags and authors are known by slug (as in the bundle); the row id stays inside. */
function view<T extends { id: number; slug: string }>(kind: TaxonomyKind, row: T | undefined, siteUrl: string) {
  if (!row) throw notFound(ONE[kind]);
  const { id: _id, ...rest } = row;
  return { ...rest, url: `${siteUrl}/${ONE[kind]}/${row.slug}` };
}

export function registerAdminLibraryRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const allow = (request: FastifyRequest, action: NewsroomAction) => {
    if (!can(actorOf(ctx.principal(request)), action)) throw forbidden();
  };
  const taken = async (kind: TaxonomyKind, slug: string) => {
    if (await slugExists(ctx.db, kind, slug)) throw new ApiError(409, 'SLUG_TAKEN', `slug: there is already a ${ONE[kind]} "${slug}"`, [{ field: 'slug', message: `already used by another ${ONE[kind]}` }]);
  };
  const imageId = async (key: string | null | undefined): Promise<number | null | undefined> => {
    if (key === undefined || key === null) return key;
    const id = await mediaIdByKey(ctx.db, key);
    if (id === undefined) throw badRequest('image', `no image "${key}" in the media library`);
    return id;
  };

  // Sections ---------------------------------------------------------------------------
  app.get('/sections', async (request) => {
    NoQuerySchema.parse(request.query);
    return { data: (await listSections(ctx.db)).map((row) => view('sections', row, ctx.siteUrl)) };
  });
  app.get<{ Params: { slug: string } }>('/sections/:slug', async (request) => {
    return view('sections', await findSection(ctx.db, request.params.slug), ctx.siteUrl);
  });
  app.post('/sections', async (request, reply) => {
    allow(request, 'taxonomy.manage');
    const input = NewSectionSchema.parse(request.body ?? {});
    await taken('sections', input.slug);
    await insertSection(ctx.db, { ...input, position: input.position ?? (await nextSectionPosition(ctx.db)) });
    return reply.code(201).send(view('sections', await findSection(ctx.db, input.slug), ctx.siteUrl));
  });
  app.patch<{ Params: { slug: string } }>('/sections/:slug', async (request) => {
    allow(request, 'taxonomy.manage');
    const patch = SectionPatchSchema.parse(request.body ?? {});
    if (!(await updateTaxonomy(ctx.db, ctx.dialect, 'sections', request.params.slug, patch))) throw notFound('section');
    return view('sections', await findSection(ctx.db, request.params.slug), ctx.siteUrl);
  });

  // Tags ---------------------------------------------------------------------------------
  app.get('/tags', async (request) => {
    const { page, perPage, offset } = paging(PageQuerySchema.parse(request.query));
    const { rows, total } = await listTags(ctx.db, { limit: perPage, offset });
    return pageJson(rows.map((row) => view('tags', row, ctx.siteUrl)), page, perPage, total);
  });
  app.get<{ Params: { slug: string } }>('/tags/:slug', async (request) => {
    return view('tags', await findTag(ctx.db, request.params.slug), ctx.siteUrl);
  });
  app.post('/tags', async (request, reply) => {
    allow(request, 'tag.create');
    const input = NewTagSchema.parse(request.body ?? {});
    const slug = input.slug ?? slugify(input.name);
    if (!slug) throw badRequest('name', 'needs at least one letter or digit to make a slug from');
    await taken('tags', slug);
    await insertTaxonomyTag(ctx.db, { slug, name: input.name, kind: input.kind });
    return reply.code(201).send(view('tags', await findTag(ctx.db, slug), ctx.siteUrl));
  });
  app.patch<{ Params: { slug: string } }>('/tags/:slug', async (request) => {
    allow(request, 'taxonomy.manage');
    const patch = TagPatchSchema.parse(request.body ?? {});
    if (!(await updateTaxonomy(ctx.db, ctx.dialect, 'tags', request.params.slug, patch))) throw notFound('tag');
    return view('tags', await findTag(ctx.db, request.params.slug), ctx.siteUrl);
  });

  // Authors (bylines; separate from staff accounts) --------------------------------------
  app.get('/authors', async (request) => {
    const { page, perPage, offset } = paging(PageQuerySchema.parse(request.query));
    const { rows, total } = await listAuthors(ctx.db, { limit: perPage, offset });
    return pageJson(rows.map((row) => view('authors', row, ctx.siteUrl)), page, perPage, total);
  });
  app.get<{ Params: { slug: string } }>('/authors/:slug', async (request) => {
    return view('authors', await findAuthor(ctx.db, request.params.slug), ctx.siteUrl);
  });
  app.post('/authors', async (request, reply) => {
    allow(request, 'taxonomy.manage');
    const input = NewAuthorSchema.parse(request.body ?? {});
    const image_id = (await imageId(input.image)) ?? null;
    await taken('authors', input.slug);
    await insertAuthor(ctx.db, { slug: input.slug, name: input.name, bio: input.bio, image_id });
    return reply.code(201).send(view('authors', await findAuthor(ctx.db, input.slug), ctx.siteUrl));
  });
  app.patch<{ Params: { slug: string } }>('/authors/:slug', async (request) => {
    allow(request, 'taxonomy.manage');
    const { image, ...patch } = AuthorPatchSchema.parse(request.body ?? {});
    const changes: Record<string, unknown> = { ...patch };
    if (image !== undefined) changes.image_id = await imageId(image);
    if (!(await updateTaxonomy(ctx.db, ctx.dialect, 'authors', request.params.slug, changes))) throw notFound('author');
    return view('authors', await findAuthor(ctx.db, request.params.slug), ctx.siteUrl);
  });

  for (const kind of ['sections', 'tags', 'authors'] as const) {
    app.delete<{ Params: { slug: string } }>(`/${kind}/:slug`, async (request, reply) => {
      allow(request, 'taxonomy.manage');
      const result = await deleteTaxonomy(ctx.db, kind, request.params.slug);
      if (result === 'missing') throw notFound(ONE[kind]);
      if (result !== 'deleted') {
        throw new NewsroomError(409, 'IN_USE', `This ${ONE[kind]} is still used ${result.inUse} time${result.inUse === 1 ? '' : 's'}; remove it from those first. Nothing was deleted.`, { uses: result.inUse });
      }
      return reply.code(204).send();
    });
  }

  // Media library ------------------------------------------------------------------------
  app.get('/media', async (request) => {
    const query = MediaQuerySchema.parse(request.query);
    const { page, perPage, offset } = paging(query);
    const { rows, total } = await listMedia(ctx.db, { text: query.q, limit: perPage, offset });
    return pageJson(rows.map((row) => mediaJson(row, ctx.siteUrl)), page, perPage, total);
  });
  app.get<{ Params: { key: string } }>('/media/:key', async (request) => {
    const media = await findMediaByKey(ctx.db, request.params.key);
    if (!media) throw notFound('image');
    return mediaJson(media, ctx.siteUrl);
  });
  app.patch<{ Params: { key: string } }>('/media/:key', async (request) => {
    allow(request, 'media.edit');
    const patch = MediaFieldsSchema.parse(request.body ?? {});
    if (!(await updateMediaFields(ctx.db, request.params.key, patch))) throw notFound('image');
    return mediaJson((await findMediaByKey(ctx.db, request.params.key))!, ctx.siteUrl);
  });

  app.post('/media', async (request, reply) => {
    allow(request, 'media.upload');
    if (!request.isMultipart()) throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Uploads must be multipart/form-data with a "file" field.');
    const fields: Record<string, string> = Object.create(null) as Record<string, string>;
    let file: { bytes: Buffer; name: string } | null = null;
    // Every part is read before anything is decided, so a bad field after the file still
    // means nothing is written.
    for await (const part of request.parts({ limits: UPLOAD_LIMITS })) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file') throw badRequest(part.fieldname, 'unknown file field; send the image as "file"');
        file = { bytes: await part.toBuffer(), name: part.filename ?? '' };
      } else {
        if (part.fieldname in fields) throw badRequest(part.fieldname, 'sent more than once');
        fields[part.fieldname] = typeof part.value === 'string' ? part.value : '';
      }
    }
    const parsed = MediaFieldsSchema.safeParse({ ...fields });
    if (!parsed.success) throw fromZod(parsed.error);
    if (!file || file.bytes.length === 0) throw badRequest('file', 'an image file is required');
    const principal = ctx.principal(request);
    // Answered once the original is stored; the variants follow from a job (status "processing" → "ready").
    const media = await acceptUpload(ctx, {
      bytes: file.bytes, originalName: file.name, alt: parsed.data.alt ?? '', caption: parsed.data.caption ?? '', credit: parsed.data.credit ?? '',
      uploadedBy: principal.kind === 'session' ? principal.staff.id : null,
    });
    const row = (await findMediaByKey(ctx.db, media.key))!;
    return reply.code(201).header('Location', `/api/admin/media/${media.key}`).send(mediaJson(row, ctx.siteUrl));
  });
}
