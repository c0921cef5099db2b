// WordPress stores classic (pre-block-editor) posts with bare line breaks and adds the
// paragraph markup only when it shows them (wpautop, wp-includes/formatting.php). A
// faithful port of that rule: a blank line ends a paragraph, a single newline is a <br>,
// and block-level elements are never wrapped in <p>.

const BLOCK =
  '(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)';

const NEWLINE_IN_TAG = '\u0000nl';

export function wpautop(input: string): string {
  if (input.trim() === '') return '';
  const preserved: string[] = [];
  // Newlines inside <pre> are the text itself: set aside before any rule touches them.
  let text = `${input.replace(/\r\n?/g, '\n')}\n`.replace(/<pre[\s>][\s\S]*?<\/pre>/gi, (pre) => {
    preserved.push(pre);
    // WordPress's own placeholder: still a block element to every rule below.
    return `<pre wp-pre-tag-${preserved.length - 1}></pre>`;
  });

  text = text
    .replace(/<br\s*\/?>\s*<br\s*\/?>/gi, '\n\n')
    .replace(new RegExp(`(<${BLOCK}[\\s/>])`, 'gi'), '\n\n$1')
    .replace(new RegExp(`(</${BLOCK}>)`, 'gi'), '$1\n\n')
    .replace(/<hr\s*\/?>/gi, '<hr />\n\n')
    .replace(/\n\n+/g, '\n\n');

  text = text
    .split(/\n\s*\n/)
    .filter((paragraph) => paragraph.trim() !== '')
    .map((paragraph) => `<p>${paragraph.replace(/^\n*|\n*$/g, '')}</p>\n`)
    .join('');

  text = text
    .replace(/<p>\s*<\/p>/g, '')
    .replace(/<p>([^<]+)<\/(div|address|form)>/gi, '<p>$1</p></$2>')
    .replace(new RegExp(`<p>\\s*(</?${BLOCK}[^>]*>)\\s*</p>`, 'gi'), '$1')
    .replace(/<p>(<li.+?)<\/p>/gi, '$1')
    .replace(/<p><blockquote([^>]*)>/gi, '<blockquote$1><p>')
    .replace(/<\/blockquote><\/p>/gi, '</p></blockquote>')
    .replace(new RegExp(`<p>\\s*(</?${BLOCK}[^>]*>)`, 'gi'), '$1')
    .replace(new RegExp(`(</?${BLOCK}[^>]*>)\\s*</p>`, 'gi'), '$1');

  text = lineBreaks(text)
    .replace(new RegExp(`(</?${BLOCK}[^>]*>)\\s*<br />`, 'gi'), '$1')
    .replace(/<br \/>(\s*<\/?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)/gi, '$1')
    .replace(/\n<\/p>$/g, '</p>');

  // The pre blocks come back as they were.
  return text.replace(/<pre wp-pre-tag-(\d+)><\/pre>/g, (_, index: string) => preserved[Number(index)] ?? '').trim();
}

/** Single newlines become <br />, except those inside a tag (attributes may span lines). */
function lineBreaks(text: string): string {
  const shielded = text.replace(/<[^<>]*>/g, (tag) => tag.replace(/\n/g, NEWLINE_IN_TAG));
  return shielded
    .replace(/<br\s*\/?>/gi, '<br />')
    .replace(/(?<!<br \/>)\s*\n/g, '<br />\n')
    .replaceAll(NEWLINE_IN_TAG, '\n');
}
