import { describe, expect, it } from 'vitest';
import type { BlockNode } from '../../content/document.js';
import { renderDocumentHtml } from '../../render/blocks/document-html.js';
import { parseDocument } from '../../content/parse-document.js';
import { htmlToDocument } from './html-to-document.js';

const blocks = (html: string): BlockNode[] => htmlToDocument(html).content;
const roundTrip = (html: string): string => renderDocumentHtml(htmlToDocument(html));

// Shaped like a real Google Docs clipboard: a `<b style="font-weight:normal">` wrapper,
// styled spans for bold and italic, `<br>` between paragraphs, lists of paragraphs.
const googleDocs =
  '<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-3b1c2a7f-7fff-1e2d">' +
  '<p dir="ltr" style="line-height:1.38;margin-top:0pt;margin-bottom:0pt;"><span style="font-size:11pt;font-family:Arial,sans-serif;color:#000000;font-weight:400;font-style:normal;white-space:pre-wrap;">The council met on </span>' +
  '<span style="font-size:11pt;font-family:Arial,sans-serif;font-weight:700;font-style:normal;">Tuesday</span>' +
  '<span style="font-size:11pt;font-weight:400;font-style:italic;">, again</span><span style="font-weight:700;font-style:italic">!</span></p>' +
  '<br><p dir="ltr" style="line-height:1.38;"><span style="font-size:11pt;">Second paragraph.</span></p>' +
  '<ul style="margin-top:0;padding-inline-start:48px;"><li dir="ltr" style="list-style-type:disc;" aria-level="1"><p dir="ltr" role="presentation"><span style="font-size:11pt;">First point</span></p></li></ul></b>';

// Shaped like a Word clipboard: head with XML and styles, MsoNormal paragraphs,
// `<o:p>`, `mso-` styles (mso-bidi-font-weight:normal is still bold), list glyph spans.
const word =
  '<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta name=ProgId content=Word.Document>' +
  '<!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View></w:WordDocument></xml><![endif]-->' +
  '<style><!-- p.MsoNormal {mso-style-parent:""; margin:0in;} --></style></head><body lang=EN-US><!--StartFragment-->' +
  "<p class=MsoNormal>The <b style='mso-bidi-font-weight:normal'>mayor</b> said <i style='mso-bidi-font-style:normal'>nothing</i><span style='mso-spacerun:yes'>  </span>at all.<o:p></o:p></p>" +
  '<p class=MsoNormal><o:p>&nbsp;</o:p></p>' +
  "<p class=MsoListParagraphCxSpFirst style='text-indent:-.25in;mso-list:l0 level1 lfo1'><![if !supportLists]><span style='font-family:Symbol'><span style='mso-list:Ignore'>·<span style='font:7.0pt \"Times New Roman\"'>&nbsp;&nbsp;&nbsp; </span></span></span><![endif]>First item<o:p></o:p></p>" +
  '<p class=MsoNormal><font face="Calibri" size=3>Old font tag</font></p><!--EndFragment--></body></html>';

