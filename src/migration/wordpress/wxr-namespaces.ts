import type { XmlNode } from './wxr-xml-stream.js';

// WXR elements are told apart by namespace URI, never by prefix: a file may bind `wp` to
// another URI, or bind the WordPress URI to any prefix or as the default namespace
// (namespace-edge-cases.xml). WordPress has written the export namespaces with
// http and https, in versions 1.0 to 1.2.

export type WxrNamespace = 'rss' | 'wp' | 'excerpt' | 'content' | 'dc';

const NAMESPACES: [WxrNamespace, RegExp][] = [
  ['wp', /^https?:\/\/wordpress\.org\/export\/1\.[0-2]\/$/],
  ['excerpt', /^https?:\/\/wordpress\.org\/export\/1\.[0-2]\/excerpt\/$/],
  ['content', /^https?:\/\/purl\.org\/rss\/1\.0\/modules\/content\/$/],
  ['dc', /^https?:\/\/purl\.org\/dc\/elements\/1\.1\/$/],
];

export function namespaceOf(uri: string): WxrNamespace | null {
  if (uri === '') return 'rss';
  for (const [namespace, pattern] of NAMESPACES) if (pattern.test(uri)) return namespace;
  return null;
}

export function isElement(node: XmlNode, namespace: WxrNamespace, name: string): boolean {
  return node.name === name && namespaceOf(node.uri) === namespace;
}

/** The first such child: a second one under a look-alike prefix never overrides it. */
export function childNode(node: XmlNode, namespace: WxrNamespace, name: string): XmlNode | undefined {
  return node.children.find((child) => isElement(child, namespace, name));
}

export function childNodes(node: XmlNode, namespace: WxrNamespace, name: string): XmlNode[] {
  return node.children.filter((child) => isElement(child, namespace, name));
}

/** The child's text, trimmed; '' when absent. */
export function childText(node: XmlNode, namespace: WxrNamespace, name: string): string {
  return childNode(node, namespace, name)?.text.trim() ?? '';
}

/** The child's text exactly as written (bodies keep their blank lines and edges). */
export function childRawText(node: XmlNode, namespace: WxrNamespace, name: string): string {
  return childNode(node, namespace, name)?.text ?? '';
}
