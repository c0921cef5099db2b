import { mergeAttributes, Node } from '@tiptap/core';
import { attrField } from './attr-field.js';

// The pull quote of the document model (src/content/document.ts): one run of inline text
// set large, with an `attribution`. Parsed back from the editor's own HTML and from the
// site's `<figure class="pull-quote">`, so a quote copied off a published page pastes whole.

export const PullQuote = Node.create({
  name: 'pullQuote',
  group: 'block',
  content: 'inline*',
  defining: true,

  addAttributes() {
    return {
      attribution: {
        default: null,
        parseHTML: (element) =>
          element.getAttribute('data-attribution') ?? element.querySelector('figcaption')?.textContent?.trim() ?? null,
        renderHTML: (attrs) => (typeof attrs.attribution === 'string' ? { 'data-attribution': attrs.attribution } : {}),
      },
    };
  },

  parseHTML() {
    return [
      {
        tag: 'figure.pull-quote',
        contentElement: (node) => node.querySelector('blockquote p') ?? node.querySelector('blockquote') ?? node,
      },
    ];
  },

  renderHTML({ HTMLAttributes }) {
    return ['figure', mergeAttributes({ class: 'pull-quote' }, HTMLAttributes), ['blockquote', ['p', 0]]];
  },

  addNodeView() {
    return ({ node, editor, getPos }) => {
      const dom = document.createElement('figure');
      dom.className = 'pull-quote rte-pull-quote';
      const quote = document.createElement('blockquote');
      const contentDOM = document.createElement('p');
      quote.append(contentDOM);
      const field = attrField({ editor, getPos, attr: 'attribution', label: 'Attribution', placeholder: 'Who said it' });
      field.element.contentEditable = 'false';
      field.sync(node);
      dom.append(quote, field.element);
      return {
        dom,
        contentDOM,
        update(updated) {
          if (updated.type.name !== 'pullQuote') return false;
          field.sync(updated);
          return true;
        },
        stopEvent: (event) => field.element.contains(event.target as globalThis.Node),
        ignoreMutation: (mutation) => field.element.contains(mutation.target),
      };
    };
  },
});
