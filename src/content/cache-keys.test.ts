import { describe, expect, it } from 'vitest';
import { storyChangeKeys, type StoryFacts } from './cache-keys.js';

const live: StoryFacts = {
  id: 7,
  live: true,
  card: 'Talks resume|dek',
  lists: ['list:all', 'list:section:world', 'list:tag:iran'],
  publishedAt: '2026-12-01T10:00:00.000Z',
};

describe('storyChangeKeys', () => {
  it('touches nothing for a draft that stays a draft', () => {
    expect(storyChangeKeys({ ...live, live: false }, { ...live, live: false, card: 'other' })).toEqual([]);
  });

  it('touches only the story page, search and feeds for a body edit of a live story', () => {
    expect(storyChangeKeys(live, { ...live }).sort()).toEqual(['documents', 'search', 'story:7']);
  });

  it('adds the card key when what a card shows changed', () => {
    expect(storyChangeKeys(live, { ...live, card: 'Talks collapse|dek' })).toContain('card:7');
  });

  it('touches the lists a story joins and leaves, not the ones it stays on', () => {
    const keys = storyChangeKeys(live, { ...live, lists: ['list:all', 'list:section:world', 'list:tag:oman'] });
    expect(keys).toContain('list:tag:iran');
    expect(keys).toContain('list:tag:oman');
    expect(keys).not.toContain('list:all');
  });

  it('touches every list it was or is on when it goes live, comes down or moves in time', () => {
    const publish = storyChangeKeys({ ...live, live: false }, live);
    expect(publish).toEqual(expect.arrayContaining(['card:7', 'list:all', 'list:section:world', 'list:tag:iran']));
    const takeDown = storyChangeKeys(live, null);
    expect(takeDown).toEqual(expect.arrayContaining(['story:7', 'card:7', 'list:all', 'list:tag:iran']));
    const moved = storyChangeKeys(live, { ...live, publishedAt: '2026-11-30T10:00:00.000Z' });
    expect(moved).toEqual(expect.arrayContaining(['list:all', 'list:section:world']));
  });
});
