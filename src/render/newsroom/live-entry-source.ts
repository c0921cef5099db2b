import type { BlockNode, DocumentNode, InlineNode, Mark } from '../../content/document.js';

// A live entry's body back as the markdown the composer's textarea takes
// (importers/rich-text/markdown-to-document.ts reads it), so an edit starts from what was
// posted. Only the blocks a composer writes come back; an entry holding an image, a
// gallery or an embed (from the content bundle) answers null and its body is not offered
// for editing as text, so nothing is lost by a save.

const escapeText = (text: string) => text.replace(/([\\`*_[\]<>#])/g, '\\$1');

function wrap(text: string, marks: readonly Mark[] | undefined): string {
  let out = text;
  for (const mark of marks ?? []) {
    if (mark.type === 'bold') out = `**${out}**`;
    else if (mark.type === 'italic') out = `_${out}_`;
    else if (mark.type === 'code') out = `\`${text}\``;
    else if (mark.type === 'link') out = `[${out}](${mark.attrs.href.replace(/[()\s]/g, encodeURIComponent)})`;
  }
  return out;
}

function inline(content: readonly InlineNode[] | undefined): string {
  return (content ?? [])
    .map((node) => (node.type === 'hardBreak' ? '  \n' : wrap(node.type === 'text' ? escapeText(node.text) : '', node.marks)))
    .join('');
}

function block(node: BlockNode, prefix = ''): string | null {
  switch (node.type) {
    case 'paragraph':
      return inline(node.content);
    case 'heading':
      return `${'#'.repeat(node.attrs.level)} ${inline(node.content)}`;
    case 'blockquote': {
      const inner = blocks(node.content);
      return inner === null
        ? null
        : inner
            .split('\n')
            .map((line) => `> ${line}`.trimEnd())
            .join('\n');
    }
    case 'bulletList':
    case 'orderedList': {
      const items = node.content.map((item, index) => {
        const inner = blocks(item.content);
        if (inner === null) return null;
        const marker = node.type === 'bulletList' ? '- ' : `${(node.attrs.start ?? 1) + index}. `;
        return `${prefix}${marker}${inner.replace(/\n/g, `\n${' '.repeat(marker.length)}`)}`;
      });
      return items.includes(null) ? null : items.join('\n');
    }
    case 'horizontalRule':
      return '---';
    default:
      return null;
  }
}

function blocks(content: readonly BlockNode[]): string | null {
  const parts = content.map((node) => block(node));
  return parts.includes(null) ? null : parts.join('\n\n');
}

/** The body as composer text, or null when it holds blocks the composer cannot write. */
export function liveEntrySource(doc: DocumentNode): string | null {
  return blocks(doc.content);
}
