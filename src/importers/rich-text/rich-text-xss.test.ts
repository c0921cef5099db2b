import type { ChildNode } from 'domhandler';
import { DomUtils, parseDocument as parseHtml } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { renderDocumentHtml } from '../../render/blocks/document-html.js';
import type { ImageView } from '../../render/html/view-model.js';
import { parseDocument } from '../../content/parse-document.js';
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

// With an image resolver, the library's pictures are rendered too, from the library's
// own view (never from the imported src).
const WITH_PICTURES: Record<string, string[]> = {
  ...ALLOWED_ATTRIBUTES,
  figcaption: ['class'],
  ul: ['class'],
  span: ['class'],
  picture: [],
  source: ['type', 'srcset', 'sizes'],
  img: ['src', 'srcset', 'sizes', 'width', 'height', 'alt', 'loading', 'decoding'],
};

function liveProblems(nodes: ChildNode[], allowlist = ALLOWED_ATTRIBUTES): string[] {
  return nodes.flatMap((node): string[] => {
    if (!DomUtils.isTag(node)) return [];
    const allowed = allowlist[node.name];
    if (allowed === undefined) return [`element <${node.name}>`, ...liveProblems(node.children, allowlist)];
    const attributes = Object.keys(node.attribs).filter((name) => !allowed.includes(name));
    const href = node.attribs.href;
    const badHref = href !== undefined && (safeHref(href) !== href || /^\s*(javascript|vbscript|data):/i.test(href));
    return [
      ...attributes.map((name) => `attribute ${name} on <${node.name}>`),
      ...(badHref ? [`href ${href}`] : []),
      ...liveProblems(node.children, allowlist),
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

  describe('with an image resolver', () => {
    const view: ImageView = {
      src: '/media/ok-960.jpg',
      sources: [],
      width: 10,
      height: 10,
      alt: 'Library alt',
      caption: null,
      credit: null,
    };
    const media = new Map([[1, view]]);
    // Each of these holds one usable image, which must come through as the library's picture.
    const imagePayloads = [
      '<img src="/a.jpg" onerror="alert(1)" onload="alert(1)" style="x" srcset="javascript:alert(1) 1x">',
      '<img src="/a.jpg" alt=\'"><script>alert(1)</script>\'>',
      '<p>x<img src="javascript:alert(1)">y</p><img src="data:text/html,<script>alert(1)</script>"><img src="/a.jpg">',
      '<figure class="gallery" onclick="alert(1)" style="x"><img src="/a.jpg" alt="<img src=x onerror=alert(1)>"><figcaption><script>alert(1)</script><a href="javascript:alert(1)">c</a></figcaption></figure>',
      '<figure><img src="/a.jpg"><figcaption><span class="credit" onclick="alert(1)">Photo: <img src=x onerror=alert(1)></span></figcaption></figure>',
      '<div class="gallery" onmouseover="alert(1)"><svg><image href="javascript:alert(1)"/></svg><img src="/a.jpg"></div>',
      '<picture><source srcset="javascript:alert(1)"><img src="/a.jpg"></picture><video poster="javascript:alert(1)"><img src="/b.jpg"></video>',
    ];
    const render = (payload: string): string => {
      const imported = htmlToDocument(payload, { images: () => 1 });
      expect(parseDocument(JSON.parse(JSON.stringify(imported)))).toEqual(imported);
      return renderDocumentHtml(imported, media);
    };

    it.each([...imagePayloads, ...htmlPayloads])(
      'renders only the library’s pictures and no live script, handler or URL from %s',
      (payload) => {
        const html = render(payload);
        expect(liveProblems(parseHtml(html).children, WITH_PICTURES)).toEqual([]);
        const loaded = DomUtils.findAll((element) => element.attribs.src !== undefined, parseHtml(html).children);
        expect(loaded.map((element) => element.attribs.src)).toEqual(loaded.map(() => view.src));
        expect(html).not.toMatch(/<(script|svg|iframe|style|object|embed|video)/i);
      },
    );

    it.each(imagePayloads)('keeps the one usable image of %s', (payload) => {
      expect(render(payload).match(/<img /g)).toHaveLength(1);
    });
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
