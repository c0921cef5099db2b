import { tmpdir } from 'node:os';
import path from 'node:path';

// The bounds on what one upload may cost the server: bytes on the wire and on disk, and
// pixels once decoded (a small file can decode to gigabytes). Settings in docs/limits.md.

export interface MediaLimits {
  /** Largest upload accepted (MEDIA_MAX_UPLOAD_MB); the rest of the body is never read. */
  maxUploadBytes: number;
  /** Largest image accepted, in pixels (MEDIA_MAX_PIXELS); checked from the header before decoding. */
  maxPixels: number;
  /** Where an upload is streamed while it is checked (UPLOAD_TMP_DIR); removed whatever happens. */
  tmpDir: string;
}

export const DEFAULT_MEDIA_LIMITS: MediaLimits = {
  maxUploadBytes: 20 * 1024 * 1024,
  maxPixels: 40_000_000,
  tmpDir: path.join(tmpdir(), 'masthead-uploads'),
};

/** "20 MB", "1.5 MB", "40 megapixels": how a limit is named in a refusal. */
export function megabytes(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}

export function megapixels(pixels: number): string {
  return `${Math.round((pixels / 1_000_000) * 10) / 10} megapixels`;
}
