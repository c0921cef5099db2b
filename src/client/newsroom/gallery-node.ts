import { Node } from '@tiptap/core';
import type { Node as PmNode } from '@tiptap/pm/model';
import type { GalleryNode } from '../../content/document.js';
import { parseGalleryAttrs } from '../../content/parse-document.js';
import { attrField } from './attr-field.js';
import type { MediaLibrary } from './media-library.js';

// The `gallery` node of the document model: library pictures shown together, all of them
// in attrs (an atom), so opening and saving a story never touches them. Galleries arrive
// with imported stories; here they show as a labelled strip of thumbnails whose caption
// can be edited. The editor's own HTML (copy and paste inside the newsroom) carries the
// attrs as JSON in `data-gallery`, checked again by the document model's rule.

function galleryAttrs(element: HTMLElement): GalleryNode['attrs'] | null {
  try {
    return parseGalleryAttrs(JSON.parse(element.getAttribute('data-gallery') ?? 'null'));
  } catch {
    return null;
  }
}

const imagesOf = (node: PmNode): GalleryNode['attrs']['images'] =>
  Array.isArray(node.attrs.images) ? (node.attrs.images as GalleryNode['attrs']['images']) : [];

function thumbnails(strip: HTMLElement, library: MediaLibrary, images: GalleryNode['attrs']['images']): void {
  strip.replaceChildren(
    ...images.map((image) => {
      const cell = document.createElement('li');
      cell.textContent = `Image ${image.mediaId}`;
      void library.lookup(image.mediaId).then((item) => {
        if (!item) return;
        const img = document.createElement('img');
        img.src = item.url;
        img.alt = image.alt ?? item.alt;
        if (item.width && item.height) {
          img.width = item.width;
          img.height = item.height;
        }
        cell.replaceChildren(img);
      });
      return cell;
    }),
  );
}

export function galleryNode(library: MediaLibrary) {
  return Node.create({
    name: 'gallery',
    group: 'block',
    atom: true,
    draggable: true,
    selectable: true,

    addAttributes() {
      return {
        images: { default: [], parseHTML: (element) => galleryAttrs(element)?.images ?? [], renderHTML: () => ({}) },
        caption: { default: null, parseHTML: (element) => galleryAttrs(element)?.caption ?? null, renderHTML: () => ({}) },
      };
    },

    parseHTML() {
      return [{ tag: 'figure[data-gallery]', getAttrs: (element) => (galleryAttrs(element) === null ? false : null) }];
    },

    renderHTML({ node }) {
      return ['figure', { 'data-gallery': JSON.stringify({ images: imagesOf(node), caption: node.attrs.caption as unknown }) }];
    },

    addNodeView() {
      return ({ node, editor, getPos }) => {
        const dom = document.createElement('figure');
        dom.className = 'rte-gallery';
        const label = document.createElement('p');
        label.className = 'rte-gallery-label';
        const strip = document.createElement('ul');
        strip.className = 'rte-gallery-strip';
        const field = attrField({ editor, getPos, attr: 'caption', label: 'Gallery caption' });
        const caption = document.createElement('figcaption');
        caption.append(field.element);
        dom.append(label, strip, caption);
        const show = (shown: PmNode): void => {
          const count = imagesOf(shown).length;
          label.textContent = `Gallery of ${count} ${count === 1 ? 'picture' : 'pictures'} (captions and alt text as imported)`;
          thumbnails(strip, library, imagesOf(shown));
        };
        show(node);
        field.sync(node);
        let current = node;
        return {
          dom,
          update(updated) {
            if (updated.type.name !== 'gallery') return false;
            if (updated.attrs.images !== current.attrs.images) show(updated);
            field.sync(updated);
            current = updated;
            return true;
          },
          stopEvent: (event) => caption.contains(event.target as globalThis.Node),
          ignoreMutation: () => true,
        };
      };
    },
  });
}
