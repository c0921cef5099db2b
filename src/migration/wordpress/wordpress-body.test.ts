import { describe, expect, it } from 'vitest';
import type { SourceImage } from '../source-model.js';
import { convertWordpressBody, type BodyMedia } from './wordpress-body.js';

const image = (id: string, caption = ''): SourceImage => ({
  sourceId: id,
  url: `https://old.example/wp-content/uploads/${id}.jpg`,
  alt: `Alt ${id}`,
  caption,
  credit: '',
  title: '',
});

const media: BodyMedia = {
  byId: (id) => (['1', '2', '3'].includes(id) ? image(id, id === '2' ? 'Second & last' : '') : undefined),
  attachedTo: (postId) => (postId === '7' ? [image('3'), image('1')] : []),
};

const convert = (content: string, postId = '7') => convertWordpressBody({ content, postId, media });

describe('convertWordpressBody', () => {
  it('makes paragraphs of blank-line-separated text and line breaks of single newlines', () => {
    expect(convert('First line\nsame paragraph\n\nSecond paragraph').html).toBe(
      '<p>First line<br />\nsame paragraph</p>\n<p>Second paragraph</p>',
    );
  });

  it('never wraps block elements in paragraphs and leaves <pre> untouched', () => {
    expect(convert('<h2>Title</h2>\nText\n\n<ul>\n<li>one</li>\n</ul>\n<pre>a\n\nb</pre>').html).toBe(
      '<h2>Title</h2>\n<p>Text</p>\n<ul>\n<li>one</li>\n</ul>\n<pre>a\n\nb</pre>',
    );
  });

  it('keeps the inner HTML of block-editor documents and drops their comments, without adding paragraphs', () => {
    const body = convert('<!-- wp:paragraph -->\n<p>One\ntwo</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:latest-posts {"postsToShow":3} /-->');
    expect(body.html).toBe('<p>One\ntwo</p>');
    expect(body.warnings).toEqual(['block wp:latest-posts is built by WordPress when shown and has no content to import']);
  });

  it('turns <!--more--> into the excerpt text and <!--nextpage--> into a rule', () => {
    const body = convert('Before the <b>fold</b>.\n<!--more-->\nAfter.\n<!--nextpage-->\nPage two.');
    expect(body.textBeforeMore).toBe('Before the fold .');
    expect(body.html).toBe('<p>Before the <b>fold</b>.</p>\n<p>After.</p>\n<hr />\n<p>Page two.</p>');
    expect(
      convert('<!-- wp:more -->\n<!--more-->\n<!-- /wp:more -->\n<!-- wp:nextpage -->\n<!--nextpage-->\n<!-- /wp:nextpage -->').html,
    ).toBe('<hr>');
  });

  it('makes a [caption] a figure with the image and its caption, dropping the link around the image', () => {
    const html = convert(
      '[caption id="attachment_1" width="300"]<a href="/x.jpg"><img src="/x.jpg" alt="X" /></a> A <em>bell</em>[/caption]',
    ).html;
    expect(html).toBe('<figure><img src="/x.jpg" alt="X" /><figcaption>A <em>bell</em></figcaption></figure>');
  });

  it('makes a [gallery] a gallery figure from its ids, or from the attached images in order', () => {
    expect(convert('[gallery ids="1,2"]').html).toBe(
      '<figure class="gallery"><img src="https://old.example/wp-content/uploads/1.jpg" alt="Alt 1"><figure><img src="https://old.example/wp-content/uploads/2.jpg" alt="Alt 2"><figcaption>Second &amp; last</figcaption></figure></figure>',
    );
    expect(convert('[gallery columns="2"]').html).toMatch(
      /^<figure class="gallery"><img src="[^"]*\/3\.jpg"[^>]*><img src="[^"]*\/1\.jpg"/,
    );
    const missing = convert('[gallery ids="1,99"]');
    expect(missing.warnings).toEqual(['gallery image 99 is not in the export']);
  });

  it('makes block-editor galleries the same gallery figure, with per-image and gallery captions', () => {
    const html = convert(
      '<!-- wp:gallery -->\n<figure class="wp-block-gallery"><ul><li><figure><img src="/a.jpg" alt="A"/><figcaption class="blocks-gallery-item__caption">Cap A</figcaption></figure></li><li><figure><img src="/b.jpg" alt=""/></figure></li></ul><figcaption class="blocks-gallery-caption">All of them</figcaption></figure>\n<!-- /wp:gallery -->',
    ).html;
    expect(html).toBe(
      '<figure class="gallery"><figure><img src="/a.jpg" alt="A"><figcaption>Cap A</figcaption></figure><img src="/b.jpg" alt=""><figcaption>All of them</figcaption></figure>',
    );
  });

  it('makes [embed] and a URL alone on its line an embed figure, but not a URL inside a sentence', () => {
    expect(convert('[embed]https://youtu.be/x[/embed]').html).toBe(
      '<figure class="embed"><a href="https://youtu.be/x">https://youtu.be/x</a></figure>',
    );
    expect(convert('Watch:\n\nhttps://vimeo.com/1\n\nSee https://vimeo.com/2 too').html).toBe(
      '<p>Watch:</p>\n<figure class="embed"><a href="https://vimeo.com/1">https://vimeo.com/1</a></figure>\n<p>See https://vimeo.com/2 too</p>',
    );
  });

  it('makes [audio] and [video] links to their files, with a warning', () => {
    const body = convert('[audio mp3="https://old.example/a.mp3"][/audio]');
    expect(body.html).toBe('<p><a href="https://old.example/a.mp3">https://old.example/a.mp3</a></p>');
    expect(body.warnings).toEqual(['[audio] became a link to its file']);
  });

  it('keeps the inner content of unknown shortcodes, drops the tag and says so', () => {
    const body = convert('Beaching their coracles [simple boat]. [note]Kept[/note]');
    expect(body.html).toBe('<p>Beaching their coracles . Kept</p>');
    expect(body.warnings).toEqual(['unknown shortcode [simple]', 'unknown shortcode [note]']);
    expect(convert('[[gallery]]').html).toBe('<p>[gallery]</p>');
  });

  it('leaves backslashes and quotes exactly as written', () => {
    expect(convert(`Slashes aren\\'t \\"cool\\" \\o/`).html).toBe(`<p>Slashes aren\\'t \\"cool\\" \\o/</p>`);
  });
});
