import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateBundle, type KnownKeys } from './validate-bundle.js';
import { liveRecord } from './live-bundle.js';

// The demo's developing story is live coverage (issue 13): its bundle validates, and the
// entries read as the store keeps them.

const none: KnownKeys = {
  formats: new Set(),
  sections: new Set(),
  tags: new Set(),
  authors: new Set(),
  media: new Set(),
  articles: new Set(),
};
const demo = JSON.parse(readFileSync(new URL('../../../demo/bundle.json', import.meta.url), 'utf8'));

describe('live coverage in the content bundle', () => {
  it('makes the demo’s developing story live, with a dozen entries, key events and one pinned', () => {
    const { problems, bundle } = validateBundle(demo, { ...none, formats: new Set(['reporting', 'analysis', 'opinion', 'explainer']) });
    expect(problems).toEqual([]);
    const live = bundle.articles.find((a) => a.slug === 'whitlow-walk-away-black-sea-talks')?.live;
    expect(live?.ended_at).toBeUndefined();
    expect(live?.entries).toHaveLength(12);
    expect(live!.entries.filter((e) => e.key_event).length).toBeGreaterThanOrEqual(3);
    expect(live!.entries.filter((e) => e.pinned)).toHaveLength(1);
    const record = liveRecord(live!);
    expect(record.entries.map((e) => e.at)).toEqual([...record.entries.map((e) => e.at)].sort());
    expect(JSON.parse(record.entries[1]!.body).content[0].content[0]).toMatchObject({
      text: 'Whitlow sets a deadline.',
      marks: [{ type: 'bold' }],
    });
  });

  it('refuses unknown fields and an empty entry, naming the path', () => {
    const article = {
      slug: 'a',
      title: 'A',
      body: { format: 'markdown', source: 'x' },
      live: {
        started_at: '2026-01-01T00:00:00Z',
        entries: [{ at: '2026-01-01T00:01:00Z', body: { format: 'markdown', source: '' }, colour: 'red' }],
      },
    };
    const problems = validateBundle({ articles: [article] }, none).problems;
    expect(problems.join('\n')).toMatch(/articles\[0\]\.live\.entries\[0\]/);
    expect(problems.join('\n')).toContain('colour');
  });
});
