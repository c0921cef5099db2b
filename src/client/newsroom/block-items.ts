import type { Editor } from '@tiptap/core';
import type { Filterable } from './block-filter.js';
import { openGalleryPicker } from './gallery-picker.js';
import { openEmbedPanel, openImagePicker, type Context } from './toolbar-items.js';

// Every block of the document model (src/content/document.ts), as the `/` menu and the
// `+` button offer them: the same commands as the toolbar, applied to the empty line the
// menu was opened from. Paragraph and hard break need no menu; marks are not blocks.

export interface BlockItem extends Filterable {
  id: string;
  /** What it does, read after the name. */
  hint: string;
  run(editor: Editor): void;
}

export function blockItems(context: Context): BlockItem[] {
  const heading = (level: 2 | 3 | 4): BlockItem => ({
    id: `heading-${level}`,
    label: `Heading ${level}`,
    keywords: [`h${level}`, '#'.repeat(level), level === 2 ? 'subheading' : 'heading', 'title'],
    hint: level === 2 ? 'A section of the story' : level === 3 ? 'A part of a section' : 'A small heading',
    run: (editor) => editor.chain().focus().setHeading({ level }).run(),
  });
  return [
    heading(2),
    heading(3),
    heading(4),
    {
      id: 'blockquote',
      label: 'Quote',
      keywords: ['blockquote', '>', 'citation'],
      hint: 'A passage quoted at length',
      run: (editor) => editor.chain().focus().setBlockquote().run(),
    },
    {
      id: 'pull-quote',
      label: 'Pull quote',
      keywords: ['callout', 'highlight'],
      hint: 'A line set large in the layout, with who said it',
      run: (editor) => editor.chain().focus().setNode('pullQuote').run(),
    },
    {
      id: 'bullet-list',
      label: 'Bulleted list',
      keywords: ['ul', 'unordered', '-', '*'],
      hint: 'Points in no order',
      run: (editor) => editor.chain().focus().toggleBulletList().run(),
    },
    {
      id: 'ordered-list',
      label: 'Numbered list',
      keywords: ['ol', 'ordered', '1.'],
      hint: 'Steps or a ranking',
      run: (editor) => editor.chain().focus().toggleOrderedList().run(),
    },
    {
      id: 'divider',
      label: 'Divider',
      keywords: ['hr', 'rule', 'separator', '---'],
      hint: 'A break between parts',
      run: (editor) => editor.chain().focus().setHorizontalRule().run(),
    },
    {
      id: 'image',
      label: 'Image from the library',
      keywords: ['picture', 'photo', 'media'],
      hint: 'Choose a picture already in the media library',
      run: (editor) => openImagePicker(editor, context),
    },
    {
      id: 'upload',
      label: 'Upload image',
      keywords: ['picture', 'photo', 'file', 'media'],
      hint: 'Add a picture from this computer to the library and the story',
      run: () => context.uploadImage(),
    },
    {
      id: 'gallery',
      label: 'Gallery',
      keywords: ['images', 'pictures', 'photos', 'slideshow'],
      hint: 'Several library pictures together',
      run: (editor) => openGalleryPicker(editor, context),
    },
    {
      id: 'embed',
      label: 'Embed',
      keywords: ['video', 'youtube', 'x', 'twitter', 'bluesky', 'post'],
      hint: 'A YouTube video or a post from X or Bluesky',
      run: (editor) => openEmbedPanel(editor, context),
    },
  ];
}
