import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { LiveCoverage, renderLiveEntryHtml, type LiveCoverageView, type LiveEntryView } from './live-coverage.js';
import { SiteContext, createSite } from './site-context.js';
import type { PublicationView } from './view-model.js';

// The live section's markup contract (docs/live-coverage.md), which the live-updates
// script reads, and the script included only while coverage is live and the build has it.

const publication: PublicationView = {
  name: 'The Parallax',
  tagline: '',
  siteUrl: 'https://example.org',
  timeZone: 'America/New_York',
  locale: 'en-US',
  social: [],
  navigation: [],
  newsletterPitch: '',
};
const entry: LiveEntryView = {
  id: 7,
  bodyHtml: '<p>Text &amp; more.</p>',
  publishedAt: '2026-11-20T14:34:00.000Z',
  editedAt: '2026-11-20T15:20:00.000Z',
  byline: { label: 'Nadia Ferro', href: '/author/nadia-ferro' },
  keyEvent: true,
  pinned: false,
  summary: 'Text & more.',
  text: 'Text & more.',
};
const live = (over: Partial<LiveCoverageView> = {}): LiveCoverageView => ({
  status: 'live',
  feedHref: '/story/live.json',
  cursor: '42',
  coverageStart: '2026-11-20T14:20:00.000Z',
  coverageEnd: null,
  entries: [entry],
  script: { src: '/assets/live-updates.1234abcd.js', nonce: 'n0nce' },
  ...over,
});
const render = (view: LiveCoverageView) =>
  renderToString(h(SiteContext.Provider, { value: createSite(publication) }, h(LiveCoverage, { live: view })));

describe('LiveCoverage', () => {
  it('follows the markup contract, with times in the publication’s zone', () => {
    const html = render(live());
    expect(html).toMatch(/^<section class="live-coverage"[^>]* data-live-feed="\/story\/live.json" data-live-cursor="42">/);
    expect(html).toContain('<ol class="live-entries"><li id="entry-7" class="live-entry live-entry-key">');
    expect(html).toContain(
      '<a class="live-entry-time" href="#entry-7"><time datetime="2026-11-20T14:34:00.000Z">Nov 20, 9:34 AM EST</time></a>',
    );
    expect(html).toContain('Updated <time datetime="2026-11-20T15:20:00.000Z">10:20 AM EST</time>');
    expect(html).toContain('<a href="#entry-7"><time datetime="2026-11-20T14:34:00.000Z">9:34 AM EST</time> Text &amp; more.</a>');
    // The feed's html is the page's own item.
    expect(html).toContain(renderLiveEntryHtml(entry, publication));
  });

  it('includes the live-updates script only while live and only when the build has one', () => {
    expect(render(live())).toContain('<script src="/assets/live-updates.1234abcd.js" defer nonce="n0nce"></script>');
    expect(render(live({ script: null }))).not.toContain('<script');
    const ended = render(live({ status: 'ended', coverageEnd: '2026-11-21T23:00:00.000Z', script: null }));
    expect(ended).not.toContain('live-badge');
    expect(ended).toContain('; ended <time datetime="2026-11-21T23:00:00.000Z">Nov 21, 6:00 PM EST</time>');
  });
});
