import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MediaInputSchema } from '../content/media-input.js';
import { can } from '../content/policy.js';
import { DEFAULT_MEDIA_LIMITS } from '../media/media-limits.js';
import { acceptUpload, UploadRefused } from '../media/media-upload.js';
import { registerRoutes, type RouteTable } from '../http/route-table.js';
import { actorOf, type NewsroomDeps } from './newsroom-app.js';
import type { UploadedFilePart } from './newsroom-uploads.js';

// Uploading from inside the story editor (an image file pasted, dropped or chosen there):
// the media library's own upload (media/media-upload.ts, the multipart parser and its
// checks in newsroom-uploads.ts), answered as JSON for the editor script, which then
// places the new library image in the body. Must be registered after the media routes,
// which register the multipart parser.

/** Multipart fields arrive as `{ value }` objects (attachFieldsToBody). */
const field = (body: Record<string, unknown>, name: string): string => {
  const raw = body[name] as { value?: unknown } | string | undefined;
  const value = typeof raw === 'object' && raw !== null ? raw.value : raw;
  return typeof value === 'string' ? value.replace(/\r\n/g, '\n') : '';
};

const refuse = (reply: FastifyReply, status: number, code: string, message: string) =>
  reply.code(status).header('Cache-Control', 'no-store').send({ error: { code, message } });

async function uploadFromEditor(deps: NewsroomDeps, request: FastifyRequest, reply: FastifyReply) {
  const actor = actorOf(request.staff!);
  if (!can(actor, 'media.upload')) return refuse(reply, 403, 'FORBIDDEN', 'Your role cannot upload images.');
  if (!request.isMultipart()) return refuse(reply, 415, 'INVALID', 'Send the image as multipart/form-data.');
  const body = (request.body ?? {}) as Record<string, unknown>;
  const file = body.file as UploadedFilePart | undefined;
  if (file?.type !== 'file' || !file.tempFile) return refuse(reply, 400, 'INVALID', 'Choose an image file to upload.');
  const text = MediaInputSchema.safeParse({ alt: field(body, 'alt'), caption: field(body, 'caption'), credit: field(body, 'credit') });
  if (!text.success)
    return refuse(reply, 400, 'INVALID', text.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
  if (!text.data.alt) return refuse(reply, 400, 'INVALID', 'Describe the image for people who cannot see it (alt text).');
  try {
    const { id } = await acceptUpload(
      { ...deps, mediaLimits: deps.mediaLimits ?? DEFAULT_MEDIA_LIMITS },
      { tempFile: file.tempFile, originalName: file.filename ?? '', ...text.data, actor, uploadedBy: actor.id },
    );
    // No URL yet: the sizes for the site are made by a job (the editor asks again later).
    return reply
      .code(201)
      .header('Cache-Control', 'no-store')
      .send({ id, ...text.data });
  } catch (error) {
    if (error instanceof UploadRefused) {
      if (error.status === 507) request.log.warn({ err: error.cause }, 'no room to store an upload');
      return refuse(reply, error.status, 'REFUSED', error.message);
    }
    throw error;
  }
}

const EDITOR_UPLOAD_ROUTES: RouteTable<NewsroomDeps> = [{ method: 'POST', url: '/admin/media/upload.json', handler: uploadFromEditor }];

export function registerEditorUploadRoutes(app: FastifyInstance, deps: NewsroomDeps): void {
  registerRoutes(app, deps, EDITOR_UPLOAD_ROUTES);
}
