// The stored form of a story body: a ProseMirror document in the JSON shape TipTap's
// editor reads and writes (node and mark names follow TipTap's StarterKit), so the
// newsroom editor can open an imported story unchanged. Everything that turns a body
// into HTML, email or plain text walks this one tree.

export type Mark =
  | { type: 'bold' }
  | { type: 'italic' }
  | { type: 'code' }
  | { type: 'link'; attrs: { href: string } };

export interface TextNode {
  type: 'text';
  text: string;
  marks?: Mark[];
}

export interface HardBreakNode {
  type: 'hardBreak';
}

export type InlineNode = TextNode | HardBreakNode;

export interface ParagraphNode {
  type: 'paragraph';
  content?: InlineNode[];
}

export interface HeadingNode {
  type: 'heading';
  /** Level 1 belongs to the headline; bodies use 2 to 4. */
  attrs: { level: 2 | 3 | 4 };
  content?: InlineNode[];
}

export interface BlockquoteNode {
  type: 'blockquote';
  content: BlockNode[];
}

/** A quote set large in the layout; `attribution` names who said it. */
export interface PullQuoteNode {
  type: 'pullQuote';
  attrs: { attribution: string | null };
  content?: InlineNode[];
}

export interface ListItemNode {
  type: 'listItem';
  content: BlockNode[];
}

export interface BulletListNode {
  type: 'bulletList';
  content: ListItemNode[];
}

export interface OrderedListNode {
  type: 'orderedList';
  attrs: { start: number };
  content: ListItemNode[];
}

export interface HorizontalRuleNode {
  type: 'horizontalRule';
}

export type BlockNode =
  | ParagraphNode
  | HeadingNode
  | BlockquoteNode
  | PullQuoteNode
  | BulletListNode
  | OrderedListNode
  | HorizontalRuleNode;

export interface DocumentNode {
  type: 'doc';
  content: BlockNode[];
}

export const emptyDocument = (): DocumentNode => ({ type: 'doc', content: [] });
