import { SourceFormatError } from '../source-model.js';

// XML says its own encoding (XML 1.0 §4.3.3, Appendix F): a byte-order mark, else the
// declaration's encoding="…", else UTF-8. Feeds from older CMSs still declare ISO-8859-1.
// Decoding is strict: a byte that is not in the encoding is a broken file, not a "?".

const DECLARED_ENCODING = /^<\?xml[^>]*\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/;

function encodingOf(bytes: Buffer): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return DECLARED_ENCODING.exec(bytes.subarray(0, 256).toString('latin1'))?.[1]?.toLowerCase() ?? 'utf-8';
}

/** The document's text, without a byte-order mark. */
export function decodeDocument(bytes: Buffer, source: string): string {
  const encoding = encodingOf(bytes);
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding, { fatal: true });
  } catch {
    throw new SourceFormatError(`${source} declares an encoding this importer cannot read: ${encoding}`, 1);
  }
  try {
    return decoder.decode(bytes);
  } catch {
    throw new SourceFormatError(`${source} is not valid ${encoding}`);
  }
}
