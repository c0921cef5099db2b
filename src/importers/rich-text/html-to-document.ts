import { parseDocument as parseHtml } from 'htmlparser2';
import type { DocumentNode } from '../../content/document.js';
import { containerBlocks } from './dom-blocks.js';
import { sanitizeRichText } from './sanitize-rich-text.js';

/**
 * Untrusted HTML (a paste, an import, rendered Markdown) as a story body. It is
 * sanitized first, so the reader below only ever sees allowlisted tags; entities are
 * decoded by the parser, because the document stores plain text and escaping is the
 * renderer's job.
 */
export function htmlToDocument(html: string): DocumentNode {
  const dom = parseHtml(sanitizeRichText(html));
  return { type: 'doc', content: containerBlocks(dom.children, { marks: [], pre: false }) };
}
