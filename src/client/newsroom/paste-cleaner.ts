import { safeHref } from '../../content/safe-url.js';

// Paste from Word and Google Docs arrives as whole HTML documents full of styles, classes,
// conditional comments, `mso-` properties, `<o:p>` elements and Google's
// `<b id="docs-internal-guid-…">` wrapper. This keeps only what the document model can
// hold, turning the two styles that carry meaning (bold, italic) into elements first.
// ProseMirror then parses the result against the schema, and the server re-validates
// every save (parseDocument), so this is tidiness, not the security boundary.

const DROP = new Set([
  'x-script',
  'x-style',
  'script',
  'style',
  'meta',
  'link',
  'title',
  'head',
  'template',
  'iframe',
  'object',
  'embed',
  'frame',
  'frameset',
  'svg',
  'math',
  'img',
  'picture',
  'video',
  'audio',
  'canvas',
  'noscript',
  'form',
  'input',
  'button',
  'select',
  'textarea',
  'xml',
]);
const KEEP = new Set([
  'p',
  'br',
  'h2',
  'h3',
  'h4',
  'strong',
  'b',
  'em',
  'i',
  'code',
  'a',
  'blockquote',
  'ul',
  'ol',
  'li',
  'hr',
  'figure',
  'figcaption',
]);
const RENAME: Record<string, string> = {
  h1: 'h2',
  h5: 'h4',
  h6: 'h4',
  div: 'p',
  td: 'p',
  th: 'p',
  dt: 'p',
  dd: 'p',
  pre: 'p',
  address: 'p',
  caption: 'p',
};
/** Attributes our own nodes read back (editor copy and paste) and ProseMirror's slice marker. */
const KEEP_ATTRS = new Set([
  'href',
  'start',
  'data-pm-slice',
  'data-media-id',
  'data-caption',
  'data-credit',
  'data-alt',
  'data-embed-provider',
  'data-embed-url',
  'data-attribution',
  'data-gallery',
]);
const BLOCKS = 'p, div, h1, h2, h3, h4, h5, h6, ul, ol, li, blockquote, table, figure, pre, hr';

// Parsing HTML into any document of this page, even an inert one (DOMParser, template),
// makes Chromium check its style and on* attributes and <style> elements against the
// page's CSP: blocked, but reported as violations, and the styles are not applied
// (element.style reads empty). So before parsing, these are renamed to inert data-x-…
// attributes and x-… elements, read as plain strings below, and dropped.
// Attributes must be separated by white space (as browsers write them), which also keeps
// the pattern linear: no two quantifiers can split the same run of characters.
const TAG = /<([a-zA-Z][^\s/>]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(\/?)>/g;
const ATTR = /([^\s"'>/=]+)(\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?/g;

function defuse(html: string): string {
  return html.replace(/<(\/?)(style|script)\b/gi, '<$1x-$2').replace(TAG, (_whole, name: string, attrs: string, slash: string) => {
    const safe = attrs.replace(ATTR, (attr, attrName: string, value: string | undefined) =>
      /^(style|on[a-z]+)$/i.test(attrName) ? `data-x-${attrName.toLowerCase()}${value ?? ''}` : attr,
    );
    return `<${name}${safe}${slash}>`;
  });
}

/** One CSS property from a defused style attribute, lower-cased, or ''. */
function styleValue(element: Element, property: string): string {
  const style = element.getAttribute('data-x-style') ?? '';
  const match = new RegExp(`(?:^|;)\\s*${property}\\s*:\\s*([^;]+)`, 'i').exec(style);
  return match?.[1]?.trim().toLowerCase() ?? '';
}

function unwrap(element: Element): void {
  element.replaceWith(...element.childNodes);
}

function rename(element: Element, name: string): Element {
  const renamed = element.ownerDocument.createElement(name);
  for (const attr of element.attributes) renamed.setAttribute(attr.name, attr.value);
  renamed.append(...element.childNodes);
  element.replaceWith(renamed);
  return renamed;
}

/** Word and Docs say bold and italic with inline styles; say it with elements instead. */
function styleToElements(element: Element): void {
  const weight = styleValue(element, 'font-weight');
  const bold = weight === 'bold' || weight === 'bolder' || Number(weight) >= 600;
  const italic = styleValue(element, 'font-style') === 'italic';
  for (const [wanted, tag] of [
    [italic, 'em'],
    [bold, 'strong'],
  ] as const) {
    if (!wanted || element.closest(tag)) continue;
    const wrapper = element.ownerDocument.createElement(tag);
    wrapper.append(...element.childNodes);
    element.append(wrapper);
  }
}

function removeComments(doc: Document): void {
  const walker = doc.createTreeWalker(doc, NodeFilter.SHOW_COMMENT);
  const comments: Node[] = [];
  while (walker.nextNode()) comments.push(walker.currentNode);
  for (const comment of comments) comment.parentNode?.removeChild(comment);
}

function cleanElement(element: Element): void {
  const name = element.localName;
  // Office namespaces (o:p, v:shape, w:sdt…): o:p holds only a non-breaking space.
  if (name.includes(':')) {
    if (name === 'o:p' || name.startsWith('v:')) element.remove();
    else unwrap(element);
    return;
  }
  // Word's list markers ("1.", "·" and spaces) sit in spans styled mso-list:Ignore.
  if (DROP.has(name) || styleValue(element, 'mso-list') === 'ignore') {
    element.remove();
    return;
  }
  // Google Docs wraps the whole paste in <b style="font-weight:normal" id="docs-internal-guid-…">.
  if (name === 'b' && (element.id.startsWith('docs-internal-guid') || styleValue(element, 'font-weight') === 'normal')) {
    unwrap(element);
    return;
  }
  if (element.hasAttribute('data-x-style')) styleToElements(element);
  let current = element;
  const target = RENAME[name];
  // A div holding blocks is a wrapper, not a paragraph.
  if (target && !(name === 'div' && element.querySelector(BLOCKS))) current = rename(element, target);
  else if (!KEEP.has(name)) {
    unwrap(element);
    return;
  }
  for (const attr of [...current.attributes]) {
    const keepClass = attr.name === 'class' && current.localName === 'figure' && attr.value.split(/\s+/).includes('pull-quote');
    if (!KEEP_ATTRS.has(attr.name) && !keepClass) current.removeAttribute(attr.name);
    else if (keepClass) current.setAttribute('class', 'pull-quote');
  }
  if (current.localName === 'a') {
    const href = current.getAttribute('href');
    const safe = href === null ? null : safeHref(href);
    if (safe === null) unwrap(current);
    else current.setAttribute('href', safe);
  }
}

/** Pasted or dropped HTML reduced to the elements and attributes the schema reads. */
export function cleanPastedHtml(html: string): string {
  const doc = new DOMParser().parseFromString(defuse(html), 'text/html');
  const body = doc.body;
  removeComments(doc);
  // Deepest first, so unwrapping or renaming never skips a child.
  const elements = [...body.querySelectorAll('*')].reverse();
  for (const element of elements) if (element.isConnected) cleanElement(element);
  return body.innerHTML;
}
