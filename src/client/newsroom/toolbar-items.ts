import type { Editor } from '@tiptap/core';
import { parseEmbedUrl } from '../../content/embed-url.js';
import { safeHref } from '../../content/safe-url.js';
import { openMediaPicker } from './media-picker.js';
import type { MediaLibrary } from './media-library.js';
import type { ToolbarItem } from './toolbar.js';
import { openUrlPanel } from './url-panel.js';

// What the toolbar offers: exactly the marks and blocks of the document model.

export interface Context {
  panelHost: HTMLElement;
  library: MediaLibrary;
  refocus: () => void;
  /** The block menu (`/`), also offered on the toolbar. */
  openBlockMenu: () => void;
  /** Upload an image file from this computer into the library and the body. */
  uploadImage: () => void;
}

const heading = (level: 2 | 3 | 4): ToolbarItem => ({
  label: `Heading ${level}`,
  keys: `Ctrl+Alt+${level}`,
  isActive: (editor) => editor.isActive('heading', { level }),
  run: (editor) => editor.chain().focus().toggleHeading({ level }).run(),
});

function linkItem({ panelHost, refocus }: Context): ToolbarItem {
  return {
    label: 'Link',
    isActive: (editor) => editor.isActive('link'),
    run: (editor: Editor) => {
      const current = editor.getAttributes('link').href as string | undefined;
      openUrlPanel({
        host: panelHost,
        label: 'Link address',
        hint: 'https://…, http://…, mailto:… or a path on this site (/…).',
        submitLabel: current ? 'Update link' : 'Add link',
        initial: current ?? '',
        submit: (value) => {
          const href = safeHref(value);
          if (href === null) return 'This address cannot be a link: use https://, http://, mailto: or a path starting with /.';
          editor.chain().focus().extendMarkRange('link').setLink({ href }).run();
          return null;
        },
        actions: current ? [{ label: 'Remove link', run: () => editor.chain().focus().extendMarkRange('link').unsetLink().run() }] : [],
        onClose: refocus,
      });
    },
  };
}

/** The embed form: a URL checked against the allow-list, inserted where the cursor is. */
export function openEmbedPanel(editor: Editor, { panelHost, refocus }: Pick<Context, 'panelHost' | 'refocus'>): void {
  openUrlPanel({
    host: panelHost,
    label: 'Address of the video or post',
    hint: 'A YouTube video, an X post or a Bluesky post. Readers get a link card; nothing loads from the provider until they ask.',
    submitLabel: 'Embed',
    submit: (value) => {
      const target = parseEmbedUrl(value);
      if (target === null) return 'Only YouTube videos, X posts and Bluesky posts can be embedded. Check the address.';
      editor
        .chain()
        .focus()
        .insertContent({ type: 'embed', attrs: { provider: target.provider, url: target.url } })
        .run();
      return null;
    },
    onClose: refocus,
  });
}

function embedItem(context: Context): ToolbarItem {
  return { label: 'Embed', run: (editor) => openEmbedPanel(editor, context) };
}

/** The library picker: the chosen image goes where the cursor is, with the library's text. */
export function openImagePicker(editor: Editor, { panelHost, library, refocus }: Pick<Context, 'panelHost' | 'library' | 'refocus'>): void {
  openMediaPicker({
    host: panelHost,
    library,
    choose: (item) =>
      editor
        .chain()
        .focus()
        .insertContent({ type: 'image', attrs: { mediaId: item.id, caption: null, credit: null, alt: null } })
        .run(),
    onClose: refocus,
  });
}

function imageItem(context: Context): ToolbarItem {
  return { label: 'Image', run: (editor) => openImagePicker(editor, context) };
}

export function toolbarItems(context: Context): Array<ToolbarItem | 'separator'> {
  return [
    { label: 'Bold', keys: 'Ctrl+B', isActive: (e) => e.isActive('bold'), run: (e) => e.chain().focus().toggleBold().run() },
    { label: 'Italic', keys: 'Ctrl+I', isActive: (e) => e.isActive('italic'), run: (e) => e.chain().focus().toggleItalic().run() },
    linkItem(context),
    'separator',
    {
      label: 'Paragraph',
      keys: 'Ctrl+Alt+0',
      isActive: (e) => e.isActive('paragraph'),
      run: (e) => e.chain().focus().setParagraph().run(),
    },
    heading(2),
    heading(3),
    heading(4),
    'separator',
    {
      label: 'Block quote',
      keys: 'Ctrl+Shift+B',
      isActive: (e) => e.isActive('blockquote'),
      run: (e) => e.chain().focus().toggleBlockquote().run(),
    },
    {
      label: 'Pull quote',
      isActive: (e) => e.isActive('pullQuote'),
      run: (e) => e.chain().focus().toggleNode('pullQuote', 'paragraph').run(),
    },
    {
      label: 'Bulleted list',
      keys: 'Ctrl+Shift+8',
      isActive: (e) => e.isActive('bulletList'),
      run: (e) => e.chain().focus().toggleBulletList().run(),
    },
    {
      label: 'Numbered list',
      keys: 'Ctrl+Shift+7',
      isActive: (e) => e.isActive('orderedList'),
      run: (e) => e.chain().focus().toggleOrderedList().run(),
    },
    { label: 'Divider', run: (e) => e.chain().focus().setHorizontalRule().run() },
    'separator',
    imageItem(context),
    { label: 'Upload', run: () => context.uploadImage() },
    embedItem(context),
    { label: 'Insert block', keys: '/', run: () => context.openBlockMenu() },
    'separator',
    { label: 'Undo', keys: 'Ctrl+Z', run: (e) => e.chain().focus().undo().run() },
    { label: 'Redo', keys: 'Ctrl+Shift+Z', run: (e) => e.chain().focus().redo().run() },
  ];
}
