import { bookmarkCard, codeCard, embedCard, galleryCard, imageCard, linkCard, type CardHtml } from './ghost-cards.js';
import type { ConvertedBody } from './converted-body.js';
import { escapeAttr, escapeText } from './ghost-html.js';
import { markdownCardHtml } from './markdown-card.js';

// Ghost 1–4 stored bodies as Mobiledoc 0.3 (https://github.com/bustle/mobiledoc-kit/blob/master/MOBILEDOC.md):
// markups and atoms are shared tables, sections refer to them by index, and text markers
// open markups and say how many they close.

const MARKUP_SECTION = 1;
const IMAGE_SECTION = 2;
const LIST_SECTION = 3;
const CARD_SECTION = 10;
const TEXT_MARKER = 0;

/** Mobiledoc's own allow-list of markup tags; anything else is dropped, its text kept. */
const MARKUP_TAGS = new Set(['a', 'b', 'code', 'em', 'i', 's', 'strong', 'sub', 'sup', 'u']);
/** Ghost's two quote styles; `aside` is its alternative (large) quote. */
const QUOTE_TAGS = new Set(['blockquote', 'pull-quote', 'aside']);

interface Mobiledoc {
  markups: unknown[][];
  atoms: unknown[][];
  cards: unknown[][];
}

export function mobiledocToHtml(source: string): ConvertedBody {
  let doc: unknown;
  try {
    doc = JSON.parse(source);
  } catch {
    return { html: '', warnings: ['mobiledoc body is not valid JSON: dropped'] };
  }
  if (!isRecord(doc) || !Array.isArray(doc.sections)) return { html: '', warnings: ['mobiledoc body has no sections: dropped'] };
  const tables: Mobiledoc = { markups: arrays(doc.markups), atoms: arrays(doc.atoms), cards: arrays(doc.cards) };
  const warnings = new Set<string>();
  const html = arrays(doc.sections)
    .map((section) => renderSection(section, tables, warnings))
    .join('');
  return { html, warnings: [...warnings] };
}

function renderSection(section: unknown[], doc: Mobiledoc, warnings: Set<string>): string {
  const [kind, first, second] = section;
  switch (kind) {
    case MARKUP_SECTION: {
      const tag = typeof first === 'string' ? first.toLowerCase() : 'p';
      const html = renderMarkers(arrays(second), doc);
      if (QUOTE_TAGS.has(tag)) return `<blockquote>${html}</blockquote>`;
      return /^h[1-6]$/.test(tag) ? `<${tag}>${html}</${tag}>` : `<p>${html}</p>`;
    }
    case IMAGE_SECTION:
      return imageCard({ src: text(first), alt: '' }, '');
    case LIST_SECTION: {
      const tag = first === 'ol' ? 'ol' : 'ul';
      const items = arrays(second).map((item) => `<li>${renderMarkers(arrays(item), doc)}</li>`);
      return `<${tag}>${items.join('')}</${tag}>`;
    }
    case CARD_SECTION: {
      const card = doc.cards[typeof first === 'number' ? first : -1];
      if (!card) return '';
      const result = renderCard(text(card[0]), isRecord(card[1]) ? card[1] : {});
      if (result.warning) warnings.add(result.warning);
      return result.html;
    }
    default:
      warnings.add(`mobiledoc section type ${String(kind)} dropped`);
      return '';
  }
}

function renderMarkers(markers: unknown[][], doc: Mobiledoc): string {
  const open: string[] = [];
  let html = '';
  for (const [kind, opens, closeCount, value] of markers) {
    for (const index of Array.isArray(opens) ? opens : []) {
      const markup = doc.markups[typeof index === 'number' ? index : -1] ?? [];
      const tag = text(markup[0]).toLowerCase();
      // An unknown tag still takes a place on the stack so the close counts stay aligned.
      open.push(MARKUP_TAGS.has(tag) ? tag : '');
      html += MARKUP_TAGS.has(tag) ? openTag(tag, Array.isArray(markup[1]) ? markup[1] : []) : '';
    }
    html += kind === TEXT_MARKER ? escapeText(text(value)) : renderAtom(doc.atoms[typeof value === 'number' ? value : -1] ?? []);
    const closing = typeof closeCount === 'number' ? closeCount : 0;
    for (let i = 0; i < closing && open.length > 0; i++) {
      const tag = open.pop();
      html += tag ? `</${tag}>` : '';
    }
  }
  return (
    html +
    open
      .reverse()
      .map((tag) => (tag ? `</${tag}>` : ''))
      .join('')
  );
}

function openTag(tag: string, attributes: unknown[]): string {
  if (tag !== 'a') return `<${tag}>`;
  for (let i = 0; i + 1 < attributes.length; i += 2) {
    if (attributes[i] === 'href') return `<a href="${escapeAttr(text(attributes[i + 1]))}">`;
  }
  return '<a>';
}

/** Ghost's only atom is the soft return (shift-enter); any other keeps its text. */
function renderAtom(atom: unknown[]): string {
  return atom[0] === 'soft-return' ? '<br>' : escapeText(text(atom[1]));
}

function renderCard(name: string, payload: Record<string, unknown>): CardHtml {
  switch (name) {
    case 'image':
      return mapped(imageCard({ src: text(payload.src), alt: text(payload.alt) }, text(payload.caption)));
    case 'gallery': {
      return mapped(
        galleryCard(
          records(payload.images).map((image) => ({ src: text(image.src), alt: text(image.alt) })),
          text(payload.caption),
        ),
      );
    }
    case 'markdown':
    case 'card-markdown':
      return mapped(markdownCardHtml(text(payload.markdown)));
    case 'code':
      return mapped(codeCard(text(payload.code), text(payload.language)));
    case 'bookmark': {
      const metadata = isRecord(payload.metadata) ? payload.metadata : {};
      return mapped(bookmarkCard(text(payload.url), text(metadata.title)));
    }
    case 'embed':
      return embedCard(text(payload.url), text(payload.caption));
    case 'html':
      return { html: text(payload.html), warning: "card 'html' sanitized" };
    case 'hr':
      return mapped('<hr>');
    case 'button':
      return linkCard('button', text(payload.url), text(payload.text));
    case 'paywall':
      return { html: '', warning: "card 'paywall' dropped" };
    default:
      return { html: '', warning: `card '${name}' dropped` };
  }
}

function mapped(html: string): CardHtml {
  return { html, warning: null };
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function arrays(value: unknown): unknown[][] {
  return Array.isArray(value) ? value.filter((item): item is unknown[] => Array.isArray(item)) : [];
}

function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}
