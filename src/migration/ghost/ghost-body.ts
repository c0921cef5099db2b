import type { ConvertedBody } from './converted-body.js';
import { resolveGhostUrls } from './ghost-html.js';
import { kgCardHtmlToHtml } from './kg-card-html.js';
import { lexicalToHtml } from './lexical-to-html.js';
import { mobiledocToHtml } from './mobiledoc-to-html.js';

export interface GhostBodyColumns {
  html?: string | null;
  lexical?: string | null;
  mobiledoc?: string | null;
}

/**
 * Ghost's own rendering (`html`) is preferred: it is what readers saw, including cards
 * from editor versions this reader does not know. The editor formats are the fallback for
 * files that carry only them (hand-written imports, some migration tools).
 */
export function ghostBody(columns: GhostBodyColumns): ConvertedBody {
  const body = convert(columns);
  return { html: resolveGhostUrls(body.html), warnings: body.warnings };
}

function convert({ html, lexical, mobiledoc }: GhostBodyColumns): ConvertedBody {
  if (present(html)) return kgCardHtmlToHtml(html);
  if (present(lexical)) return lexicalToHtml(lexical);
  if (present(mobiledoc)) return mobiledocToHtml(mobiledoc);
  return { html: '', warnings: [] };
}

function present(value: string | null | undefined): value is string {
  return typeof value === 'string' && value.trim() !== '';
}
