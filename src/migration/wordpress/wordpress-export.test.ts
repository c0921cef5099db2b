import { beforeAll, describe, expect, it } from 'vitest';
import { migrationFile, migrationFilesDir } from '../../../test/helpers/migration-files.js';
import {
  SourceFormatError,
  type SourceEvent,
  type SourceImage,
  type SourcePerson,
  type SourceStory,
  type SourceTerm,
} from '../source-model.js';
import { openWordpressExport } from './wordpress-export.js';

interface ReadExport {
  kinds: SourceEvent['kind'][];
  persons: SourcePerson[];
  terms: SourceTerm[];
  images: SourceImage[];
  stories: SourceStory[];
  story: (sourceId: string) => SourceStory;
  skipped: { sourceId: string; reason: string }[];
  notImported: Record<string, number>;
  site: Extract<SourceEvent, { kind: 'site' }>['site'];
}

async function readExport(relative: string): Promise<ReadExport> {
  const reader = await openWordpressExport(migrationFile(`wordpress/${relative}`));
  const events: SourceEvent[] = [];
  for await (const event of reader.events()) events.push(event);
  await reader.close();
  const of = <K extends SourceEvent['kind']>(kind: K) =>
    events.filter((event): event is Extract<SourceEvent, { kind: K }> => event.kind === kind);
  const stories = of('story').map((event) => event.story);
  return {
    kinds: events.map((event) => event.kind),
    persons: of('person').map((event) => event.person),
    terms: of('term').map((event) => event.term),
    images: of('image').map((event) => event.image),
    stories,
    story: (sourceId) => stories.find((story) => story.sourceId === sourceId) ?? expect.fail(`no story ${sourceId}`),
    skipped: of('skipped').map(({ sourceId, reason }) => ({ sourceId, reason })),
    notImported: Object.fromEntries(of('not-imported').map((event) => [event.item.what, event.item.count])),
    site: of('site')[0]!.site,
  };
}

async function refusal(relative: string): Promise<SourceFormatError> {
  const error: unknown = await openWordpressExport(migrationFile(`wordpress/${relative}`)).then(
    () => null,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof SourceFormatError)) return expect.fail(`${relative} was not refused`);
  return error;
}

const count = <T>(items: T[], test: (item: T) => boolean): number => items.filter(test).length;

