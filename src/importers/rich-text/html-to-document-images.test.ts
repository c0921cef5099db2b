import { describe, expect, it } from 'vitest';
import { documentMediaIds, type BlockNode, type DocumentNode, type GalleryImage } from '../../content/document.js';
import { parseDocument } from '../../content/parse-document.js';
import { renderDocumentHtml } from '../../render/blocks/document-html.js';
import type { ImageView } from '../../render/html/view-model.js';
import { htmlImageSources, htmlToDocument } from './html-to-document.js';

// Imported bodies with a resolver (the migration's): `<img>`, captioned figures and
// galleries become library images; what the resolver does not know is reported.

const library: Record<string, number> = { '/a.jpg': 1, '/b.jpg': 2, 'https://old.example/c.jpg': 3 };

function importWith(html: string): { content: BlockNode[]; asked: string[]; missing: string[] } {
  const asked: string[] = [];
  const missing: string[] = [];
  const doc = htmlToDocument(html, {
    images: (src) => {
      asked.push(src);
      return library[src] ?? null;
    },
    onMissingImage: (src) => missing.push(src),
  });
  return { content: doc.content, asked, missing };
}

const text = (value: string): BlockNode => ({ type: 'paragraph', content: [{ type: 'text', text: value }] });
const image = (mediaId: number, attrs: Partial<GalleryImage> = {}): BlockNode => ({
  type: 'image',
  attrs: { mediaId, caption: null, credit: null, alt: null, ...attrs },
});
const picture = (mediaId: number, attrs: Partial<GalleryImage> = {}): GalleryImage => ({
  mediaId,
  caption: null,
  credit: null,
  alt: null,
  ...attrs,
});

