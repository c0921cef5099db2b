import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { OutboundError, type SafeFetch } from '../net/safe-fetch.js';

// Where an imported image's bytes come from, in order: the source itself (a Ghost zip),
// the folder named by --media (a copy of wp-content/uploads), the base named by
// --media-url-base, or the old site over the SSRF-safe fetcher. A miss is a reason for
// the report, never a failed run.

export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;

export interface ImageSources {
  /** The source's own copy (SourceReader.asset). */
  asset(url: string): Promise<Buffer | null>;
  /** --media DIR: the uploads folder. */
  mediaDir: string | null;
  /** --media-url-base URL: where the uploads are served now. */
  mediaUrlBase: string | null;
  /** The old site's base URL, to map its upload URLs into the folder or the new base. */
  baseUrl: string | null;
  /** null: do not go to the network (--media given, or --no-fetch). */
  fetch: SafeFetch | null;
}

export type FoundImage = { ok: true; bytes: Buffer; name: string } | { ok: false; reason: string };

/** "https://old.example/wp-content/uploads/2013/03/a.jpg" → "2013/03/a.jpg"; Ghost's "/content/images/…" likewise. */
export function uploadPath(url: string, baseUrl: string | null): string | null {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url, baseUrl ?? 'http://old.invalid').pathname);
  } catch {
    return null;
  }
  const marker = ['/wp-content/uploads/', '/content/images/'].find((m) => pathname.includes(m));
  return marker ? pathname.slice(pathname.indexOf(marker) + marker.length) : pathname.replace(/^\/+/, '');
}

/** WordPress's resized copies ("a-300x200.jpg") name the same attachment as "a.jpg". */
export function withoutSizeSuffix(url: string): string {
  return url.replace(/-\d{2,5}x\d{2,5}(?=\.[a-z0-9]+(?:[?#].*)?$)/i, '');
}

async function fromFolder(dir: string, relative: string): Promise<Buffer | null> {
  const root = await realpath(dir);
  const candidates = [relative, path.basename(relative)];
  for (const candidate of candidates) {
    const resolved = path.resolve(root, candidate);
    const inside = (p: string) => {
      const rel = path.relative(root, p);
      return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
    };
    if (!inside(resolved)) continue;
    try {
      // A symlink in the folder may point anywhere: the real path must stay inside too.
      if (!inside(await realpath(resolved))) continue;
      return await readFile(resolved);
    } catch {
      // Not there: try the next candidate.
    }
  }
  return null;
}

export async function findImage(url: string, sources: ImageSources): Promise<FoundImage> {
  const name = path.basename(uploadPath(url, sources.baseUrl) ?? 'image');
  const own = await sources.asset(url);
  if (own) return { ok: true, bytes: own, name };
  const relative = uploadPath(url, sources.baseUrl);
  if (sources.mediaDir) {
    if (relative) {
      const bytes = await fromFolder(sources.mediaDir, relative);
      if (bytes) return { ok: true, bytes, name };
    }
    if (!sources.fetch) return { ok: false, reason: `not found in ${sources.mediaDir}` };
  }
  if (!sources.fetch) return { ok: false, reason: 'not in the export, and fetching is off' };
  let target = url;
  if (sources.mediaUrlBase && relative)
    target = new URL(relative.split('/').map(encodeURIComponent).join('/'), sources.mediaUrlBase.replace(/\/?$/, '/')).href;
  else if (!/^https?:\/\//i.test(url)) {
    if (!sources.baseUrl) return { ok: false, reason: 'a relative URL, and the old site is unknown' };
    target = new URL(url, sources.baseUrl).href;
  }
  try {
    const response = await sources.fetch(target, { timeoutMs: 20_000, maxBytes: MAX_IMAGE_BYTES });
    if (response.status !== 200) return { ok: false, reason: `${target} answered ${response.status}` };
    return { ok: true, bytes: response.body, name };
  } catch (error) {
    const message = error instanceof OutboundError ? error.message : (error as Error).message;
    return { ok: false, reason: `${target}: ${message}` };
  }
}
