import { describe, expect, it } from 'vitest';
import { isReservedSlug, isValidSlug, slugify } from './slug.js';

describe('slugs', () => {
  it('makes URL-safe slugs from titles', () => {
    expect(slugify('Élysée talks: day 2 — “no deal”')).toBe('elysee-talks-day-2-no-deal');
    expect(isValidSlug(slugify('  Hello, World!  '))).toBe(true);
  });
  it('refuses slugs that could escape a path or shadow a route', () => {
    expect(isValidSlug('../etc')).toBe(false);
    expect(isValidSlug('Upper')).toBe(false);
    expect(isReservedSlug('admin')).toBe(true);
    expect(isReservedSlug('feed.xml')).toBe(true);
    expect(isReservedSlug('walk-away-talks')).toBe(false);
  });
});
