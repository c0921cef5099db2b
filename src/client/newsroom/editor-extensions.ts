import type { Editor, Extensions } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { safeHref } from '../../content/safe-url.js';
import { Embed } from './embed-node.js';
import { galleryNode } from './gallery-node.js';
import { mediaImage } from './media-image.js';
import { MarkdownShortcuts } from './markdown-shortcuts.js';
import type { MediaLibrary } from './media-library.js';
import { PullQuote } from './pull-quote.js';
import { blockTrigger, type BlockTrigger } from './slash-command.js';

// The editor's schema is the document model's (src/content/document.ts), node for node:
// what the model does not have (strike, underline, code blocks, h1/h5/h6) is not
// registered, so it can be neither typed nor pasted. The behaviours added here (the `/`
// and `+` block menu, the `# ` shortcut) add no node or mark.

export function editorExtensions(
  library: MediaLibrary,
  openBlocks: (editor: Editor, trigger: BlockTrigger) => void = () => {},
): Extensions {
  return [
    StarterKit.configure({
      heading: { levels: [2, 3, 4] },
      codeBlock: false,
      strike: false,
      underline: false,
      link: {
        openOnClick: false,
        autolink: true,
        linkOnPaste: true,
        defaultProtocol: 'https',
        protocols: ['mailto'],
        // The server's rule (render/blocks/safe-url.ts): http, https, mailto, site paths.
        isAllowedUri: (url) => safeHref(url) !== null,
        shouldAutoLink: (url) => safeHref(url) !== null,
        HTMLAttributes: { rel: 'noopener noreferrer', target: null, class: null },
      },
    }),
    PullQuote,
    mediaImage(library),
    galleryNode(library),
    Embed,
    MarkdownShortcuts,
    blockTrigger(openBlocks),
  ];
}
