import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { LinkView, PublicationView } from './view-model.js';
import { SiteContext, createSite, useSite } from './site-context.js';

// Live coverage on the story's page (docs/live-coverage.md): a "Live" badge and the
// coverage's start and end, key events as links at the top, then the entries, pinned
// first, newest first, each with its time, byline and permalink. The page is complete
// without script; the live-updates script (H2's, src/client/) reads the markup contract:
// `section.live-coverage[data-live-feed][data-live-cursor] > ol.live-entries > li#entry-N.live-entry`,
// and /{slug}/live.json sends new entries rendered by LiveEntryItem below.

export interface LiveEntryView {
  id: number;
  /** Rendered by render/blocks from the stored document: safe HTML. */
  bodyHtml: string;
  publishedAt: string;
  /** Set when the body or byline was edited after posting. */
  editedAt: string | null;
  byline: LinkView | null;
  keyEvent: boolean;
  pinned: boolean;
  /** One line naming the entry, for the key events list. */
  summary: string;
  /** The whole body as plain text (structured data). */
  text: string;
}

export interface LiveCoverageView {
  status: 'live' | 'ended';
  /** Site-relative: "/{slug}/live.json". */
  feedHref: string;
  /** The live feed's cursor for what this page shows. */
  cursor: string;
  coverageStart: string;
  coverageEnd: string | null;
  /** Pinned first, then newest first. */
  entries: LiveEntryView[];
  /** The live-updates script, on live pages only when the build has one. */
  script: { src: string; nonce: string } | null;
}

type TimeSettings = Pick<PublicationView, 'locale' | 'timeZone'>;
const zoned = new Map<string, Intl.DateTimeFormat>();

function zonedFormat(settings: TimeSettings, withDate: boolean): Intl.DateTimeFormat {
  const key = `${settings.locale}|${settings.timeZone}|${withDate}`;
  let found = zoned.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(settings.locale, {
      ...(withDate && { month: 'short', day: 'numeric' }),
      hour: 'numeric',
      minute: '2-digit',
      timeZone: settings.timeZone,
      timeZoneName: 'short',
    });
    zoned.set(key, found);
  }
  return found;
}

/** "Dec 3, 3:05 PM EST": live times always say their zone, since readers follow from anywhere. */
export const liveDateTime = (iso: string, settings: TimeSettings) => zonedFormat(settings, true).format(new Date(iso));
/** "3:40 PM EST". */
export const liveTime = (iso: string, settings: TimeSettings) => zonedFormat(settings, false).format(new Date(iso));

export function LiveEntryItem({ entry }: { entry: LiveEntryView }) {
  const { publication } = useSite();
  const classes = ['live-entry', entry.keyEvent && 'live-entry-key', entry.pinned && 'live-entry-pinned'].filter(Boolean).join(' ');
  return (
    <li id={`entry-${entry.id}`} class={classes}>
      <p class="live-entry-meta">
        {entry.pinned && <strong class="live-entry-flag">Pinned</strong>}
        {entry.keyEvent && <strong class="live-entry-flag">Key event</strong>}
        <a class="live-entry-time" href={`#entry-${entry.id}`}>
          <time datetime={entry.publishedAt}>{liveDateTime(entry.publishedAt, publication)}</time>
        </a>
        {entry.byline && (
          <span class="live-entry-byline">
            By{' '}
            <a href={entry.byline.href} rel="author">
              {entry.byline.label}
            </a>
          </span>
        )}
        {entry.editedAt && (
          <span class="live-entry-updated">
            Updated <time datetime={entry.editedAt}>{liveTime(entry.editedAt, publication)}</time>
          </span>
        )}
      </p>
      <div class="live-entry-body" dangerouslySetInnerHTML={{ __html: entry.bodyHtml }} />
    </li>
  );
}

export function LiveCoverage({ live }: { live: LiveCoverageView | null | undefined }) {
  const { publication } = useSite();
  if (!live) return null;
  const keyEvents = live.entries.filter((entry) => entry.keyEvent);
  return (
    <section class="live-coverage" aria-labelledby="live-heading" data-live-feed={live.feedHref} data-live-cursor={live.cursor}>
      <header class="live-head">
        <h2 id="live-heading" class="live-heading">
          {live.status === 'live' ? <span class="live-badge">Live</span> : 'Live coverage'}
          {live.status === 'live' && <span class="visually-hidden"> coverage</span>}
        </h2>
        <p class="live-span">
          Coverage started <time datetime={live.coverageStart}>{liveDateTime(live.coverageStart, publication)}</time>
          {live.coverageEnd && (
            <>
              {'; ended '}
              <time datetime={live.coverageEnd}>{liveDateTime(live.coverageEnd, publication)}</time>
            </>
          )}
          .
        </p>
      </header>
      {keyEvents.length > 0 && (
        <nav class="live-key-events" aria-labelledby="live-key-heading">
          <h3 id="live-key-heading">Key events</h3>
          <ul>
            {keyEvents.map((entry) => (
              <li>
                <a href={`#entry-${entry.id}`}>
                  <time datetime={entry.publishedAt}>{liveTime(entry.publishedAt, publication)}</time> {entry.summary}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <ol class="live-entries">
        {live.entries.map((entry) => (
          <LiveEntryItem entry={entry} />
        ))}
      </ol>
      {live.entries.length === 0 && <p class="live-empty">No updates yet.</p>}
      {live.script && <script src={live.script.src} defer nonce={live.script.nonce}></script>}
    </section>
  );
}

/** One entry's `<li>` as the page draws it, for the live feed (/{slug}/live.json). */
export function renderLiveEntryHtml(entry: LiveEntryView, publication: PublicationView): string {
  return renderToString(h(SiteContext.Provider, { value: createSite(publication) }, h(LiveEntryItem, { entry })));
}
