import { describe, expect, it } from 'vitest';
import { isExternalHref, safeHref } from './safe-url.js';

describe('safeHref', () => {
  it.each([
    'https://example.com/story?id=1#top',
    'http://example.com',
    'HTTPS://EXAMPLE.COM/',
    'mailto:desk@example.com',
    '/about',
    '/tags/local-news?page=2',
    '#footnote-1',
  ])('keeps the safe link %s', (href) => {
    expect(safeHref(href)).toBe(href);
  });

  it('trims the white space around a link', () => {
    expect(safeHref('  https://example.com/  ')).toBe('https://example.com/');
  });

  it.each([
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    '\u0001javascript:alert(1)',
    'javascript&colon;alert(1)',
    'vbscript:msgbox(1)',
    'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
    'file:///etc/passwd',
    '//evil.example/',
    '/\\evil.example/',
    'https://',
    'http://exa mple.com/',
    'story.html',
    '',
  ])('refuses the unsafe or ambiguous link %j', (href) => {
    expect(safeHref(href)).toBeNull();
  });

  it('marks only http and https links as external', () => {
    expect(isExternalHref('https://example.com')).toBe(true);
    expect(isExternalHref('mailto:desk@example.com')).toBe(false);
    expect(isExternalHref('/about')).toBe(false);
  });
});
