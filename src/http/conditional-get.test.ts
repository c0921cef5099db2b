import { describe, expect, it } from 'vitest';
import { isNotModified } from './conditional-get.js';

describe('isNotModified', () => {
  const etag = '"abc"';
  const modified = '2025-04-18T16:00:00.400Z';

  it('matches an entity tag, weak or strong, in a list, or *', () => {
    expect(isNotModified({ 'if-none-match': '"x", W/"abc"' }, etag, modified)).toBe(true);
    expect(isNotModified({ 'if-none-match': '*' }, etag, null)).toBe(true);
    expect(isNotModified({ 'if-none-match': '"x"' }, etag, modified)).toBe(false);
  });

  it('lets If-None-Match win over If-Modified-Since (RFC 9110 §13.1.3)', () => {
    expect(isNotModified({ 'if-none-match': '"x"', 'if-modified-since': 'Fri, 18 Apr 2025 16:00:00 GMT' }, etag, modified)).toBe(false);
  });

  it('compares If-Modified-Since at one-second precision and ignores a date it cannot read', () => {
    expect(isNotModified({ 'if-modified-since': 'Fri, 18 Apr 2025 16:00:00 GMT' }, etag, modified)).toBe(true);
    expect(isNotModified({ 'if-modified-since': 'Fri, 18 Apr 2025 15:59:59 GMT' }, etag, modified)).toBe(false);
    expect(isNotModified({ 'if-modified-since': 'yesterday' }, etag, modified)).toBe(false);
    expect(isNotModified({ 'if-modified-since': 'Fri, 18 Apr 2025 16:00:00 GMT' }, etag, null)).toBe(false);
  });
});
