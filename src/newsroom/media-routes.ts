import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MediaInputSchema } from '../content/media-input.js';
import { can, canEditMedia } from '../content/policy.js';
import { deleteMedia, updateMediaFields } from '../media/media-library.js';
import { DEFAULT_MEDIA_LIMITS } from '../media/media-limits.js';
import { acceptUpload, UploadRefused } from '../media/media-upload.js';
import { MediaItemPage, MediaLibraryPage, type MediaItemView } from '../render/newsroom/media-pages.js';
import { findMediaRow, mediaUsage, searchMedia } from '../store/media/media-repository.js';
import { attempt, fieldErrors } from './manage-form.js';
import { actorOf, sendNewsroomPage, type NewsroomDeps } from './newsroom-app.js';
import { registerNewsroomUploads, type UploadedFilePart } from './newsroom-uploads.js';
import { thumbOf as thumbOfVariants } from './lead-image-view.js';

// The media library: upload, search, alt text, caption and credit, and where each image
// is used. `/admin/media.json` feeds the editor's image picker. Text is checked by
// content/media-input.ts and written by media/, as /api/admin/media's is.

const PER_PAGE = 48;

type MediaRow = NonNullable<Awaited<ReturnType<typeof findMediaRow>>>;

const thumbOf = (row: MediaRow): string | null => thumbOfVariants(row.variants);

function itemView(row: MediaRow): MediaItemView {
  return {
    id: row.id,
    key: row.key,
    thumb: thumbOf(row),
    width: row.width,
    height: row.height,
    alt: row.alt,
    caption: row.caption,
    credit: row.credit,
    status: row.status,
    originalName: row.original_name,
    createdAt: row.created_at,
  };
}

/** Multipart fields arrive as `{ value }` objects (attachFieldsToBody). */
const field = (body: Record<string, unknown>, name: string): string => {
  const raw = body[name] as { value?: unknown } | string | undefined;
  const value = typeof raw === 'object' && raw !== null ? raw.value : raw;
  return typeof value === 'string' ? value.replace(/\r\n/g, '\n') : '';
};
const textFields = (body: Record<string, unknown>) => ({
  alt: field(body, 'alt'),
  caption: field(body, 'caption'),
  credit: field(body, 'credit'),
});

