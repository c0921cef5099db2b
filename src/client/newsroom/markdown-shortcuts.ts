import { Extension, textblockTypeInputRule } from '@tiptap/core';

// Markdown as you type. StarterKit already turns `## `, `### `, `#### ` into headings 2-4
// (the levels the model allows), `> ` into a quote, `- `/`* `/`+ ` and `1. ` into lists,
// `**bold**`/`__bold__`, `*italic*`/`_italic_`, `` `code` `` and `---` into a divider.
// The gap it leaves: `# `, which has no rule because level 1 belongs to the headline.
// Writers type it for "a heading", so it makes the largest body heading instead.

/** `# ` at the start of a line. */
export const SINGLE_HASH = /^#\s$/;

export const MarkdownShortcuts = Extension.create({
  name: 'markdownShortcuts',
  addInputRules() {
    const heading = this.editor.schema.nodes.heading;
    return heading ? [textblockTypeInputRule({ find: SINGLE_HASH, type: heading, getAttributes: { level: 2 } })] : [];
  },
});
