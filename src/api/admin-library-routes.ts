import type { FastifyInstance, FastifyRequest } from 'fastify';
import { slugify } from '../content/slug.js';
import { can } from '../content/policy.js';
import { forbidden, NewsroomError, notFound } from '../editorial/newsroom-error.js';
import { updateMediaFields } from '../media/media-library.js';
import { acceptUpload } from '../media/media-upload.js';
import { findMediaByKey, listMedia } from '../store/media/media-lookup.js';
import {
  findAuthorWithImageBySlug as findAuthor,
  findSectionBySlug as findSection,
  findTagBySlug as findTag,
} from '../store/taxonomy/taxonomy-by-slug.js';
import {
  pageOfAuthors as listAuthors,
  pageOfTags as listTags,
  sectionsInOrder as listSections,
  type TaxonomyKind,
} from '../store/taxonomy/taxonomy-pages.js';
import { createAuthor, deleteAuthor, updateAuthor } from '../taxonomy/authors.js';
import { createSection, deleteSection, updateSection } from '../taxonomy/sections.js';
import { createTag, deleteTag, updateTag } from '../taxonomy/tags.js';
import { actorOf } from './api-auth.js';
import { ApiError, badRequest, fromZod } from './api-errors.js';
import {
  AuthorPatchSchema,
  MediaFieldsSchema,
  MediaQuerySchema,
  NewAuthorSchema,
  NoQuerySchema,
  NewSectionSchema,
  NewTagSchema,
  PageQuerySchema,
  paging,
  SectionPatchSchema,
  TagPatchSchema,
} from './api-input.js';
import { mediaJson, pageJson } from './api-views.js';
import type { ApiContext } from './api-context.js';

// /api/admin/sections, /tags, /authors and /media. Sections, tags and authors are keyed
// by slug (their public key, as in the bundle); a slug is fixed once made, since links,
// feeds and bundles point at it. Every write goes through the same services as the
// newsroom's (src/taxonomy/, src/media/), so the rules and refusals are the same.

/** Uploads: one file of at most 20 MB plus a few short text fields. */
export const UPLOAD_LIMITS = { fileSize: 20 * 1024 * 1024, files: 1, fields: 8, fieldSize: 10_000, parts: 10 };

const ONE: Record<TaxonomyKind, string> = { sections: 'section', tags: 'tag', authors: 'author' };

/** Sections, tags and authors are known by slug (as in the bundle); the row id stays inside. */
function view<T extends { id: number; slug: string }>(kind: TaxonomyKind, row: T | undefined, siteUrl: string) {
  if (!row) throw notFound(ONE[kind]);
  const { id: _id, ...rest } = row;
  return { ...rest, url: `${siteUrl}/${ONE[kind]}/${row.slug}` };
}

/** The API's `image` is the services' `portrait` ('' for none); undefined leaves it as it is. */
function withPortrait<T extends { image?: string | null | undefined }>({ image, ...rest }: T) {
  return image === undefined ? rest : { ...rest, portrait: image ?? '' };
}

/** Runs an author write, naming the portrait `image` in a refusal, as the request did. */
async function asApiAuthor<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!(error instanceof NewsroomError) || !Array.isArray(error.details)) throw error;
    const named = error.details as Array<{ field: string; message: string }>;
    if (!named.some((d) => d.field === 'portrait')) throw error;
    const details = named.map((d) => (d.field === 'portrait' ? { ...d, field: 'image' } : d));
    throw new ApiError(error.status, error.code, details.map((d) => `${d.field}: ${d.message}`).join('; '), details);
  }
}