describe.skipIf(!migrationFilesDir)('openWordpressExport', () => {
  describe('theme-unit-test-data.xml', () => {
    let result: ReadExport;
    beforeAll(async () => {
      result = await readExport('wordpress-importer/theme-unit-test-data.xml');
    });

    it('yields the site, people, terms and images before any story', () => {
      const firstStory = result.kinds.indexOf('story');
      expect(result.kinds[0]).toBe('site');
      expect(result.kinds.slice(firstStory).every((kind) => ['story', 'skipped', 'not-imported'].includes(kind))).toBe(true);
      expect(result.site).toEqual({
        system: 'wordpress',
        baseUrl: 'https://wpthemetestdata.wordpress.com',
        identity: 'wordpress https://wpthemetestdata.wordpress.com',
        title: 'Theme Unit Test Data',
        stories: 79,
      });
    });

    it('has the counts SOURCES.md lists', () => {
      expect(count(result.stories, (story) => story.type === 'post')).toBe(58);
      expect(count(result.stories, (story) => story.type === 'page')).toBe(21);
      expect(count(result.stories, (story) => story.parentSourceId !== null)).toBe(13);
      expect(result.images).toHaveLength(37);
      expect(result.persons.map((person) => person.sourceId)).toEqual(['themedemos', 'themereviewteam']);
      expect(result.notImported).toEqual({ comments: 33, 'menu items': 70, menus: 5, 'post formats': 13, 'sticky flags': 1 });
    });

    it('keeps 68 categories in three levels, parents first, with their old paths', () => {
      const sections = result.terms.filter((term) => term.kind === 'section');
      expect(sections).toHaveLength(68);
      const order = sections.map((term) => term.sourceId);
      expect(sections.every((term) => !term.parentSourceId || order.indexOf(term.parentSourceId) < order.indexOf(term.sourceId))).toBe(
        true,
      );
      expect(sections.find((term) => term.sourceId === 'grandchild-category')).toMatchObject({
        parentSourceId: 'child-category-03',
        oldPaths: ['/category/parent-category/child-category-03/grandchild-category/'],
      });
    });

    it('keeps the 110 declared tags and adds the 4 used on items but never declared', () => {
      const tags = result.terms.filter((term) => term.kind === 'tag');
      expect(tags).toHaveLength(114);
      expect(tags.slice(110).map((tag) => tag.sourceId)).toEqual(['sample', 'test-tag', 'content', 'columns']);
      expect(tags[0]?.oldPaths[0]).toMatch(/^\/tag\/[^/]+\/$/);
    });

    it('keeps scheduled, password-protected and draft states, and a draft with an empty slug', () => {
      expect(result.story('1153')).toMatchObject({ state: 'scheduled', publishedAt: '2030-01-01T19:00:18.000Z', restriction: null });
      expect(result.story('1168')).toMatchObject({ state: 'published', restriction: 'password' });
      expect(result.story('1164')).toMatchObject({ state: 'draft', slug: '', title: 'Draft' });
      expect(result.story('1169').title).toBe('');
    });

    it('repairs a malformed dc:creator to the declared login and says so', () => {
      const story = result.story('1730');
      expect(story.authors).toEqual(['themereviewteam']);
      expect(story.warnings).toContain('byline ">themereviewteam" read as the author "themereviewteam"');
    });

    it('turns featured images into lead images, with the attachment alt text', () => {
      expect(result.story('1011').leadImage).toMatchObject({
        sourceId: '1022',
        url: 'https://wpthemetestdata.files.wordpress.com/2013/03/featured-image-horizontal.jpg',
        alt: 'Horizontal Featured Image',
      });
    });

    it('converts [caption], [gallery], <!--more-->, <!--nextpage--> and unknown shortcodes', () => {
      expect(result.story('1163').bodyHtml).toContain(
        'alt="Bell on Wharf" width="604" height="453" /><figcaption>Bell on wharf in San Francisco</figcaption></figure>',
      );
      expect(result.story('555').bodyHtml).toMatch(
        /^<figure class="gallery"><figure><img src="https:\/\/wpthemetestdata\.files\.wordpress\.com\/2008\/06\/canola2\.jpg" alt="canola"><figcaption>Lorem/,
      );
      expect(result.story('996').warnings).toContain('excerpt taken from the text before <!--more-->');
      expect(result.story('996').excerpt).toMatch(/^This content is before the more tag/);
      expect(result.story('1171').bodyHtml).toBe('<p>Post Page 1</p>\n<hr />\n<p>Post Page 2</p>\n<hr />\n<p>Post Page 3</p>');
      expect(result.story('358').warnings).toContain('unknown shortcode [simple]');
      expect(result.stories.every((story) => !/<!--\s*\/?wp:/.test(story.bodyHtml))).toBe(true);
    });

    it('lists each story at its link, its ?p= or ?page_id= address and an on-site guid', () => {
      expect(result.story('1153').oldUrls).toEqual([
        'https://wpthemetestdata.wordpress.com/2020/01/01/scheduled/',
        '/?p=1153',
        'https://wpthemetestdata.wordpress.com/?p=418',
      ]);
      expect(result.story('2').oldUrls).toContain('/?page_id=2');
    });
  });

  it('reads small-export.xml as the WordPress importer test expects', async () => {
    const result = await readExport('wordpress-importer/small-export.xml');
    expect(result.persons.map((person) => [person.sourceId, person.email])).toEqual([
      ['admin', 'local@host.null'],
      ['editor', 'editor@example.org'],
      ['author', 'author@example.org'],
    ]);
    const sections = result.terms.filter((term) => term.kind === 'section');
    expect(sections).toHaveLength(30);
    expect(sections.filter((term) => term.parentSourceId)).toMatchObject([
      { sourceId: 'foo-bar', parentSourceId: 'bar', oldPaths: ['/category/bar/foo-bar/'] },
    ]);
    expect(count(result.terms, (term) => term.kind === 'tag')).toBe(3);
    const posts = result.stories.filter((story) => story.type === 'post');
    const pages = result.stories.filter((story) => story.type === 'page');
    expect([count(posts, (post) => post.restriction === null), count(posts, (post) => post.restriction === 'private')]).toEqual([5, 1]);
    expect([count(pages, (page) => page.state === 'published'), count(pages, (page) => page.state === 'draft')]).toEqual([4, 1]);
    expect(result.story('22').sections).toHaveLength(27);
    expect(result.story('9')).toMatchObject({ type: 'page', state: 'draft', slug: '' });
    expect(result.story('4').parentSourceId).toBe('6');
    expect(result.story('1').authors).toEqual(['author']);
    expect(result.notImported).toEqual({ comments: 1, 'post formats': 1 });
  });

  it('reads WXR 1.0, whose terms are written twice and whose tags use domain="tag"', async () => {
    const result = await readExport('wordpress-importer/valid-wxr-1.0.xml');
    expect(result.persons.map((person) => person.sourceId)).toEqual(['admin']);
    expect(result.stories).toHaveLength(6);
    expect(result.story('4')).toMatchObject({ sections: ['alpha'], tags: ['news', 'roar'] });
    expect(result.story('6')).toMatchObject({ sections: ['child'], tags: ['chicken', 'face'] });
    expect(result.terms.find((term) => term.sourceId === 'child')?.parentSourceId).toBe('parent');
  });

  it('reads WXR 1.1 and counts the custom taxonomy term it cannot import', async () => {
    const result = await readExport('wordpress-importer/valid-wxr-1.1.xml');
    expect(result.persons).toMatchObject([{ sourceId: 'john', name: 'John Doe', email: 'johndoe@example.org' }]);
    expect(result.story('1')).toMatchObject({ sections: ['alpha'], tags: ['clippable'] });
    expect(result.terms.find((term) => term.sourceId === 'alpha')?.description).toBe('The alpha category');
    expect(result.notImported).toEqual({ comments: 1, 'custom taxonomy terms': 1 });
  });

  it('keeps backslashes and quotes in names and bodies (slashes.xml)', async () => {
    const result = await readExport('wordpress-importer/slashes.xml');
    expect(result.terms.find((term) => term.sourceId === 'alpha')?.name).toBe('a \\"great\\" category');
    expect(result.terms.find((term) => term.sourceId === 'tag1')?.name).toBe("foo\\'bar");
    expect(result.story('1').bodyHtml).toBe('<p>Slashes aren\\\'t \\"cool\\"</p>');
  });

  it('keeps emoji, bidi controls and zero-width characters in titles and slugs', async () => {
    const result = await readExport('wordpress-importer/wxr-utf-8-challenges.xml');
    const story = result.story('10');
    expect(story.title).toBe('"The Road \u202eNot\u202c Taken" by Rob\u202dert \u202eFrost \u202a🌲\u202c');
    expect(story.slug).toBe('hello-w\u202eorld\u202c-utf8-💫-test');
    expect(story.authors).toEqual([result.persons[0]?.sourceId]);
    expect(story.sections).toEqual(['uncat\u202eegorized\u202c']);
    expect(result.terms).toHaveLength(1);
    expect(result.site.title).toBe('My WordPress Website 🚀 \u202e\u202dمرحبا');
  });

  it('turns a post that breaks lines only with blank lines into paragraphs', async () => {
    const result = await readExport('wordpress-importer/post-content-blank-lines.xml');
    expect(result.story('1').bodyHtml.match(/<p>/g)).toHaveLength(2);
  });

  it('reads "]]>" split across CDATA sections intact (crazy-cdata-escaped.xml)', async () => {
    const result = await readExport('wordpress-importer/crazy-cdata-escaped.xml');
    expect(result.story('1').bodyHtml).toBe('<p>Content with nested <![CDATA[ tags ]]> :)</p>');
  });

  it('keeps Co-Authors Plus bylines in order, once each', async () => {
    const result = await readExport('tryghost-migrate/co-authors-plus.xml');
    expect(result.stories.map((story) => story.authors)).toEqual([
      ['alice-smith', 'bob-jones'],
      ['alice-smith', 'bob-jones', 'carol-white'],
      ['bob-jones'],
      ['alice-smith', 'bob-jones'],
    ]);
    expect(result.story('100').tags).toEqual(['collaboration']);
  });

  it('makes featured images lead images with caption from the description, and resolves relative links', async () => {
    const result = await readExport('tryghost-migrate/feature-image-captions.xml');
    expect(result.story('20').leadImage).toMatchObject({
      sourceId: '25',
      caption: 'The caption from the attachment description.',
      title: 'Described Image Title',
    });
    expect(result.story('21').leadImage).toMatchObject({ sourceId: '26', caption: '', title: 'Title-Only Image Title' });
    expect(result.story('22').leadImage).toBeNull();
    expect(result.story('20').oldUrls).toEqual(['https://example.com/blog/post-with-described-image.html', '/?p=20']);
    // The byline is an address: the person is named by its local part, the address kept only as email.
    expect(result.persons).toMatchObject([{ sourceId: 'hermione', name: 'hermione', email: 'hermione@example.com' }]);
    expect(result.story('20').authors).toEqual(['hermione']);
  });

  it('takes Yoast SEO fields and the GMT date as the instant', async () => {
    const result = await readExport('tryghost-migrate/has-yoast-meta.xml');
    expect(result.story('100')).toMatchObject({
      seoTitle: 'My Custom SEO Title for Search Engines',
      seoDescription: 'A short description of the post for search engine results pages',
      publishedAt: '2022-05-09T09:53:00.000Z',
      updatedAt: '2022-05-09T12:20:14.000Z',
    });
    expect(result.story('101')).toMatchObject({ seoTitle: '', seoDescription: '' });
  });

  it('yields the attachment a body points at as an image (wxr-flat-attachment-same-site.xml)', async () => {
    const result = await readExport('wordpress-importer/wxr-flat-attachment-same-site.xml');
    expect(result.images).toHaveLength(1);
    expect(result.story('555').bodyHtml).toContain(`src="${result.images[0]?.url}"`);
  });

  it('answers ?p=ID under the folder WordPress is installed in (wxr-base-url-rewriting.xml)', async () => {
    const result = await readExport('wordpress-importer/wxr-base-url-rewriting.xml');
    expect(result.site.baseUrl).toBe('https://🚀-science.com/science');
    expect(result.story('10').oldUrls).toContain('/science/?p=10');
  });

  it('matches namespaces by URI, not by prefix (namespace-edge-cases.xml)', async () => {
    const result = await readExport('wordpress-importer/namespace-edge-cases.xml');
    expect(result.persons.map((person) => person.sourceId)).toEqual(['real_user', 'version_conflict']);
    expect(result.stories.map((story) => story.sourceId)).toEqual(['1', '2', '3', '4', '6']);
    expect(result.skipped).toEqual([
      { sourceId: 'untitled item "Hijacked Namespace"', reason: 'no WordPress post id or post type (wp: namespace)' },
    ]);
    expect(result.terms.map((term) => term.sourceId)).toEqual(['old-version', 'new-version']);
    expect(result.story('6').bodyHtml).toBe('<p>&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;</p>');
  });

  it('refuses files that are not well-formed, with the line and the reason', async () => {
    const crazy = await refusal('wordpress-importer/crazy-cdata.xml');
    expect(crazy.line).toBe(18);
    expect(crazy.message).toBe('line 18: not well-formed XML: the string "]]>" is disallowed in char data.');
    const malformed = await refusal('wordpress-importer/malformed.xml');
    expect(malformed.line).toBe(90);
    expect(malformed.message).toMatch(/^line 90: not well-formed XML: unexpected close tag/);
  });

  it('refuses well-formed RSS without a WXR version', async () => {
    const error = await refusal('wordpress-importer/missing-version-tag.xml');
    expect(error.message).toBe('not a WordPress export (WXR) file: it has no wp:wxr_version');
  });
});
