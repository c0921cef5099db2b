import { escapeHtml } from '../blocks/escape-html.js';

// A tagged template for mail markup that escapes every interpolated value unless it is
// markup made by this same template. Mail HTML needs what JSX renderers do not write
// (Outlook's conditional comments, `bgcolor`, `cellpadding`), and this keeps escaping
// the default rather than something each call site must remember.

export class Markup {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Part = Markup | string | number | null | undefined | false | readonly Part[];

function partToString(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (part instanceof Markup) return part.value;
  if (Array.isArray(part)) return part.map(partToString).join('');
  return escapeHtml(String(part));
}

export function html(strings: TemplateStringsArray, ...parts: Part[]): Markup {
  let out = strings[0] ?? '';
  parts.forEach((part, index) => {
    out += partToString(part) + (strings[index + 1] ?? '');
  });
  return new Markup(out);
}

/** A value known to be safe markup (a constant in this folder); never reader or editor text. */
export function trusted(value: string): Markup {
  return new Markup(value);
}
