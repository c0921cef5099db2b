import {
  emptyDocument,
  type BlockNode,
  type DocumentNode,
  type InlineNode,
  type ListItemNode,
  type Mark,
} from '../../content/document.js';
import { canonicalMarks } from './canonical-marks.js';
import { safeHref } from './safe-url.js';

// Stored bodies are untrusted JSON: well-formed nodes are rebuilt field by field
// (input objects are never spread or returned), anything else is dropped. Nesting is
// capped so a hostile document cannot exhaust the stack of this parser or the renderer.
const MAX_DEPTH = 32;
const FORBIDDEN_KEYS = ['__proto__', 'constructor', 'prototype'];

type Fields = Record<string, unknown>;

function record(value: unknown): Fields | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return null;
  return FORBIDDEN_KEYS.some((key) => Object.hasOwn(value, key)) ? null : (value as Fields);
}

/** An absent list is empty; a present non-list makes the node malformed (null). */
function list<T>(value: unknown, parse: (item: unknown) => T | null): T[] | null {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return null;
  return value.map(parse).filter((item): item is T => item !== null);
}

function parseMark(value: unknown): Mark | null {
  const mark = record(value);
  switch (mark?.type) {
    case 'bold':
    case 'italic':
    case 'code':
      return { type: mark.type };
    case 'link': {
      const href = record(mark.attrs)?.href;
      const safe = typeof href === 'string' ? safeHref(href) : null;
      return safe === null ? null : { type: 'link', attrs: { href: safe } };
    }
    default:
      return null;
  }
}

function parseInline(value: unknown): InlineNode | null {
  const node = record(value);
  if (node?.type === 'hardBreak') return { type: 'hardBreak' };
  // ProseMirror refuses empty text nodes.
  if (node?.type !== 'text' || typeof node.text !== 'string' || node.text === '') return null;
  const marks = list(node.marks, parseMark);
  if (marks === null) return null;
  return marks.length > 0 ? { type: 'text', text: node.text, marks: canonicalMarks(marks) } : { type: 'text', text: node.text };
}

function withContent<T extends object>(node: T, content: InlineNode[] | null): (T & { content?: InlineNode[] }) | null {
  if (content === null) return null;
  return content.length > 0 ? { ...node, content } : node;
}

function parseListItem(value: unknown, depth: number): ListItemNode | null {
  const node = record(value);
  if (node?.type !== 'listItem') return null;
  const content = blocks(node.content, depth + 1);
  return content === null || content.length === 0 ? null : { type: 'listItem', content };
}

function parseBlock(value: unknown, depth: number): BlockNode | null {
  const node = record(value);
  if (node === null || depth > MAX_DEPTH) return null;
  const attrs = node.attrs === undefined ? {} : record(node.attrs);
  if (attrs === null) return null;
  switch (node.type) {
    case 'paragraph':
      return withContent({ type: 'paragraph' as const }, list(node.content, parseInline));
    case 'heading': {
      // Older bodies may carry h1 or h5–h6; they are clamped rather than lost.
      const level = attrs.level;
      if (typeof level !== 'number' || !Number.isInteger(level)) return null;
      const clamped = Math.min(4, Math.max(2, level)) as 2 | 3 | 4;
      return withContent({ type: 'heading' as const, attrs: { level: clamped } }, list(node.content, parseInline));
    }
    case 'pullQuote': {
      const attribution = typeof attrs.attribution === 'string' ? attrs.attribution : null;
      return withContent({ type: 'pullQuote' as const, attrs: { attribution } }, list(node.content, parseInline));
    }
    case 'blockquote': {
      const content = blocks(node.content, depth + 1);
      return content === null || content.length === 0 ? null : { type: 'blockquote', content };
    }
    case 'bulletList':
    case 'orderedList': {
      const items = list(node.content, (item) => parseListItem(item, depth));
      if (items === null || items.length === 0) return null;
      if (node.type === 'bulletList') return { type: 'bulletList', content: items };
      const start = Number.isSafeInteger(attrs.start) ? (attrs.start as number) : 1;
      return { type: 'orderedList', attrs: { start }, content: items };
    }
    case 'horizontalRule':
      return { type: 'horizontalRule' };
    default:
      return null;
  }
}

function blocks(value: unknown, depth: number): BlockNode[] | null {
  return list(value, (item) => parseBlock(item, depth));
}

/** A document rebuilt from untrusted JSON; never throws, garbage gives an empty document. */
export function parseDocument(value: unknown): DocumentNode {
  try {
    const root = record(value);
    const content = root?.type === 'doc' ? blocks(root.content, 0) : null;
    return content === null ? emptyDocument() : { type: 'doc', content };
  } catch {
    // A getter or proxy that throws is garbage too.
    return emptyDocument();
  }
}
