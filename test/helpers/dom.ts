import type { AnyNode, Document, Element } from 'domhandler';
import { DomUtils, parseDocument } from 'htmlparser2';

// A small query layer over htmlparser2 so HTTP tests can assert on the served markup by
// structure (elements, links, attributes) rather than by string matching. Selectors
// support what the tests need: `tag`, `.class`, `#id`, `[attr]`, `[attr="v"]`,
// `[attr^="v"]`, `[attr$="v"]`, `[attr*="v"]`, `[attr~="v"]`, the descendant combinator
// (a space) and selector lists (`a, b`).

export type { Element };

export function parseHtml(html: string): Document {
  return parseDocument(html, { decodeEntities: true });
}

interface AttributeTest {
  name: string;
  op: '' | '=' | '^=' | '$=' | '*=' | '~=';
  value: string;
}

interface Compound {
  tag: string | null;
  id: string | null;
  classes: string[];
  attributes: AttributeTest[];
}

const COMPOUND = /([a-zA-Z][\w-]*|\*)|#([\w-]+)|\.([\w-]+)|\[\s*([\w:-]+)\s*(?:([~^$*]?=)\s*(?:"([^"]*)"|'([^']*)'|([^\]\s]+)))?\s*\]/gy;

function parseCompound(source: string): Compound {
  const compound: Compound = { tag: null, id: null, classes: [], attributes: [] };
  COMPOUND.lastIndex = 0;
  let consumed = 0;
  for (let match = COMPOUND.exec(source); match; match = COMPOUND.exec(source)) {
    consumed = COMPOUND.lastIndex;
    const [, tag, id, cls, attr, op, v1, v2, v3] = match;
    if (tag) compound.tag = tag === '*' ? null : tag.toLowerCase();
    else if (id) compound.id = id;
    else if (cls) compound.classes.push(cls);
    else if (attr)
      compound.attributes.push({ name: attr.toLowerCase(), op: (op ?? '') as AttributeTest['op'], value: v1 ?? v2 ?? v3 ?? '' });
    if (consumed >= source.length) break;
  }
  if (consumed !== source.length) throw new Error(`unsupported selector "${source}"`);
  return compound;
}

function attributeMatches(element: Element, test: AttributeTest): boolean {
  const actual = element.attribs[test.name];
  if (actual === undefined) return false;
  switch (test.op) {
    case '':
      return true;
    case '=':
      return actual === test.value;
    case '^=':
      return actual.startsWith(test.value);
    case '$=':
      return actual.endsWith(test.value);
    case '*=':
      return actual.includes(test.value);
    case '~=':
      return actual.split(/\s+/).includes(test.value);
  }
}

function matches(element: Element, compound: Compound): boolean {
  if (compound.tag && element.name.toLowerCase() !== compound.tag) return false;
  if (compound.id && element.attribs.id !== compound.id) return false;
  const classes = (element.attribs.class ?? '').split(/\s+/);
  if (!compound.classes.every((c) => classes.includes(c))) return false;
  return compound.attributes.every((test) => attributeMatches(element, test));
}

function isElement(node: AnyNode): node is Element {
  return DomUtils.isTag(node);
}

function descendants(root: AnyNode | AnyNode[]): Element[] {
  const roots = Array.isArray(root) ? root : [root];
  const out: Element[] = [];
  for (const node of roots) {
    const children = 'children' in node ? node.children : [];
    out.push(...DomUtils.findAll(isElement, children));
  }
  return out;
}

/** All elements under `root` matching `selector`, in document order. */
export function $$(root: AnyNode | AnyNode[], selector: string): Element[] {
  const found = new Set<Element>();
  for (const part of selector
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const chain = part.split(/\s+/).map(parseCompound);
    let scope: Element[] = descendants(root).filter((el) => matches(el, chain[0]!));
    for (const compound of chain.slice(1)) {
      const next = new Set<Element>();
      for (const element of scope) for (const d of descendants(element)) if (matches(d, compound)) next.add(d);
      scope = [...next];
    }
    for (const element of scope) found.add(element);
  }
  const all = descendants(root);
  return all.filter((element) => found.has(element));
}

export function $(root: AnyNode | AnyNode[], selector: string): Element | null {
  return $$(root, selector)[0] ?? null;
}

/** Like $, but fails with the selector in the message when nothing matches. */
export function one(root: AnyNode | AnyNode[], selector: string): Element {
  const element = $(root, selector);
  if (!element) throw new Error(`no element matches "${selector}"`);
  return element;
}

/** Text content with whitespace collapsed, as a reader would see it. */
export function text(node: AnyNode | AnyNode[] | null): string {
  if (!node) return '';
  return DomUtils.textContent(node).replace(/\s+/g, ' ').trim();
}

export function attr(element: Element | null, name: string): string | undefined {
  return element?.attribs[name];
}

export function outerHtml(node: AnyNode): string {
  return DomUtils.getOuterHTML(node);
}

/** Whether `a` comes before `b` in document order. */
export function precedes(a: AnyNode, b: AnyNode): boolean {
  // domutils reports PRECEDING (2) when `a` comes first (see its uniqueSort).
  return (DomUtils.compareDocumentPosition(a, b) & 2) !== 0;
}

export function ancestors(element: Element): Element[] {
  const out: Element[] = [];
  for (let node = element.parent; node; node = node.parent) if (isElement(node)) out.push(node);
  return out;
}