describe('htmlToDocument with an image resolver', () => {
  it('makes an image a block of its own, splitting the paragraph it sat in, with its alt text', () => {
    expect(
      importWith('<p>Before <a href="/big"><img src="/a.jpg" alt=" A  quay "></a> after <img src="/b.jpg" alt=""></p>').content,
    ).toEqual([text('Before'), image(1, { alt: 'A quay' }), text('after'), image(2)]);
  });

  it('keeps an image inside a quote or a list item where it was', () => {
    expect(importWith('<blockquote><img src="/a.jpg"></blockquote><ul><li><img src="/b.jpg">x</li></ul>').content).toEqual([
      { type: 'blockquote', content: [image(1)] },
      { type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph' }, image(2), text('x')] }] },
    ]);
  });

  it('gives a figure’s image the figcaption as its caption, in plain words', () => {
    const html =
      '<figure class="wp-block-image"><a href="/a-full.jpg"><img src="/a.jpg" alt="Quay"></a><figcaption>The <em>quay</em><br>at <a href="/x">dawn</a>.</figcaption></figure>';
    expect(importWith(html).content).toEqual([image(1, { alt: 'Quay', caption: 'The quay at dawn.' })]);
  });

  it('makes a gallery of figure.gallery, with each picture’s own caption and the gallery’s', () => {
    const ghost = '<figure class="gallery"><img src="/a.jpg" alt="A"><img src="/b.jpg" alt="B"><figcaption>The port</figcaption></figure>';
    expect(importWith(ghost).content).toEqual([
      { type: 'gallery', attrs: { images: [picture(1, { alt: 'A' }), picture(2, { alt: 'B' })], caption: 'The port' } },
    ]);
    const gutenberg =
      '<figure class="wp-block-gallery has-nested-images columns-2"><ul class="blocks-gallery-grid">' +
      '<li><figure><img src="/a.jpg"><figcaption class="blocks-gallery-item__caption">Dawn</figcaption></figure></li>' +
      '<li><figure><img src="https://old.example/c.jpg"></figure></li></ul>' +
      '<figcaption class="blocks-gallery-caption">Two views</figcaption></figure>';
    expect(importWith(gutenberg).content).toEqual([
      { type: 'gallery', attrs: { images: [picture(1, { caption: 'Dawn' }), picture(3)], caption: 'Two views' } },
    ]);
  });

  it('reads a plain figure holding only several images as a gallery', () => {
    expect(importWith('<figure><img src="/a.jpg"><img src="/b.jpg"><figcaption>Both</figcaption></figure>').content).toEqual([
      { type: 'gallery', attrs: { images: [picture(1), picture(2)], caption: 'Both' } },
    ]);
  });

  it('splits a gallery of more than 50 pictures, the caption going with the last part', () => {
    const html = `<figure class="gallery">${'<img src="/a.jpg">'.repeat(60)}<figcaption>Many</figcaption></figure>`;
    const galleries = importWith(html).content.map((block) =>
      block.type === 'gallery' ? [block.attrs.images.length, block.attrs.caption] : null,
    );
    expect(galleries).toEqual([
      [50, null],
      [10, 'Many'],
    ]);
  });

  it('drops and reports, once each, the images the resolver does not know, and keeps the text around them', () => {
    const html =
      '<p>a <img src="/gone.jpg"> b</p><figure><img src="/gone.jpg"><figcaption>Lost caption</figcaption></figure>' +
      '<figure class="gallery"><img src="/gone-2.jpg"><img src="/b.jpg"></figure><figure class="gallery"><img src="/gone-2.jpg"><figcaption>Empty set</figcaption></figure>';
    const { content, missing } = importWith(html);
    expect(content).toEqual([
      text('a b'),
      text('Lost caption'),
      { type: 'gallery', attrs: { images: [picture(2)], caption: null } },
      text('Empty set'),
    ]);
    expect(missing).toEqual(['/gone.jpg', '/gone-2.jpg']);
  });

  it('asks the resolver about exactly the sources htmlImageSources lists, entities decoded, lazy-loaded ones by their real file', () => {
    const html =
      '<p><img src="/a.jpg?w=1&amp;h=2"><img src="data:image/gif;base64,R0lGOD" data-lazy-src="https://old.example/c.jpg"></p>' +
      '<script><img src="/in-script.jpg"></script><figure class="gallery"><img src="/b.jpg"><img src="/a.jpg?w=1&amp;h=2"></figure>';
    expect(htmlImageSources(html)).toEqual(['/a.jpg?w=1&h=2', 'https://old.example/c.jpg', '/b.jpg']);
    expect(new Set(importWith(html).asked)).toEqual(new Set(htmlImageSources(html)));
  });

  it('never hands the resolver a script, data or control-character source', () => {
    const html = [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'java&#x09;script:alert(1)',
      '&#106;avascript:alert(1)',
      'vbscript:x',
      'data:image/svg+xml,<svg onload=alert(1)>',
      'blob:https://old.example/1',
      '#top',
      '',
    ]
      .map((src) => `<img src="${src}">`)
      .join('');
    expect(htmlImageSources(html)).toEqual([]);
    expect(importWith(html).asked).toEqual([]);
  });

  it('without a resolver, imports exactly as before: images and gallery classes dropped, nothing reported', () => {
    const html = '<p>a <img src="/a.jpg" alt="A"> b</p><figure class="gallery"><img src="/b.jpg"><figcaption>Set</figcaption></figure>';
    const missing: string[] = [];
    expect(htmlToDocument(html, { onMissingImage: (src) => missing.push(src) })).toEqual(htmlToDocument(html));
    expect(htmlToDocument(html).content).toEqual([text('a b'), text('Set')]);
    expect(missing).toEqual([]);
  });

  it('produces documents that parseDocument accepts unchanged', () => {
    const html =
      '<p>x<img src="/a.jpg" alt="A"></p><figure class="gallery"><figure><img src="/b.jpg"><figcaption>c</figcaption></figure></figure>';
    const imported = htmlToDocument(html, { images: (src) => library[src] ?? null });
    expect(parseDocument(JSON.parse(JSON.stringify(imported)))).toEqual(imported);
  });
});

describe('a rendered body imported back with a resolver', () => {
  const quay: ImageView = {
    src: '/media/quay-960.jpg',
    sources: [{ type: 'image/jpeg', srcset: '/media/quay-480.jpg 480w, /media/quay-960.jpg 960w' }],
    width: 1600,
    height: 1067,
    alt: 'A quay at dawn',
    caption: 'The quay before the talks.',
    credit: 'Ana Ruiz',
  };
  const harbour: ImageView = { ...quay, src: '/media/harbour-960.jpg', sources: [], alt: 'The harbour', caption: null, credit: null };
  const media = new Map([
    [12, quay],
    [30, harbour],
  ]);
  const byUrl = (src: string): number | null => [...media].find(([, view]) => view.src === src)?.[0] ?? null;

  const original: DocumentNode = {
    type: 'doc',
    content: [
      text('Before.'),
      image(12),
      image(30, { caption: 'Low <tide> & mud.', credit: 'Desk', alt: 'Mud' }),
      { type: 'gallery', attrs: { images: [picture(30), picture(12, { caption: 'Again.' })], caption: 'The port.' } },
    ],
  };

  it('renders the same page again, with the same images in the same nodes', () => {
    const html = renderDocumentHtml(original, media);
    const imported = htmlToDocument(html, { images: byUrl });
    expect(renderDocumentHtml(imported, media)).toBe(html);
    expect(imported.content.map((block) => block.type)).toEqual(original.content.map((block) => block.type));
    expect(documentMediaIds(imported)).toEqual(documentMediaIds(original));
  });

  it('keeps the library’s text as this use’s own (the page cannot tell them apart)', () => {
    const imported = htmlToDocument(renderDocumentHtml(original, media), { images: byUrl });
    expect(imported.content[1]).toEqual(image(12, { caption: 'The quay before the talks.', credit: 'Ana Ruiz', alt: 'A quay at dawn' }));
    expect(imported.content[2]).toEqual(image(30, { caption: 'Low <tide> & mud.', credit: 'Desk', alt: 'Mud' }));
  });
});
