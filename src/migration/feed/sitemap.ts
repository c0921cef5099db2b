import { SourceFormatError } from '../source-model.js';
import { decodeDocument } from './decode-document.js';
import { NS } from './feed-namespaces.js';
import { absoluteUrl } from './feed-text.js';
import { loadDocument, type FeedFetch } from './load-document.js';
import { childElements, childText, parseXml, type XmlElement } from './xml-tree.js';

// Sitemaps (https://www.sitemaps.org/protocol.html) list what the old site served; feeds
// list only what they carry. The difference is what the report must name as missing.
// An index is followed one level: its sitemaps' own indexes are not opened.

const locations = (root: XmlElement, entry: string, base: string | null) =>
  childElements(root, NS.sitemap, entry)
    .map((e) => absoluteUrl(childText(e, NS.sitemap, 'loc'), base))
    .filter((url): url is string => url !== null);

async function readSitemapDocument(input: string, fetch: FeedFetch): Promise<{ root: XmlElement; url: string | null }> {
  const { bytes, url, source } = await loadDocument(input, fetch);
  const root = parseXml(decodeDocument(bytes, source), source);
  if (root.uri !== NS.sitemap || (root.local !== 'urlset' && root.local !== 'sitemapindex')) {
    throw new SourceFormatError(`${source} is not a sitemap (a <urlset> or <sitemapindex> in ${NS.sitemap})`);
  }
  return { root, url };
}

/** The page URLs a sitemap (or a sitemap index and the sitemaps it names) lists, in order. */
export async function readSitemapUrls(input: string, fetch: FeedFetch): Promise<string[]> {
  const { root, url } = await readSitemapDocument(input, fetch);
  if (root.local === 'urlset') return locations(root, 'url', url);
  const urls: string[] = [];
  for (const sitemap of locations(root, 'sitemap', url)) {
    const child = await readSitemapDocument(sitemap, fetch);
    if (child.root.local === 'urlset') urls.push(...locations(child.root, 'url', child.url));
  }
  return urls;
}
