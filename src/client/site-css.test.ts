import { readFileSync } from 'node:fs';
import { transform } from 'esbuild';
import { describe, expect, it } from 'vitest';

// The reader stylesheet's promises: WCAG AA contrast for every colour pair it uses for
// text, in the light and the dark theme, and a size budget.

const css = readFileSync(new URL('./site.css', import.meta.url), 'utf8');

function palette(block: string): Record<string, string> {
  return Object.fromEntries([...block.matchAll(/--([\w-]+):\s*(#[0-9a-f]{3,6})/gi)].map((m) => [m[1]!, m[2]!]));
}

const light = palette(css.slice(css.indexOf(':root {'), css.indexOf('}', css.indexOf(':root {'))));
const darkStart = css.indexOf('@media (prefers-color-scheme: dark)');
const dark = { ...light, ...palette(css.slice(darkStart, css.indexOf('}', darkStart))) };

function luminance(hex: string): number {
  const full = hex.length === 4 ? hex.replace(/[0-9a-f]/gi, (c) => c + c) : hex;
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(full.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

// [foreground, background, minimum]: 4.5 for text, 3 for the edges of form fields.
const pairs: Array<[string, string, number]> = [
  ['ink', 'bg', 4.5],
  ['soft', 'bg', 4.5],
  ['muted', 'bg', 4.5],
  ['accent', 'bg', 4.5],
  ['ink', 'tint', 4.5],
  ['soft', 'tint', 4.5],
  ['muted', 'tint', 4.5],
  ['accent', 'tint', 4.5],
  ['bg', 'accent', 4.5],
  ['bg', 'ink', 4.5],
  ['field', 'bg', 3],
];

describe.each([
  ['light', light],
  ['dark', dark],
])('the %s theme', (_name, colours) => {
  it.each(pairs)('puts %s on %s at AA contrast', (fg, bg, minimum) => {
    expect(colours[fg], fg).toBeDefined();
    expect(colours[bg], bg).toBeDefined();
    expect(contrast(colours[fg]!, colours[bg]!)).toBeGreaterThanOrEqual(minimum);
  });
});

describe('site.css', () => {
  // 13 KB until body figures, click-to-load embeds and the search page joined; 14 KB until
  // imported galleries, static pages and the section breadcrumb (issue 10); 15 KB until live
  // coverage and the search filters' fold (issue 13); about 4 KB gzip.
  it('stays within 16 KB minified', async () => {
    // As built: the font URLs point at hashed files under /assets/.
    const built = css.replace(/url\((source-serif-4-[\w-]+)\.woff2\)/g, 'url(/assets/$1.0123abcd.woff2)');
    expect(built).not.toBe(css);
    const { code } = await transform(built, { loader: 'css', minify: true });
    expect(Buffer.byteLength(code)).toBeLessThanOrEqual(16 * 1024);
  });
});