export function registerAdminLibraryRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const actor = (request: FastifyRequest) => actorOf(ctx.principal(request));
  /** The row id behind a slug in the path; 404 when there is none. */
  const idOf = async <T extends { id: number }>(kind: TaxonomyKind, row: Promise<T | undefined>): Promise<number> => {
    const found = await row;
    if (!found) throw notFound(ONE[kind]);
    return found.id;
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
    const input = NewSectionSchema.parse(request.body ?? {});
    await createSection(ctx, actor(request), input);
    return reply.code(201).send(view('sections', await findSection(ctx.db, input.slug), ctx.siteUrl));
  });
  app.patch<{ Params: { slug: string } }>('/sections/:slug', async (request) => {
    const patch = SectionPatchSchema.parse(request.body ?? {});
    await updateSection(ctx, actor(request), await idOf('sections', findSection(ctx.db, request.params.slug)), patch);
    return view('sections', await findSection(ctx.db, request.params.slug), ctx.siteUrl);
  });

  // Tags ---------------------------------------------------------------------------------
  app.get('/tags', async (request) => {
    const { page, perPage, offset } = paging(PageQuerySchema.parse(request.query));
    const { rows, total } = await listTags(ctx.db, { limit: perPage, offset });
    return pageJson(
      rows.map((row) => view('tags', row, ctx.siteUrl)),
      page,
      perPage,
      total,
    );
  });
  app.get<{ Params: { slug: string } }>('/tags/:slug', async (request) => {
    return view('tags', await findTag(ctx.db, request.params.slug), ctx.siteUrl);
  });
  app.post('/tags', async (request, reply) => {
    const input = NewTagSchema.parse(request.body ?? {});
    const slug = input.slug ?? slugify(input.name);
    if (!slug) throw badRequest('name', 'needs at least one letter or digit to make a slug from');
    await createTag(ctx, actor(request), { ...input, slug });
    return reply.code(201).send(view('tags', await findTag(ctx.db, slug), ctx.siteUrl));
  });
  app.patch<{ Params: { slug: string } }>('/tags/:slug', async (request) => {
    const patch = TagPatchSchema.parse(request.body ?? {});
    await updateTag(ctx, actor(request), await idOf('tags', findTag(ctx.db, request.params.slug)), patch);
    return view('tags', await findTag(ctx.db, request.params.slug), ctx.siteUrl);
  });

  // Authors (bylines; separate from staff accounts) --------------------------------------
  app.get('/authors', async (request) => {
    const { page, perPage, offset } = paging(PageQuerySchema.parse(request.query));
    const { rows, total } = await listAuthors(ctx.db, { limit: perPage, offset });
    return pageJson(
      rows.map((row) => view('authors', row, ctx.siteUrl)),
      page,
      perPage,
      total,
    );
  });
  app.get<{ Params: { slug: string } }>('/authors/:slug', async (request) => {
    return view('authors', await findAuthor(ctx.db, request.params.slug), ctx.siteUrl);
  });
  app.post('/authors', async (request, reply) => {
    const input = NewAuthorSchema.parse(request.body ?? {});
    const { image, ...author } = input;
    await asApiAuthor(() => createAuthor(ctx, actor(request), { ...author, portrait: image ?? '' }));
    return reply.code(201).send(view('authors', await findAuthor(ctx.db, input.slug), ctx.siteUrl));
  });
  app.patch<{ Params: { slug: string } }>('/authors/:slug', async (request) => {
    const patch = AuthorPatchSchema.parse(request.body ?? {});
    const id = await idOf('authors', findAuthor(ctx.db, request.params.slug));
    await asApiAuthor(() => updateAuthor(ctx, actor(request), id, withPortrait(patch)));
    return view('authors', await findAuthor(ctx.db, request.params.slug), ctx.siteUrl);
  });

  // A tag leaves the stories it was on; a section or author that stories carry is a 409.
  app.delete<{ Params: { slug: string } }>('/sections/:slug', async (request, reply) => {
    await deleteSection(ctx, actor(request), await idOf('sections', findSection(ctx.db, request.params.slug)));
    return reply.code(204).send();
  });
  app.delete<{ Params: { slug: string } }>('/tags/:slug', async (request, reply) => {
    await deleteTag(ctx, actor(request), await idOf('tags', findTag(ctx.db, request.params.slug)));
    return reply.code(204).send();
  });
  app.delete<{ Params: { slug: string } }>('/authors/:slug', async (request, reply) => {
    await deleteAuthor(ctx, actor(request), await idOf('authors', findAuthor(ctx.db, request.params.slug)));
    return reply.code(204).send();
  });

  // Media library ------------------------------------------------------------------------
  app.get('/media', async (request) => {
    const query = MediaQuerySchema.parse(request.query);
    const { page, perPage, offset } = paging(query);
    const { rows, total } = await listMedia(ctx.db, { text: query.q, limit: perPage, offset });
    return pageJson(
      rows.map((row) => mediaJson(row, ctx.siteUrl)),
      page,
      perPage,
      total,
    );
  });
  app.get<{ Params: { key: string } }>('/media/:key', async (request) => {
    const media = await findMediaByKey(ctx.db, request.params.key);
    if (!media) throw notFound('image');
    return mediaJson(media, ctx.siteUrl);
  });
  app.patch<{ Params: { key: string } }>('/media/:key', async (request) => {
    const patch = MediaFieldsSchema.parse(request.body ?? {});
    const media = await findMediaByKey(ctx.db, request.params.key);
    if (!media) throw notFound('image');
    await updateMediaFields(ctx, actor(request), media.id, patch);
    return mediaJson((await findMediaByKey(ctx.db, request.params.key))!, ctx.siteUrl);
  });

  app.post('/media', async (request, reply) => {
    // Asked before the body is read, so a refused caller's upload is never buffered.
    if (!can(actor(request), 'media.upload')) throw forbidden();
    if (!request.isMultipart())
      throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Uploads must be multipart/form-data with a "file" field.');
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
      bytes: file.bytes,
      originalName: file.name,
      alt: parsed.data.alt ?? '',
      caption: parsed.data.caption ?? '',
      credit: parsed.data.credit ?? '',
      actor: actorOf(principal),
      uploadedBy: principal.kind === 'session' ? principal.staff.id : null,
    });
    const row = (await findMediaByKey(ctx.db, media.key))!;
    return reply.code(201).header('Location', `/api/admin/media/${media.key}`).send(mediaJson(row, ctx.siteUrl));
  });
}
