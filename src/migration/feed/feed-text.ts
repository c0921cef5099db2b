import { Parser } from 'htmlparser2';

// Feed text arrives as HTML (RSS descriptions, Atom type="html") or as plain text (Atom
// type="text", JSON Feed content_text). A dek, caption or credit is plain text, never
// markup; a body is HTML.

const BREAKS = /^(address|article|blockquote|br|dd|div|dl|dt|figcaption|figure|h[1-6]|hr|li|ol|p|pre|section|td|th|tr|ul)$/;
const HIDDEN = /^(script|style|template)$/;

/** The text a reader would see: tags stripped, entities decoded, white space collapsed. */
export function htmlToPlainText(html: string): string {
  const parts: string[] = [];
  let hidden = 0;
  const parser = new Parser(
    {
      onopentagname: (name) => {
        if (HIDDEN.test(name)) hidden++;
        if (BREAKS.test(name)) parts.push(' ');
      },
      onclosetag: (name) => {
        if (HIDDEN.test(name)) hidden = Math.max(0, hidden - 1);
        if (BREAKS.test(name)) parts.push(' ');
      },
      ontext: (text) => {
        if (hidden === 0) parts.push(text);
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);
  return collapseSpace(parts.join(''));
}

export function collapseSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Plain text as HTML paragraphs, one per blank-line-separated block (a single newline is a space). */
export function plainTextToHtml(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter(Boolean)
    .map((block) => `<p>${escapeHtml(collapseSpace(block))}</p>`)
    .join('');
}

/** An absolute http(s) URL, resolved against the document's own URL; null otherwise. */
export function absoluteUrl(href: string, base: string | null): string | null {
  if (!href) return null;
  try {
    const url = base ? new URL(href, base) : new URL(href);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}
