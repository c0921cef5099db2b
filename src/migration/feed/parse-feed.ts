import { SourceFormatError } from '../source-model.js';
import { readAtom } from './atom-feed.js';
import { decodeDocument } from './decode-document.js';
import type { FeedPage } from './feed-item.js';
import { NS } from './feed-namespaces.js';
import { readJsonFeed } from './json-feed.js';
import { readRss } from './rss-feed.js';
import { parseXml } from './xml-tree.js';

// The format is read from the content, not the file name or Content-Type: servers label
// feeds text/xml, text/html or application/octet-stream as often as correctly.

const NOT_A_FEED = 'is not an RSS 2.0, Atom 1.0 or JSON Feed document';

function lineAt(text: string, position: number): number {
  return text.slice(0, position).split('\n').length;
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    // V8 names the offset ("at position 42"), newer versions the line ("(line 3 column 5)").
    const message = (error as Error).message;
    const line = /\(line (\d+) column/.exec(message)?.[1];
    const position = /position (\d+)/.exec(message)?.[1];
    throw new SourceFormatError(
      `${source} is not valid JSON: ${message}`,
      line ? Number(line) : position ? lineAt(text, Number(position)) : null,
    );
  }
}

/**
 * One feed document (a page) in the common shape, or SourceFormatError saying why not.
 * `documentUrl` resolves relative links; null for a local file (the feed's own link is used).
 */
export function parseFeed(bytes: Buffer, documentUrl: string | null, source: string): FeedPage {
  const text = decodeDocument(bytes, source).replace(/^\uFEFF/, '');
  const start = text.trimStart()[0];
  if (start === '{') return readJsonFeed(parseJson(text, source), documentUrl, source);
  if (start !== '<') throw new SourceFormatError(`${source} ${NOT_A_FEED}`, 1);
  const root = parseXml(text, source);
  if (root.uri === NS.none && root.local === 'rss') return readRss(root, documentUrl);
  if (root.uri === NS.atom && root.local === 'feed') return readAtom(root, documentUrl);
  if (root.uri === NS.rdf && root.local === 'RDF')
    throw new SourceFormatError(`${source} is an RSS 1.0 (RDF) feed, which is not supported`);
  const name = root.uri ? `{${root.uri}}${root.local}` : root.local;
  throw new SourceFormatError(`${source} ${NOT_A_FEED} (its root element is <${name}>)`);
}
