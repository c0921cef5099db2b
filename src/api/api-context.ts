import type { FastifyRequest } from 'fastify';
import type { StoryEventSink } from '../editorial/story-events.js';
import type { MediaLimits } from '../media/media-limits.js';
import type { Db, DialectOperations } from '../store/store.js';
import type { Principal } from './api-auth.js';

// What every API route module is given: the database, the public origin, where media
// lives, and the caller the auth hook established for this request.

export interface ApiContext {
  db: Db;
  siteUrl: string;
  mediaDir: string;
  /** Upload size and pixel limits (MEDIA_MAX_UPLOAD_MB, MEDIA_MAX_PIXELS); the defaults when absent. */
  mediaLimits?: MediaLimits;
  events: StoryEventSink;
  /** The store's engine-specific operations: search, and the index kept by every save. */
  dialect: DialectOperations;
  /** The authenticated caller; the auth hook ran before any handler. */
  principal(request: FastifyRequest): Principal;
}
