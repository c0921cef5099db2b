// JSON-LD sits inside <script type="application/ld+json">, where the HTML parser ends the
// element at the first "</script" whatever the JSON says. Escaping "<" (and ">", "&", and
// the two line separators JavaScript once rejected) as \u escapes keeps the JSON identical
// for parsers and makes a break-out impossible.
const unsafe = /[<>&\u2028\u2029]/g;

export function serializeJsonLd(value: unknown): string {
  return JSON.stringify(value).replace(unsafe, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
