import { createReadStream } from 'node:fs';
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { SourceFormatError } from '../source-model.js';

// Reads a WXR file in chunks and hands over each child of <channel> (an <item>, a
// <wp:author>, <wp:wxr_version>…) as a small tree once it is closed, so memory holds one
// item at a time however large the file. The whole file is checked for well-formedness
// as it goes: a parser error becomes a SourceFormatError with its line.

/** One element: its namespace URI and local name (never the prefix), attributes by local name. */
export interface XmlNode {
  uri: string;
  name: string;
  attributes: Record<string, string>;
  /** The element's own text and CDATA, in document order. */
  text: string;
  children: XmlNode[];
}

const CHUNK_BYTES = 256 * 1024;

export async function* readChannelChildren(file: string): AsyncGenerator<XmlNode> {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const finished: XmlNode[] = [];
  // Open elements from the root down; channel children are at depth 2 (rss > channel > x).
  const path: XmlNode[] = [];
  let sawChannel = false;

  parser.on('opentag', (tag: SaxesTagNS) => {
    const node: XmlNode = { uri: tag.uri, name: tag.local, attributes: attributesOf(tag), text: '', children: [] };
    if (path.length === 0 && !(tag.uri === '' && tag.local === 'rss')) notWxr(parser.line, `the root element is <${tag.name}>, not <rss>`);
    if (path.length === 1 && tag.uri === '' && tag.local === 'channel') sawChannel = true;
    if (path.length > 2) path[path.length - 1]?.children.push(node);
    path.push(node);
  });
  parser.on('closetag', () => {
    const node = path.pop();
    if (node && path.length === 2) finished.push(node);
  });
  const addText = (text: string): void => {
    // Text directly under <rss> or <channel> is layout whitespace: never kept.
    if (path.length > 2) (path[path.length - 1] as XmlNode).text += text;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);

  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: CHUNK_BYTES });
  try {
    for await (const chunk of stream) {
      writeChecked(parser, chunk as string);
      yield* finished.splice(0);
    }
    writeChecked(parser, null);
    yield* finished.splice(0);
  } finally {
    stream.destroy();
  }
  if (!sawChannel) notWxr(null, 'the file has no RSS <channel>');
}

function attributesOf(tag: SaxesTagNS): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const attribute of Object.values(tag.attributes)) {
    // Namespaced attributes (xmlns declarations, xml:lang) carry nothing WXR needs.
    if (attribute.uri === '') attributes[attribute.local] = attribute.value;
  }
  return attributes;
}

function writeChecked(parser: SaxesParser<{ xmlns: true; position: true }>, chunk: string | null): void {
  try {
    if (chunk === null) parser.close();
    else parser.write(chunk);
  } catch (error) {
    if (error instanceof SourceFormatError) throw error;
    const reason = error instanceof Error ? error.message.replace(/^\d+:\d+: /, '') : String(error);
    throw new SourceFormatError(`not well-formed XML: ${reason}`, parser.line);
  }
}

function notWxr(line: number | null, why: string): never {
  throw new SourceFormatError(`not a WordPress export (WXR) file: ${why}`, line);
}
