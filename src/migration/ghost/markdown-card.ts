import MarkdownIt from 'markdown-it';

// The same settings as src/importers/rich-text/markdown-to-document.ts, so a Ghost
// markdown card reads exactly as a Markdown import would; raw HTML in it meets the
// runner's sanitizer like the rest of the body.
const markdown = new MarkdownIt({ html: true, linkify: false, typographer: true });

export function markdownCardHtml(source: string): string {
  return markdown.render(source);
}
