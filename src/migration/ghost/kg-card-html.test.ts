import { describe, expect, it } from 'vitest';
import { kgCardHtmlToHtml } from './kg-card-html.js';

describe("kgCardHtmlToHtml (Ghost's rendered html column)", () => {
  it('rewrites image and gallery cards, dropping srcset and classes', () => {
    const { html, warnings } = kgCardHtmlToHtml(
      '<figure class="kg-card kg-image-card kg-card-hascaption"><a href="/x"><img src="/a.jpg" class="kg-image" alt="A &amp; B" srcset="/a-600.jpg 600w"></a><figcaption>Photo: <i>staff</i></figcaption></figure>' +
        '<figure class="kg-card kg-gallery-card kg-width-wide"><div class="kg-gallery-container"><div class="kg-gallery-row"><div class="kg-gallery-image"><img src="/1.jpg"></div><div class="kg-gallery-image"><img src="/2.jpg" alt="two"></div></div></div></figure>',
    );
    expect(html).toBe(
      '<figure><img src="/a.jpg" alt="A &amp; B"><figcaption>Photo: <i>staff</i></figcaption></figure><figure class="gallery"><img src="/1.jpg" alt=""><img src="/2.jpg" alt="two"></figure>',
    );
    expect(warnings).toEqual([]);
  });

  it('turns X and Bluesky quote embeds into embeds by the link that names the post', () => {
    const tweet =
      '<figure class="kg-card kg-embed-card"><blockquote class="twitter-tweet"><p>Hi</p>&mdash; Ghost (@Ghost) <a href="https://twitter.com/Ghost/status/1234567890?ref_src=twsrc">May 1</a></blockquote><script async src="https://platform.twitter.com/widgets.js"></script></figure>';
    const skeet =
      '<figure class="kg-card kg-embed-card"><blockquote class="bluesky-embed" data-bluesky-uri="at://did:plc:abc/app.bsky.feed.post/3k"><p>Hey</p>&mdash; <a href="https://bsky.app/profile/did:plc:abc?ref_src=embed">Ex</a> <a href="https://bsky.app/profile/did:plc:abc/post/3k?ref_src=embed">date</a></blockquote></figure>';
    expect(kgCardHtmlToHtml(tweet + skeet).html).toBe(
      '<figure class="embed"><a href="https://x.com/Ghost/status/1234567890">https://x.com/Ghost/status/1234567890</a></figure>' +
        '<figure class="embed"><a href="https://bsky.app/profile/did:plc:abc/post/3k">https://bsky.app/profile/did:plc:abc/post/3k</a></figure>',
    );
  });

  it('turns bookmarks into links, callouts into quotes and reports cards it keeps as text', () => {
    const { html, warnings } = kgCardHtmlToHtml(
      '<figure class="kg-card kg-bookmark-card"><a class="kg-bookmark-container" href="https://ghost.org"><div class="kg-bookmark-content"><div class="kg-bookmark-title">Ghost</div><div class="kg-bookmark-description">CMS</div></div></a></figure>' +
        '<div class="kg-card kg-callout-card kg-callout-card-grey"><div class="kg-callout-emoji">💡</div><div class="kg-callout-text">Read <b>this</b></div></div>' +
        '<div class="kg-card kg-toggle-card"><div class="kg-toggle-heading"><h4 class="kg-toggle-heading-text">Q?</h4></div><div class="kg-toggle-content"><p>A.</p></div></div>' +
        '<div class="kg-card kg-product-card"><h4 class="kg-product-card-title">Mug</h4></div>' +
        '<!--kg-card-begin: html--><table><tr><td>1</td></tr></table><!--kg-card-end: html-->',
    );
    expect(html).toBe(
      '<p><a href="https://ghost.org">Ghost</a></p><blockquote><p>💡</p><p>Read <b>this</b></p></blockquote><p><strong>Q?</strong></p><p>A.</p>' +
        '<div class="kg-card kg-product-card"><h4 class="kg-product-card-title">Mug</h4></div><table><tr><td>1</td></tr></table>',
    );
    expect(warnings).toEqual(["card 'toggle' kept as text", "card 'product' kept as text", "card 'html' sanitized"]);
  });
});
