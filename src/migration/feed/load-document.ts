import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { SourceFormatError } from '../source-model.js';

/** What the runner passes: the SSRF-safe fetcher (src/net/safe-fetch.ts), adapted. */
export type FeedFetch = (url: string) => Promise<{ status: number; contentType: string; body: Buffer }>;

/**
 * An input that could not be read at all: a file that is not there, a URL that answers
 * 500 or is refused. A SourceFormatError, because the command treats it the same way:
 * exit 1 with the reason, nothing written.
 */
export class FeedInputError extends SourceFormatError {
  constructor(message: string, options?: ErrorOptions) {
    super(message);
    if (options) this.cause = options.cause;
  }
}

export function isHttpUrl(input: string): boolean {
  return /^https?:\/\//i.test(input);
}

/**
 * A document's bytes. `missing: 'end'` is for later pages of a paged feed: a 404 or 410
 * there means the pages ran out, so it returns null instead of failing the import.
 */
export async function fetchDocument(url: string, fetch: FeedFetch, missing: 'fail' | 'end' = 'fail'): Promise<Buffer | null> {
  let answer: Awaited<ReturnType<FeedFetch>>;
  try {
    answer = await fetch(url);
  } catch (error) {
    throw new FeedInputError(`could not fetch ${url}: ${(error as Error).message}`, { cause: error });
  }
  if (answer.status >= 200 && answer.status < 300) return answer.body;
  if (missing === 'end' && (answer.status === 404 || answer.status === 410)) return null;
  throw new FeedInputError(`could not fetch ${url}: HTTP ${answer.status}`);
}

/** An http(s) URL through the fetcher, anything else as a local file. */
export async function loadDocument(input: string, fetch: FeedFetch): Promise<{ bytes: Buffer; url: string | null; source: string }> {
  if (isHttpUrl(input)) {
    const url = new URL(input).href;
    return { bytes: (await fetchDocument(url, fetch))!, url, source: url };
  }
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(input)) throw new FeedInputError(`${input}: only http(s) URLs and local files are read`);
  const file = path.resolve(input);
  try {
    return { bytes: await readFile(file), url: null, source: file };
  } catch (error) {
    throw new FeedInputError(`could not read ${file}: ${(error as Error).message}`, { cause: error });
  }
}
