import type { FastifyReply } from 'fastify';
import { ZodError } from 'zod';
import { describeIssues } from '../content/story-input.js';
import { NewsroomError } from '../editorial/newsroom-error.js';
import { UnsupportedImageError } from '../media/image-variants.js';
import { UploadRefused } from '../media/media-upload.js';
import { isDatabaseUnavailable } from '../store/database-unavailable.js';

// Every /api answer that is not a success: `{ "error": { "code", "message", "details"? } }`
// with a status that fits (SPEC §7). Database and internal error text never reaches a
// client; only the messages written here and in editorial/ do.

export class ApiError extends NewsroomError {}

export const unauthorized = (message: string) => new ApiError(401, 'UNAUTHORIZED', message);
export const badRequest = (field: string, message: string) => new ApiError(400, 'INVALID', `${field}: ${message}`, [{ field, message }]);

export function fromZod(error: ZodError): ApiError {
  const details = describeIssues(error);
  return new ApiError(400, 'INVALID', details.map((d) => `${d.field}: ${d.message}`).join('; '), details);
}

/** Fastify's own refusals (bad JSON, wrong content type, body too large…) keep their status. */
const FASTIFY_CODES: Record<string, { code: string; message: string }> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'Send JSON (application/json), or multipart/form-data for uploads.',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'TOO_LARGE', message: 'The request body is too large.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'INVALID', message: 'The JSON body is empty.' },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'INVALID', message: 'The body is not valid JSON.' },
  FST_REQ_FILE_TOO_LARGE: { code: 'TOO_LARGE', message: 'The file is larger than the upload limit of 20 MB.' },
  FST_FILES_LIMIT: { code: 'INVALID', message: 'Send one file per upload.' },
  FST_PARTS_LIMIT: { code: 'INVALID', message: 'Too many form fields.' },
  FST_FIELDS_LIMIT: { code: 'INVALID', message: 'Too many form fields.' },
  FST_INVALID_MULTIPART_CONTENT_TYPE: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Uploads must be multipart/form-data.' },
};

export function toApiError(error: unknown): { error: NewsroomError; internal: boolean } {
  if (error instanceof NewsroomError) return { error, internal: false };
  if (error instanceof ZodError) return { error: fromZod(error), internal: false };
  if (error instanceof UploadRefused) {
    const code =
      error.status === 415
        ? 'UNSUPPORTED_MEDIA_TYPE'
        : error.status === 413
          ? 'TOO_LARGE'
          : error.status === 507
            ? 'INSUFFICIENT_STORAGE'
            : 'INVALID';
    return { error: new ApiError(error.status, code, `${error.message} Nothing was stored.`), internal: false };
  }
  if (error instanceof UnsupportedImageError) {
    return {
      error: new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', `The file is not an accepted image: ${error.message}. Nothing was stored.`),
      internal: false,
    };
  }
  if (isDatabaseUnavailable(error)) {
    // Nothing the caller did: the database is restarting or unreachable, so ask for a retry.
    return {
      error: new ApiError(503, 'DATABASE_UNAVAILABLE', 'The database cannot be reached just now. Retry in a few seconds.', {
        retry_after_seconds: 5,
      }),
      internal: false,
    };
  }
  const fastify = error as { code?: string; statusCode?: number; message?: string };
  const known = fastify.code ? FASTIFY_CODES[fastify.code] : undefined;
  const status = fastify.statusCode ?? 500;
  if (known) return { error: new ApiError(status, known.code, known.message), internal: false };
  if (fastify.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (status === 400 && /JSON|prototype|constructor/i.test(fastify.message ?? ''))) {
    // secure-json-parse refuses __proto__ and constructor.prototype keys (prototype pollution).
    return {
      error: new ApiError(400, 'INVALID', 'The body is not acceptable JSON (forbidden keys such as __proto__ are refused).'),
      internal: false,
    };
  }
  if (status >= 400 && status < 500)
    return { error: new ApiError(status, 'BAD_REQUEST', 'The request could not be understood.'), internal: false };
  return { error: new ApiError(500, 'INTERNAL', 'Something went wrong on our side. Nothing was changed.'), internal: true };
}

export function sendApiError(reply: FastifyReply, error: NewsroomError): FastifyReply {
  const body: { code: string; message: string; details?: unknown } = { code: error.code, message: error.message };
  if (error.details !== undefined) body.details = error.details;
  if (error.status === 401) reply.header('WWW-Authenticate', 'Bearer realm="masthead"');
  const retry = (error.details as { retry_after_seconds?: unknown } | undefined)?.retry_after_seconds;
  if ((error.status === 429 || error.status === 503) && typeof retry === 'number') reply.header('Retry-After', String(retry));
  return reply.code(error.status).header('Cache-Control', 'no-store').type('application/json; charset=utf-8').send({ error: body });
}
