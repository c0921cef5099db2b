import { describe, expect, it } from 'vitest';
import { compileRedirectPattern, normalizeRedirectPath, recordAtSitePath, RedirectInputSchema } from './redirect-input.js';

const parse = (input: Record<string, string>) => RedirectInputSchema.safeParse({ match: 'exact', status: '301', ...input });
const problems = (input: Record<string, string>) => {
  const result = parse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('redirect input', () => {
  it('normalises an exact path and keeps its query as typed', () => {
    expect(parse({ from: '/2019/05/caf%C3%A9/', target: '/section/world' })).toMatchObject({
      success: true,
      data: { from: '/2019/05/café', match: 'exact', target: { kind: 'path', path: '/section/world' }, status: 301 },
    });
    expect(normalizeRedirectPath('/?p=12')).toBe('/?p=12');
    expect(normalizeRedirectPath('/bad%E0%A4%A/')).toBe('/bad%E0%A4%A');
  });

  it('takes an absolute address, and "$1" in a regex rule, as a URL target', () => {
    expect(parse({ from: '/old', target: 'https://example.org/new' })).toMatchObject({ data: { target: { kind: 'url' } } });
    expect(parse({ from: '^/blog/(.*)$', match: 'regex', target: '/$1', status: '302' })).toMatchObject({
      data: { from: '^/blog/(.*)$', target: { kind: 'url', url: '/$1' }, status: 302 },
    });
  });

  it.each([
    [{ from: 'old-post', target: '/x' }, 'from: must be a path on this site'],
    [{ from: '//evil.example', target: '/x' }, 'from: must be a path on this site'],
    [{ from: '/', target: '/x' }, 'from: would catch the front page'],
    [{ from: '/a?b=1', match: 'prefix', target: '/x' }, 'from: a prefix rule matches paths only'],
    [{ from: '^/((a', match: 'regex', target: '/x' }, 'from: is not a usable regular expression'],
    [{ from: '^/(a+)+$', match: 'regex', target: '/x' }, 'from: is not a usable regular expression'],
    [{ from: '/old', target: 'world' }, 'target: must be a path on this site'],
    [{ from: '/old', target: '/new/$1' }, 'target: may use $1… only in a regex rule'],
    [{ from: '/old', target: '/x', status: '307' }, 'status: must be 301'],
  ])('refuses %j', (input, expected) => {
    expect(problems(input).join('\n')).toContain(expected);
  });

  it('refuses patterns that nest quantifiers or refer back, and compiles the rest', () => {
    for (const bad of ['(a*)*', '((ab)+)+', '(x{2,})+', '(a)\\1', '(?<n>a)\\k<n>']) expect(compileRedirectPattern(bad), bad).toBeNull();
    for (const good of ['^/(\\d+)/?$', '^/blog/(.*)$', '^/(?:a|b)+$', '^/[(+]+$'])
      expect(compileRedirectPattern(good), good).toBeInstanceOf(RegExp);
  });

  it('names the record a site path points at', () => {
    expect(recordAtSitePath('/section/world/')).toEqual({ kinds: ['section'], slug: 'world' });
    expect(recordAtSitePath('/some-story')).toEqual({ kinds: ['story', 'page'], slug: 'some-story' });
    expect(recordAtSitePath('/latest/x/y')).toBeNull();
  });
});
