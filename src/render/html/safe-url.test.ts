import { describe, expect, it } from 'vitest';
import { safeHref } from './safe-url.js';

describe('safeHref', () => {
  it.each([
    ['/section/europe', '/section/europe'],
    ['https://bsky.app/profile/x', 'https://bsky.app/profile/x'],
    ['mailto:desk@example.org', 'mailto:desk@example.org'],
    ['javascript:alert(1)', '#'],
    [' JavaScript:alert(1)', '#'],
    ['data:text/html,<script>alert(1)</script>', '#'],
    ['//evil.example/x', '#'],
    ['not a url', '#'],
  ])('%s becomes %s', (input, output) => {
    expect(safeHref(input)).toBe(output);
  });
});
