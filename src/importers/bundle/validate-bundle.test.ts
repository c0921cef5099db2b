import { describe, expect, it } from 'vitest';
import { formatPath, validateBundle, type KnownKeys } from './validate-bundle.js';

const none: KnownKeys = {
  formats: new Set(['reporting']),
  sections: new Set(),
  tags: new Set(),
  authors: new Set(),
  media: new Set(),
  articles: new Set(),
};

const article = (over: Record<string, unknown> = {}) => ({
  slug: 'a-story',
  title: 'A story',
  body: { format: 'markdown', source: 'Text.' },
  status: 'published',
  published_at: '2025-04-18T09:00:00Z',
  ...over,
});

function problems(raw: unknown, known = none): string[] {
  return validateBundle(raw, known).problems;
}

describe('validateBundle', () => {
  it('accepts a minimal bundle and fills defaults', () => {
    const result = validateBundle(
      { sections: [{ slug: 'qiosk', name: 'QiOSK', layout: 'briefs' }], articles: [article({ sections: ['qiosk'] })] },
      none,
    );
    expect(result.problems).toEqual([]);
    expect(result.bundle.articles[0]?.tags).toEqual([]);
  });

  it('names an unknown section with its path', () => {
    const raw = { articles: [article({ slug: 'a' }), article({ slug: 'b' }), article({ slug: 'c', sections: ['foo'] })] };
    expect(problems(raw)).toEqual(['articles[2].sections[0]: unknown section "foo"']);
  });

  it('reports unknown fields instead of ignoring them', () => {
    expect(problems({ articles: [article({ sectons: ['x'] })] })).toEqual(['articles[0]: unknown field "sectons"']);
  });

  it('refuses __proto__ keys', () => {
    const raw = JSON.parse('{"articles": [], "__proto__": {"polluted": true}}');
    expect(problems(raw)).toEqual(['(bundle): unknown field "__proto__"']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('lists every problem in one pass: shapes and references alike', () => {
    const raw = {
      articles: [
        article({ slug: 'a', title: '', format: 'podcast', tags: ['ghost'] }),
        article({ slug: 'latest', authors: ['nobody'], related: ['missing', 'a'] }),
        article({ slug: 'c', sections: ['foo'], sectons: [] }),
      ],
    };
    expect(problems(raw)).toEqual([
      'articles[0].title: String must contain at least 1 character(s)',
      'articles[2]: unknown field "sectons"',
      'articles[1].slug: "latest" is reserved for a site route',
      'articles[1].authors[0]: unknown author "nobody"',
      'articles[1].related[0]: unknown article "missing"',
    ]);
  });

  it('refuses a reserved section slug, as the newsroom and the API do', () => {
    const raw = {
      sections: [
        { slug: 'europe', name: 'Europe' },
        { slug: 'search', name: 'Search' },
      ],
      articles: [article({ slug: 'a' })],
    };
    expect(problems(raw)).toEqual(['sections[1].slug: "search" is reserved for a site route']);
  });

  it('checks the references of well-formed items beside malformed ones', () => {
    const raw = { articles: [article({ slug: 'a', title: 42 }), article({ slug: 'b', sections: ['foo'], related: ['a'] })] };
    expect(problems(raw)).toEqual([
      'articles[0].title: Expected string, received number',
      'articles[1].sections[0]: unknown section "foo"',
    ]);
  });

  it('accepts references to items already in the database', () => {
    const known = { ...none, sections: new Set(['europe']), articles: new Set(['older']) };
    expect(problems({ articles: [article({ sections: ['europe'], related: ['older'] })] }, known)).toEqual([]);
  });

  it('refuses duplicate slugs, self-relations and published stories without a date', () => {
    const raw = { articles: [article(), article({ related: ['a-story'], published_at: undefined })] };
    expect(problems(raw)).toEqual([
      'articles[1]: duplicate slug "a-story"',
      'articles[1].related[0]: a story cannot be related to itself',
      'articles[1].published_at: required when status is "published"',
    ]);
  });

  it('refuses slugs that are not lowercase words joined by hyphens', () => {
    expect(problems({ articles: [article({ slug: '../etc' })] })).toEqual(['articles[0].slug: must be lowercase words joined by hyphens']);
  });
});

describe('formatPath', () => {
  it('writes array indexes in brackets', () => {
    expect(formatPath(['articles', 2, 'sections', 0])).toBe('articles[2].sections[0]');
    expect(formatPath([])).toBe('(bundle)');
  });
});
