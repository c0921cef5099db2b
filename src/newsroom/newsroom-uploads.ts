import multipart, { type MultipartFile } from '@fastify/multipart';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { csrfTokenMatches, sameOrigin } from '../auth/csrf.js';
import { DEFAULT_MEDIA_LIMITS, megabytes } from '../media/media-limits.js';
import { isNoRoom } from '../media/media-upload.js';
import type { NewsroomDeps } from './newsroom-app.js';

// Multipart uploads in the newsroom (the media library, the subscriber CSV). Nobody gets
// a byte of their body read before they are known: the session and the Origin are
// checked when the headers arrive (onRequest), the CSRF token as soon as its field (the
// form's first) or header has been read, and the file is streamed to a temp file under a
// size cap, never into memory. The temp file is removed before the answer is sent.

/** An uploaded file once it is on disk; routes read it from `body.file.tempFile`. */
export interface TempUpload {
  path: string;
  size: number;
}

export type UploadedFilePart = MultipartFile & { tempFile?: TempUpload };

/** A refusal with the page to show; build-app's error handler renders it. */
export class UploadRefusal extends Error {
  readonly statusCode: number;
  readonly page: { title: string; message: string };
  constructor(status: number, title: string, message: string) {
    super(message);
    this.statusCode = status;
    this.page = { title, message };
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const tempFiles = new WeakMap<FastifyRequest, string[]>();
/** The reply of an upload being read, so a refusal mid-body can close the connection. */
const replies = new WeakMap<FastifyRequest, FastifyReply>();

function isMultipart(request: FastifyRequest): boolean {
  return /^multipart\/form-data\b/i.test(request.headers['content-type'] ?? '');
}

/** Counts the bytes going through and fails the stream once there are more than `max`. */
function capped(max: number, tooLarge: () => Error): { stream: Transform; bytes: () => number } {
  let seen = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > max) done(tooLarge());
      else done(null, chunk);
    },
  });
  return { stream, bytes: () => seen };
}

async function removeTempFiles(request: FastifyRequest): Promise<void> {
  const files = tempFiles.get(request);
  if (!files) return;
  tempFiles.delete(request);
  await Promise.all(files.map((file) => rm(file, { force: true })));
}

export async function registerNewsroomUploads(app: FastifyInstance, deps: NewsroomDeps): Promise<void> {
  const limits = deps.mediaLimits ?? DEFAULT_MEDIA_LIMITS;
  const tooLarge = () =>
    new UploadRefusal(
      413,
      'Too large',
      `The file is larger than this site accepts (${megabytes(limits.maxUploadBytes)}). Nothing was stored.`,
    );

  /** Refused from the headers alone; the connection is closed so the unread body is never taken in. */
  const refuse = (reply: FastifyReply, status: 401 | 403, title: string, message: string) =>
    app.sendErrorPage(reply.code(status).header('Connection', 'close'), status, title, message);

  // Runs after the newsroom's own onRequest hook has read the session.
  app.addHook('onRequest', async (request, reply) => {
    if (!UNSAFE.has(request.method) || !isMultipart(request)) return;
    replies.set(request, reply);
    if (!sameOrigin(deps.siteUrl, request.headers.origin, request.headers.referer))
      return refuse(reply, 403, 'Request refused', 'This form must be sent from the newsroom itself.');
    if (!request.staff) return refuse(reply, 401, 'Signed out', 'Your session has ended. Sign in again; nothing was saved.');
    const header = request.headers['x-csrf-token'];
    if (header !== undefined && !csrfTokenMatches(deps.secretKey, request.staff.sessionHash, header))
      return refuse(
        reply,
        403,
        'Request refused',
        'The form had expired or did not come from this newsroom. Reload the page and try again.',
      );
  });

  async function streamToDisk(this: FastifyRequest, part: MultipartFile): Promise<void> {
    const upload = part as UploadedFilePart;
    // The token comes before the file in every newsroom form: without it, stop here.
    const field = part.fields._csrf as { value?: unknown } | undefined;
    const presented = this.headers['x-csrf-token'] ?? (field && 'value' in field ? field.value : undefined);
    if (!this.staff || !csrfTokenMatches(deps.secretKey, this.staff.sessionHash, presented)) {
      replies.get(this)?.header('Connection', 'close');
      throw new UploadRefusal(
        403,
        'Request refused',
        'The form had expired or did not come from this newsroom. Reload the page and try again.',
      );
    }
    await mkdir(limits.tmpDir, { recursive: true });
    const file = path.join(limits.tmpDir, `upload-${randomBytes(12).toString('hex')}`);
    tempFiles.set(this, [...(tempFiles.get(this) ?? []), file]);
    const counter = capped(limits.maxUploadBytes, tooLarge);
    try {
      await pipeline(part.file, counter.stream, createWriteStream(file, { flags: 'wx' }));
    } catch (error) {
      // The rest of the body stays unread: the connection cannot carry another request.
      replies.get(this)?.header('Connection', 'close');
      await rm(file, { force: true });
      if (error instanceof UploadRefusal) throw error;
      if (isNoRoom(error)) {
        this.log.warn({ err: error }, 'no room to store an upload');
        throw new UploadRefusal(
          507,
          'No room to store the upload',
          'The server has no room to store this file just now (its disk is full). Nothing was stored; tell whoever runs the site.',
        );
      }
      throw error;
    }
    upload.tempFile = { path: file, size: counter.bytes() };
    // Routes that want the bytes (the CSV import, at most a few MB) read them back.
    upload.toBuffer = () => readFile(file);
  }

  await app.register(multipart, {
    attachFieldsToBody: true,
    onFile: streamToDisk,
    // The byte cap is the stream's own (above); busboy's is a backstop one byte later.
    limits: { fileSize: limits.maxUploadBytes + 1, files: 1, fields: 10, fieldSize: 10_000, parts: 12 },
    throwFileSizeLimit: false,
  });

  // Gone before the answer leaves (the handler is done with it by then); the other two
  // hooks catch a connection that dies first.
  app.addHook('onSend', async (request, _reply, payload) => {
    await removeTempFiles(request);
    return payload;
  });
  app.addHook('onResponse', removeTempFiles);
  app.addHook('onRequestAbort', removeTempFiles);
}
