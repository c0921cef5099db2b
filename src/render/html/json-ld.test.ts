import { describe, expect, it } from 'vitest';
import { serializeJsonLd } from './json-ld.js';

describe('serializeJsonLd', () => {
  it('escapes what could end the script element, and stays the same JSON', () => {
    const value = { headline: '</script><!-- & \u2028 -->' };
    const json = serializeJsonLd(value);
    expect(json).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(json)).toEqual(value);
  });
});
