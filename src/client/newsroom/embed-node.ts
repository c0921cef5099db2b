import { Node } from '@tiptap/core';
import { parseEmbedUrl, PROVIDER_NAMES } from '../../content/embed-url.js';

// The `embed` node: a provider and its canonical URL, checked against the same
// allow-list the server applies (render/blocks/embed-url.ts). The newsroom shows a card,
// never the provider's player or script.

export const Embed = Node.create({
  name: 'embed',
  group: 'block',
  atom: true,
  draggable: true,
  selectable: true,

  addAttributes() {
    return {
      provider: {
        default: null,
        parseHTML: (element) => element.getAttribute('data-embed-provider'),
        renderHTML: (attrs) => ({ 'data-embed-provider': attrs.provider as string | null }),
      },
      url: {
        default: null,
        parseHTML: (element) => element.getAttribute('data-embed-url'),
        renderHTML: (attrs) => ({ 'data-embed-url': attrs.url as string | null }),
      },
    };
  },

  parseHTML() {
    return [
      {
        tag: 'figure[data-embed-url]',
        getAttrs: (element) => {
          const target = parseEmbedUrl(element.getAttribute('data-embed-url') ?? '');
          return target ? { provider: target.provider, url: target.url } : false;
        },
      },
    ];
  },

  renderHTML({ HTMLAttributes }) {
    return ['figure', HTMLAttributes];
  },

  addNodeView() {
    return ({ node }) => {
      const dom = document.createElement('figure');
      dom.className = 'rte-embed';
      const target = parseEmbedUrl(String(node.attrs.url));
      const title = document.createElement('p');
      title.className = 'rte-embed-provider';
      title.textContent = target ? `${PROVIDER_NAMES[target.provider]} ${target.provider === 'youtube' ? 'video' : 'post'}` : 'Embed';
      const url = document.createElement('p');
      url.className = 'rte-embed-url';
      url.textContent = target?.url ?? '';
      const note = document.createElement('p');
      note.className = 'rte-embed-note';
      note.textContent = 'Readers see a link card; nothing loads from the provider until they ask.';
      dom.append(title, url, note);
      return { dom, ignoreMutation: () => true };
    };
  },
});
