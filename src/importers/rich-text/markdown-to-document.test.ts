import { describe, expect, it } from 'vitest';
import { renderDocumentHtml } from '../../render/blocks/document-html.js';
import { htmlToDocument } from './html-to-document.js';
import { markdownToDocument } from './markdown-to-document.js';

const render = (markdown: string): string => renderDocumentHtml(markdownToDocument(markdown));

describe('markdownToDocument', () => {
  it('keeps quotes, with curly quotes and dashes from the typographer', () => {
    expect(render('> "Never," she said -- twice --- and left.')).toBe(
      '<blockquote><p>“Never,” she said – twice — and left.</p></blockquote>',
    );
  });

  it('keeps links and emphasis', () => {
    expect(render('*Em*, **strong**, `code` and [a link](https://example.com/a) or [home](/).')).toBe(
      '<p><em>Em</em>, <strong>strong</strong>, <code>code</code> and <a href="https://example.com/a" rel="noopener noreferrer">a link</a> or <a href="/">home</a>.</p>',
    );
  });

  it('keeps bullet and ordered lists, with their start number', () => {
    expect(render('- a\n- b\n\n3. c\n4. d')).toBe(
      '<ul><li><p>a</p></li><li><p>b</p></li></ul><ol start="3"><li><p>c</p></li><li><p>d</p></li></ol>',
    );
  });

  it('clamps headings to levels 2 to 4', () => {
    expect(render('# One\n\n## Two\n\n##### Five')).toBe('<h2>One</h2><h2>Two</h2><h4>Five</h4>');
  });

  it('leaves bare URLs as text', () => {
    expect(render('See https://example.com')).toBe('<p>See https://example.com</p>');
  });

  it('sends embedded HTML through the same sanitizer', () => {
    expect(render('Hi <span onclick="x()">there</span>\n\n<div><script>alert(1)</script><b>bold</b></div>')).toBe(
      '<p>Hi there</p><p><strong>bold</strong></p>',
    );
  });

  it('is stable on a second round trip through HTML', () => {
    const once = render('# T\n\n"Q" -- *a* **b** `c` [d](https://example.com)\n\n> q\n\n1. x\n   - y\n\n---\n\n```\ncode\n```');
    expect(renderDocumentHtml(htmlToDocument(once))).toBe(once);
  });
});
