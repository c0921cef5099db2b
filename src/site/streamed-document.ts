import { createHash } from 'node:crypto';

// A feed or sitemap: validators first (so a conditional GET can answer 304 before any
// item is loaded), then the body as chunks produced while it is sent.

export interface StreamedDocument {
  contentType: string;
  /** Strong validator over everything the body is made from. */
  etag: string;
  /** ISO time of the newest change in the body, or null when it has none. */
  lastModified: string | null;
  body(): AsyncIterable<string>;
}

export function etagOf(...parts: Array<string | number | null>): string {
  return `"${createHash('sha1').update(JSON.stringify(parts)).digest('base64url')}"`;
}
