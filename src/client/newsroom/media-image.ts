import { Node } from '@tiptap/core';
import { attrField } from './attr-field.js';
import type { MediaLibrary } from './media-library.js';

// The `image` node of the document model: a media library id plus this story's own
// caption, credit and alt text (null keeps the library's). Images pasted from elsewhere
// have no media id and are not parsed at all: only the editor's own figures come back.

const numberAttr = (value: string | null): number | null => {
  const id = Number(value);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
};

const textAttr = (name: string) => ({
  default: null,
  parseHTML: (element: HTMLElement) => element.getAttribute(`data-${name}`),
  renderHTML: (attrs: Record<string, unknown>) => (typeof attrs[name] === 'string' ? { [`data-${name}`]: attrs[name] } : {}),
});

function preview(figure: HTMLElement, library: MediaLibrary, mediaId: number, fields: ReturnType<typeof attrField>[]): void {
  const [caption, credit, alt] = fields;
  void library.lookup(mediaId).then((item) => {
    const box = figure.querySelector('.rte-image-preview');
    if (!box) return;
    if (!item) {
      box.textContent = `Image ${mediaId} from the media library (no preview).`;
      // A picture just uploaded from the editor has no sizes yet: image-upload.ts says when it has.
      const ready = (event: Event) => {
        if ((event as CustomEvent<{ id?: number }>).detail?.id !== mediaId) return;
        window.removeEventListener('rte:media-ready', ready);
        if (figure.isConnected) preview(figure, library, mediaId, fields);
      };
      window.addEventListener('rte:media-ready', ready);
      return;
    }
    const img = document.createElement('img');
    img.src = item.url;
    img.alt = item.alt;
    if (item.width && item.height) {
      img.width = item.width;
      img.height = item.height;
    }
    box.replaceChildren(img);
    // The library's text shows as the placeholder: what readers see unless overridden.
    if (caption && item.caption) caption.input.placeholder = item.caption;
    if (credit && item.credit) credit.input.placeholder = item.credit;
    if (alt && item.alt) alt.input.placeholder = item.alt;
  });
}

export function mediaImage(library: MediaLibrary) {
  return Node.create({
    name: 'image',
    group: 'block',
    atom: true,
    draggable: true,
    selectable: true,

    addAttributes() {
      return {
        mediaId: {
          default: null,
          parseHTML: (element) => numberAttr(element.getAttribute('data-media-id')),
          renderHTML: (attrs) => ({ 'data-media-id': String(attrs.mediaId) }),
        },
        caption: textAttr('caption'),
        credit: textAttr('credit'),
        alt: textAttr('alt'),
      };
    },

    parseHTML() {
      return [
        {
          tag: 'figure[data-media-id]',
          getAttrs: (element) => (numberAttr(element.getAttribute('data-media-id')) === null ? false : null),
        },
      ];
    },

    renderHTML({ HTMLAttributes }) {
      return ['figure', HTMLAttributes];
    },

    addNodeView() {
      return ({ node, editor, getPos }) => {
        const dom = document.createElement('figure');
        dom.className = 'rte-image';
        const box = document.createElement('div');
        box.className = 'rte-image-preview';
        box.textContent = 'Loading the image…';
        const fields = [
          attrField({ editor, getPos, attr: 'caption', label: 'Caption (this story)' }),
          attrField({ editor, getPos, attr: 'credit', label: 'Credit (this story)' }),
          attrField({ editor, getPos, attr: 'alt', label: 'Alt text (this story)' }),
        ];
        const caption = document.createElement('figcaption');
        caption.append(...fields.map((field) => field.element));
        dom.append(box, caption);
        for (const field of fields) field.sync(node);
        preview(dom, library, node.attrs.mediaId as number, fields);
        return {
          dom,
          update(updated) {
            if (updated.type.name !== 'image' || updated.attrs.mediaId !== node.attrs.mediaId) return false;
            for (const field of fields) field.sync(updated);
            return true;
          },
          stopEvent: (event) => caption.contains(event.target as globalThis.Node),
          ignoreMutation: () => true,
        };
      };
    },
  });
}