export async function registerMediaRoutes(app: FastifyInstance, deps: NewsroomDeps): Promise<void> {
  // The newsroom's multipart parser (this form and the subscriber CSV): auth first, files to disk.
  await registerNewsroomUploads(app, deps);
  const mediaLimits = deps.mediaLimits ?? DEFAULT_MEDIA_LIMITS;

  const library = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { errors?: Array<{ field: string; message: string }>; notice?: string | null } = {},
    status = 200,
  ) => {
    const actor = actorOf(request.staff!);
    const q = typeof (request.query as { q?: unknown }).q === 'string' ? (request.query as { q: string }).q.slice(0, 200) : '';
    const rawPage = (request.query as { page?: unknown }).page;
    const page = Math.max(1, Number.parseInt(typeof rawPage === 'string' ? rawPage : '1', 10) || 1);
    const { rows, total } = await searchMedia(deps.db, { q: q || undefined, limit: PER_PAGE, offset: (page - 1) * PER_PAGE });
    return sendNewsroomPage(
      deps,
      request,
      reply,
      MediaLibraryPage,
      {
        view: {
          q,
          items: rows.map(itemView),
          total,
          page,
          pages: Math.max(1, Math.ceil(total / PER_PAGE)),
          canUpload: can(actor, 'media.upload'),
          errors: extra.errors ?? [],
          notice: extra.notice ?? null,
        },
      },
      status,
    );
  };

  app.get('/admin/media', async (request, reply) => {
    if (!can(actorOf(request.staff!), 'media.upload'))
      return app.sendErrorPage(reply, 403, 'Not allowed', 'Your role cannot use the media library.');
    const notice = (request.query as { notice?: unknown }).notice === 'deleted' ? 'The image was deleted.' : null;
    return library(request, reply, { notice });
  });

  app.get('/admin/media.json', async (request, reply) => {
    if (!can(actorOf(request.staff!), 'media.upload'))
      return reply.code(403).send({ error: { code: 'FORBIDDEN', message: 'Your role cannot use the media library.' } });
    const query = request.query as { q?: unknown; ids?: unknown };
    const ids =
      typeof query.ids === 'string' && query.ids
        ? query.ids
            .split(',')
            .slice(0, 100)
            .map(Number)
            .filter((n) => Number.isSafeInteger(n) && n > 0)
        : undefined;
    const q = typeof query.q === 'string' ? query.q.slice(0, 200) : undefined;
    const { rows } = await searchMedia(deps.db, { q, ids, limit: 60, offset: 0 });
    return reply.header('Cache-Control', 'private, no-store').send({
      items: rows
        .map((row) => ({
          id: row.id,
          // The media key: what a story's lead image names (the body's images use the id).
          key: row.key,
          url: thumbOf(row),
          alt: row.alt,
          caption: row.caption,
          credit: row.credit,
          width: row.width,
          height: row.height,
        }))
        .filter((item) => item.url !== null),
    });
  });

  // The upload's variants are made by a job: the library's "Making sizes…" asks here until
  // they are ready (client/newsroom/media-status.ts), then shows the thumbnail.
  app.get('/admin/media/status.json', async (request, reply) => {
    if (!can(actorOf(request.staff!), 'media.upload'))
      return reply.code(403).send({ error: { code: 'FORBIDDEN', message: 'Your role cannot use the media library.' } });
    const raw = (request.query as { ids?: unknown }).ids;
    const ids = (typeof raw === 'string' ? raw.split(',') : [])
      .slice(0, 100)
      .map(Number)
      .filter((n) => Number.isSafeInteger(n) && n > 0);
    const { rows } = ids.length ? await searchMedia(deps.db, { ids, limit: 100, offset: 0 }) : { rows: [] };
    return reply.header('Cache-Control', 'private, no-store').send({
      items: rows.map((row) => ({
        id: row.id,
        status: row.status,
        thumb: thumbOf(row),
        width: row.width,
        height: row.height,
        alt: row.alt,
      })),
    });
  });

  app.post('/admin/media', async (request, reply) => {
    const actor = actorOf(request.staff!);
    if (!can(actor, 'media.upload')) return app.sendErrorPage(reply, 403, 'Not allowed', 'Your role cannot upload images.');
    const body = (request.body ?? {}) as Record<string, unknown>;
    // Streamed to a temp file by newsroom-uploads.ts, which removes it after the answer.
    const file = body.file as UploadedFilePart | undefined;
    if (file?.type !== 'file' || !file.tempFile)
      return library(request, reply, { errors: [{ field: 'file', message: 'Choose an image file to upload.' }] }, 400);
    const text = MediaInputSchema.safeParse(textFields(body));
    if (!text.success) return library(request, reply, { errors: fieldErrors(text.error) }, 400);
    try {
      const { id } = await acceptUpload(
        { ...deps, mediaLimits },
        { tempFile: file.tempFile, originalName: file.filename ?? '', ...text.data, actor, uploadedBy: actor.id },
      );
      return reply.redirect(`/admin/media/${id}?notice=uploaded`, 303);
    } catch (error) {
      if (error instanceof UploadRefused) {
        if (error.status === 507) request.log.warn({ err: error.cause }, 'no room to store an upload');
        return library(request, reply, { errors: [{ field: 'file', message: error.message }] }, error.status);
      }
      throw error;
    }
  });

  const itemPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    extra: { errors?: Array<{ field: string; message: string }>; notice?: string | null } = {},
    status = 200,
  ) => {
    const actor = actorOf(request.staff!);
    const row = Number.isSafeInteger(id) ? await findMediaRow(deps.db, id) : undefined;
    if (!row || !can(actor, 'media.upload'))
      return app.sendErrorPage(reply, 404, 'Image not found', 'There is no such image in the library.');
    return sendNewsroomPage(
      deps,
      request,
      reply,
      MediaItemPage,
      {
        view: {
          item: itemView(row),
          usedIn: await mediaUsage(deps.db, id),
          canEdit: canEditMedia(actor, { uploadedBy: row.uploaded_by }),
          canDelete: can(actor, 'media.delete'),
          errors: extra.errors ?? [],
          notice: extra.notice ?? null,
        },
      },
      status,
    );
  };
  const idOf = (request: FastifyRequest) => {
    const raw = (request.params as { id: string }).id;
    return /^[1-9]\d{0,15}$/.test(raw) ? Number(raw) : NaN;
  };

  app.get('/admin/media/:id', async (request, reply) => {
    const notice = (request.query as { notice?: unknown }).notice;
    return itemPage(request, reply, idOf(request), {
      notice: notice === 'uploaded' ? 'Uploaded. The sizes for the site are being made.' : notice === 'saved' ? 'Saved.' : null,
    });
  });

  app.post('/admin/media/:id', async (request, reply) => {
    const actor = actorOf(request.staff!);
    const id = idOf(request);
    const row = Number.isSafeInteger(id) ? await findMediaRow(deps.db, id) : undefined;
    if (!row) return app.sendErrorPage(reply, 404, 'Image not found', 'There is no such image in the library.');
    if (!canEditMedia(actor, { uploadedBy: row.uploaded_by }))
      return app.sendErrorPage(reply, 403, 'Not allowed', 'Your role cannot change this image.');
    const text = MediaInputSchema.safeParse(textFields((request.body ?? {}) as Record<string, unknown>));
    if (!text.success) return itemPage(request, reply, id, { errors: fieldErrors(text.error) }, 400);
    const refused = await attempt(() => updateMediaFields(deps, actor, id, text.data), 'image');
    if (refused?.kind === 'form') return itemPage(request, reply, id, { errors: refused.errors }, refused.status);
    if (refused)
      return app.sendErrorPage(reply, refused.status, refused.status === 404 ? 'Image not found' : 'Not allowed', refused.message);
    return reply.redirect(`/admin/media/${id}?notice=saved`, 303);
  });

  app.post('/admin/media/:id/delete', async (request, reply) => {
    const actor = actorOf(request.staff!);
    const id = idOf(request);
    const row = Number.isSafeInteger(id) ? await findMediaRow(deps.db, id) : undefined;
    if (!row) return app.sendErrorPage(reply, 404, 'Image not found', 'There is no such image in the library.');
    if (!can(actor, 'media.delete')) return app.sendErrorPage(reply, 403, 'Not allowed', 'Your role cannot delete images.');
    if (field((request.body ?? {}) as Record<string, unknown>, 'confirm') !== 'yes')
      return itemPage(
        request,
        reply,
        id,
        { errors: [{ field: 'confirm', message: 'Tick the box to confirm the delete. Nothing was deleted.' }] },
        400,
      );
    const refused = await attempt(() => deleteMedia(deps, actor, id), 'image');
    if (refused?.kind === 'form') return itemPage(request, reply, id, { errors: refused.errors }, refused.status);
    if (refused)
      return app.sendErrorPage(reply, refused.status, refused.status === 404 ? 'Image not found' : 'Not allowed', refused.message);
    return reply.redirect('/admin/media?notice=deleted', 303);
  });
}
