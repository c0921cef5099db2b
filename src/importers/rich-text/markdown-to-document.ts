import MarkdownIt from 'markdown-it';
import type { DocumentNode } from '../../content/document.js';
import { htmlToDocument } from './html-to-document.js';

// Markdown is rendered to HTML and read like any other HTML, so raw HTML inside it
// (`html: true`) meets the same sanitizer and the same document rules. Bare URLs stay
// text (`linkify: false`); the typographer gives curly quotes and en/em dashes.
const markdown = new MarkdownIt({ html: true, linkify: false, typographer: true });

export function markdownToDocument(source: string): DocumentNode {
  return htmlToDocument(markdown.render(source));
}