describe('htmlToDocument', () => {
  it('reads paragraphs, headings, quotes, lists and rules', () => {
    expect(
      roundTrip(
        '<h1>Head</h1><h3>Sub</h3><h6>Small</h6><p>Text</p><blockquote><p>Quote</p></blockquote><ul><li>a</li></ul><ol start="3"><li>b</li></ol><hr>',
      ),
    ).toBe(
      '<h2>Head</h2><h3>Sub</h3><h4>Small</h4><p>Text</p><blockquote><p>Quote</p></blockquote><ul><li><p>a</p></li></ul><ol start="3"><li><p>b</p></li></ol><hr>',
    );
  });

  it('keeps bold, italic, code and safe links as marks', () => {
    expect(blocks('<p><b>b</b> <i>i</i> <code>c</code> <a href="https://example.com/">l</a></p>')).toEqual([
      {
        type: 'paragraph',
        content: [
          { type: 'text', text: 'b', marks: [{ type: 'bold' }] },
          { type: 'text', text: ' ' },
          { type: 'text', text: 'i', marks: [{ type: 'italic' }] },
          { type: 'text', text: ' ' },
          { type: 'text', text: 'c', marks: [{ type: 'code' }] },
          { type: 'text', text: ' ' },
          { type: 'text', text: 'l', marks: [{ type: 'link', attrs: { href: 'https://example.com/' } }] },
        ],
      },
    ]);
  });

  it('wraps stray inline content in paragraphs and drops empty ones', () => {
    expect(roundTrip('loose <b>text</b><p> </p><p><br></p><p>&nbsp;</p><div>in a div</div>tail')).toBe(
      '<p>loose <strong>text</strong></p><p>in a div</p><p>tail</p>',
    );
  });

  it('collapses white space as a browser would, across tags and around breaks', () => {
    expect(roundTrip('<p>\n  one   <b> two </b>  three <br>\n four\t</p>')).toBe('<p>one <strong>two </strong>three<br>four</p>');
  });

  it('decodes entities into plain text', () => {
    expect(blocks('<p>Fish &amp; chips &lt;3 &eacute;t&eacute; &#8212; &quot;x&quot;</p>')).toEqual([
      { type: 'paragraph', content: [{ type: 'text', text: 'Fish & chips <3 été — "x"' }] },
    ]);
  });

  it('reads a pull quote with its attribution', () => {
    expect(
      blocks('<figure class="pull-quote"><blockquote><p>Big</p><p>words</p></blockquote><figcaption> Ann  Smith </figcaption></figure>'),
    ).toEqual([
      {
        type: 'pullQuote',
        attrs: { attribution: 'Ann Smith' },
        content: [{ type: 'text', text: 'Big' }, { type: 'hardBreak' }, { type: 'text', text: 'words' }],
      },
    ]);
  });

  it('puts a nested list written as a sibling into the item before it', () => {
    expect(roundTrip('<ul><li>a</li><ul><li>b</li></ul></ul>')).toBe('<ul><li><p>a</p><ul><li><p>b</p></li></ul></li></ul>');
  });

  it('turns preformatted code into a code-marked paragraph, one line per break', () => {
    expect(roundTrip('<pre><code>a = 1\nb = 2\n</code></pre>')).toBe('<p><code>a = 1</code><br><code>b = 2</code></p>');
  });

  it('turns a Google Docs paste into clean paragraphs keeping bold and italic', () => {
    expect(roundTrip(googleDocs)).toBe(
      '<p>The council met on <strong>Tuesday</strong><em>, again</em><strong><em>!</em></strong></p><p>Second paragraph.</p><ul><li><p>First point</p></li></ul>',
    );
  });

  it('turns a Word paste into clean paragraphs keeping bold and italic', () => {
    expect(roundTrip(word)).toBe('<p>The <strong>mayor</strong> said <em>nothing</em> at all.</p><p>First item</p><p>Old font tag</p>');
  });

  it.each([
    ['Google Docs', googleDocs],
    ['Word', word],
    [
      'mixed',
      '<p>a <b>b <i>c</i></b> <a href="/x">d</a><br>e</p><ul><li>x<ol start="0"><li>y</li></ol></li></ul><figure class="pull-quote"><blockquote>q</blockquote></figure>',
    ],
  ])('is stable on a second round trip through HTML (%s)', (_name, html) => {
    const once = roundTrip(html);
    expect(roundTrip(once)).toBe(once);
    expect(htmlToDocument(once)).toEqual(htmlToDocument(html));
  });

  it('produces documents that parseDocument accepts unchanged', () => {
    for (const html of [googleDocs, word, '<ul><li><ul><li>x</li></ul></li></ul><pre>a\nb</pre><p><a href="/x"><code>c</code></a></p>']) {
      const imported = htmlToDocument(html);
      expect(parseDocument(JSON.parse(JSON.stringify(imported)))).toEqual(imported);
    }
  });

  it('survives deeply nested markup', () => {
    const imported = htmlToDocument(`${'<div><b>'.repeat(50_000)}deep`);
    expect(renderDocumentHtml(imported)).toBe('<p><strong>deep</strong></p>');
  });

  it('imports an embed back from the HTML the renderer writes, and drops images, which have no media id', () => {
    const embed: BlockNode = { type: 'embed', attrs: { provider: 'x', url: 'https://x.com/NewsDesk/status/1790000000000000001' } };
    const html = renderDocumentHtml({ type: 'doc', content: [embed] });
    expect(htmlToDocument(html).content).toEqual([embed]);
    expect(
      htmlToDocument('<figure class="embed"><a href="https://evil.example/x">x</a></figure><p><img src="/a.jpg" alt="A">b</p>').content,
    ).toEqual([{ type: 'paragraph', content: [{ type: 'text', text: 'b' }] }]);
  });
});
