import { SaxesParser, type SaxesAttributeNS } from 'saxes';
import { SourceFormatError } from '../source-model.js';

// Feeds are small (RebelMouse serves 30 items a page), so each document is read into a
// light tree and then mapped; only the mapped items are kept. Elements and attributes carry
// their namespace URI, because prefixes are the author's choice ("media:" is often "m:").

export interface XmlElement {
  uri: string;
  local: string;
  attributes: Record<string, SaxesAttributeNS>;
  /** Text and elements in document order (mixed content, as Atom's xhtml needs). */
  nodes: (XmlElement | string)[];
}

/** Parses an XML document, or throws SourceFormatError with the line where it breaks. */
export function parseXml(text: string, source: string): XmlElement {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const root: XmlElement = { uri: '', local: '', attributes: {}, nodes: [] };
  const open: XmlElement[] = [root];
  const append = (node: XmlElement | string) => open[open.length - 1]!.nodes.push(node);
  parser.on('opentag', (tag) => {
    const element: XmlElement = { uri: tag.uri, local: tag.local, attributes: tag.attributes, nodes: [] };
    append(element);
    open.push(element);
  });
  parser.on('closetag', () => void open.pop());
  parser.on('text', append);
  parser.on('cdata', append);
  try {
    parser.write(text).close();
  } catch (error) {
    const reason = (error as Error).message.replace(/^\d+:\d+: /, '');
    throw new SourceFormatError(`${source} is not well-formed XML: ${reason}`, parser.line);
  }
  const document = root.nodes.find((node): node is XmlElement => typeof node !== 'string');
  if (!document) throw new SourceFormatError(`${source} has no root element`, parser.line);
  return document;
}

export function childElements(element: XmlElement, uri: string, local: string): XmlElement[] {
  return element.nodes.filter((n): n is XmlElement => typeof n !== 'string' && n.uri === uri && n.local === local);
}

export function childElement(element: XmlElement, uri: string, local: string): XmlElement | undefined {
  return childElements(element, uri, local)[0];
}

/** All the text inside an element, trimmed (markup in it is the author's, kept as text). */
export function textOf(element: XmlElement | undefined): string {
  if (!element) return '';
  const collect = (e: XmlElement): string => e.nodes.map((n) => (typeof n === 'string' ? n : collect(n))).join('');
  return collect(element).trim();
}

export function childText(element: XmlElement, uri: string, local: string): string {
  return textOf(childElement(element, uri, local));
}

/** An attribute without a namespace (`url="…"`, `rel="…"`), as feeds write them. */
export function attribute(element: XmlElement, local: string): string {
  return (
    Object.values(element.attributes)
      .find((a) => a.uri === '' && a.local === local)
      ?.value.trim() ?? ''
  );
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

// HTML has no end tag for these: `</br>` would read as a second line break.
const VOID_ELEMENTS = new Set(['area', 'br', 'col', 'embed', 'hr', 'img', 'input', 'source', 'track', 'wbr']);

/** Markup of an element's content, for Atom's type="xhtml" text (RFC 4287 §3.1.1.3). */
export function innerMarkup(element: XmlElement): string {
  return element.nodes
    .map((node) => {
      if (typeof node === 'string') return escapeXml(node);
      const attrs = Object.values(node.attributes)
        .filter((a) => a.prefix !== 'xmlns' && a.name !== 'xmlns')
        .map((a) => ` ${a.local}="${escapeXml(a.value)}"`)
        .join('');
      if (VOID_ELEMENTS.has(node.local)) return `<${node.local}${attrs}>`;
      return `<${node.local}${attrs}>${innerMarkup(node)}</${node.local}>`;
    })
    .join('');
}
