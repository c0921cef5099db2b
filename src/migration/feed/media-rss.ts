import type { SourceImage } from '../source-model.js';
import { NS } from './feed-namespaces.js';
import { absoluteUrl, collapseSpace, htmlToPlainText } from './feed-text.js';
import { attribute, childElements, textOf, type XmlElement } from './xml-tree.js';

// Media RSS (https://www.rssboard.org/media-rss): RebelMouse puts a photo's caption in
// media:description and its credit in media:credit, two fields we keep apart. The spec
// lets title, description and credit sit on the item, on a media:group or on each
// media:content, the nearer one winning (§ "Optional Elements").

interface MediaText {
  title: string;
  caption: string;
  credit: string;
}

const IMAGE_FILE = /\.(avif|gif|jpe?g|png|webp)(\?|#|$)/i;

function mediaText(element: XmlElement, inherited: MediaText): MediaText {
  const typed = (local: string) => {
    const found = childElements(element, NS.media, local)[0];
    if (!found) return null;
    return attribute(found, 'type') === 'html' ? htmlToPlainText(textOf(found)) : collapseSpace(textOf(found));
  };
  const credits = childElements(element, NS.media, 'credit').map((c) => collapseSpace(textOf(c)));
  return {
    title: typed('title') ?? inherited.title,
    caption: typed('description') ?? inherited.caption,
    credit: credits.length > 0 ? credits.filter(Boolean).join(', ') : inherited.credit,
  };
}

function isImage(content: XmlElement, url: string): boolean {
  const medium = attribute(content, 'medium');
  const type = attribute(content, 'type');
  if (medium) return medium === 'image';
  if (type) return type.startsWith('image/');
  return IMAGE_FILE.test(url);
}

function image(element: XmlElement, text: MediaText, base: string | null): SourceImage | null {
  const url = absoluteUrl(attribute(element, 'url'), base);
  if (!url) return null;
  return { sourceId: null, url, alt: '', caption: text.caption, credit: text.credit, title: text.title };
}

/** The item's images in document order, each with the caption and credit that apply to it. */
export function mediaImages(item: XmlElement, base: string | null): SourceImage[] {
  const itemText = mediaText(item, { title: '', caption: '', credit: '' });
  const contents: (SourceImage | null)[] = [];
  // A thumbnail is a smaller copy: it leads only when the item has no full-size image.
  const thumbnails: (SourceImage | null)[] = [];
  const visit = (parent: XmlElement, text: MediaText) => {
    for (const node of parent.nodes) {
      if (typeof node === 'string' || node.uri !== NS.media) continue;
      if (node.local === 'group') visit(node, mediaText(node, text));
      else if (node.local === 'content' && isImage(node, attribute(node, 'url'))) contents.push(image(node, mediaText(node, text), base));
      else if (node.local === 'thumbnail') thumbnails.push(image(node, text, base));
    }
  };
  visit(item, itemText);
  const seen = new Set<string>();
  return [...contents, ...thumbnails].filter((i): i is SourceImage => i !== null && !seen.has(i.url) && !!seen.add(i.url));
}
