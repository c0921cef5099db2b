// New entries of live coverage without reloading (docs/live-coverage.md, "The push"). The
// page is complete without this: it lists every entry as of its rendering. Here new
// entries arrive by Server-Sent Events (/{slug}/live/stream), or by polling
// /{slug}/live.json?since= every 30 s when the stream cannot be had. They are held and
// announced ("3 new updates", a polite live region) until the reader asks for them, so
// the page never moves under the reader and focus stays where it is. Edited entries are
// replaced in place and deleted ones removed, as they come.

interface FeedEntry {
  id: number;
  html: string;
  publishedAt: string;
  pinned: boolean;
  deleted: boolean;
}

interface Feed {
  story: { live: boolean };
  entries: FeedEntry[];
  cursor: string;
}

const POLL_MS = 30_000;

const section = document.querySelector<HTMLElement>('section.live-coverage[data-live-feed]');
const list = section?.querySelector<HTMLOListElement>('ol.live-entries');

if (section && list) {
  const feedUrl = new URL(section.dataset.liveFeed ?? '', location.href);
  let cursor = section.dataset.liveCursor ?? '';
  let done = false;
  /** Entries announced and not yet shown, by id. */
  const held = new Map<number, FeedEntry>();

  const announcer = document.createElement('div');
  announcer.className = 'live-announcer';
  announcer.setAttribute('role', 'status');
  announcer.setAttribute('aria-live', 'polite');
  const reveal = document.createElement('button');
  reveal.type = 'button';
  reveal.className = 'live-reveal';
  list.before(announcer);

  const elementOf = (html: string): Element | null => {
    const template = document.createElement('template');
    template.innerHTML = html;
    return template.content.firstElementChild;
  };

  const announce = (): void => {
    const count = held.size;
    reveal.textContent = `${count} new update${count === 1 ? '' : 's'}`;
    if (count && !reveal.isConnected) announcer.append(reveal);
    if (!count) reveal.remove();
  };

  const apply = (feed: Feed): void => {
    if (feed.cursor) cursor = feed.cursor;
    for (const entry of feed.entries) {
      const shown = document.getElementById(`entry-${entry.id}`);
      if (entry.deleted) {
        held.delete(entry.id);
        shown?.remove();
      } else if (shown && list.contains(shown)) {
        const fresh = elementOf(entry.html) as HTMLElement | null;
        const focused = shown.contains(document.activeElement);
        if (fresh) shown.replaceWith(fresh);
        // The entry the reader was on keeps the focus, as it is now.
        if (fresh && focused) {
          fresh.tabIndex = -1;
          fresh.focus();
        }
      } else {
        held.set(entry.id, entry);
      }
    }
    announce();
    if (!feed.story.live) done = true;
  };

  reveal.addEventListener('click', () => {
    const entries = [...held.values()].sort((a, b) => (a.publishedAt < b.publishedAt ? 1 : -1));
    held.clear();
    // Newest first, after the pinned entries (unless pinned itself).
    const firstUnpinned = list.querySelector(':scope > li:not(.live-entry-pinned)');
    let first: HTMLElement | null = null;
    for (const entry of entries) {
      const item = elementOf(entry.html) as HTMLElement | null;
      if (!item) continue;
      if (entry.pinned) list.prepend(item);
      else list.insertBefore(item, firstUnpinned);
      first ??= item;
    }
    section.querySelector('.live-empty')?.remove();
    announce();
    // The button is gone: the reader goes on from the first new entry.
    if (first) {
      first.tabIndex = -1;
      first.focus();
    }
  });

  const poll = async (): Promise<void> => {
    try {
      const url = new URL(feedUrl);
      if (cursor) url.searchParams.set('since', cursor);
      const response = await fetch(url.href, { headers: { accept: 'application/json' } });
      if (response.ok) apply((await response.json()) as Feed);
      else if (response.status === 404) done = true;
    } catch {
      // Offline for a moment: the next poll catches up from the same cursor.
    }
    if (!done) setTimeout(later, POLL_MS);
  };

  const later = (): void => void poll();

  const stream = (): void => {
    const source = new EventSource(
      `${feedUrl.pathname.replace(/\/live\.json$/, '/live/stream')}${cursor ? `?since=${encodeURIComponent(cursor)}` : ''}`,
    );
    source.addEventListener('entries', (event) => apply(JSON.parse((event as MessageEvent<string>).data) as Feed));
    source.addEventListener('ended', () => {
      done = true;
      source.close();
    });
    // The browser retries a dropped stream by itself; a refused one (503, 204) is closed for good.
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED && !done) setTimeout(later, POLL_MS);
    };
  };

  if (typeof EventSource === 'function') stream();
  else setTimeout(later, POLL_MS);
}
