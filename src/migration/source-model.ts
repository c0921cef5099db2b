// What every source reader (WordPress WXR, Ghost export, feeds) yields: one neutral shape
// for people, terms, images and stories, so the runner that writes them
// (migration/run-migration.ts) knows nothing of any platform. Readers convert a
// source's own body formats (shortcodes, Gutenberg comments, Ghost cards) to HTML here;
// sanitizing and turning HTML into the stored document happen once, in the runner.

export type SourceSystem = 'wordpress' | 'ghost' | 'feed';

/** A byline as the source knows it. Never carries a password hash or any secret. */
export interface SourcePerson {
  sourceId: string;
  slug: string;
  name: string;
  bio: string;
  /** Only used when staff accounts are requested (`--staff`). */
  email: string;
  /** Absolute URL, or a path on the old site. */
  imageUrl: string | null;
  /** The old site's paths for this person ("/author/jane/"). */
  oldPaths: string[];
}

/** A category (becomes a section, hierarchy kept) or a tag. */
export interface SourceTerm {
  sourceId: string;
  kind: 'section' | 'tag';
  slug: string;
  name: string;
  description: string;
  /** sourceId of the parent category, when the source nests them. */
  parentSourceId: string | null;
  /** Ghost's `#internal` tags: stored for the newsroom, never shown to readers. */
  internal: boolean;
  oldPaths: string[];
}

/** An image as the source describes it: a WordPress attachment, a Ghost feature image, a Media RSS item. */
export interface SourceImage {
  /** The attachment id where the source has one (WordPress), else null. */
  sourceId: string | null;
  /** Where the bytes are: an absolute URL on the old site (or elsewhere). */
  url: string;
  alt: string;
  caption: string;
  /** Only feeds (RebelMouse) carry a credit; WordPress and Ghost have no field for it. */
  credit: string;
  title: string;
}

export type SourceState = 'published' | 'draft' | 'scheduled';

/**
 * Why a story must never become public on import: it arrives as a draft, flagged, and the
 * report lists it.
 */
export type Restriction = 'private' | 'password' | 'members' | 'paid';

export interface SourceStory {
  sourceId: string;
  /** 'page' for static pages (About, Donate), which live outside the story lists. */
  type: 'post' | 'page';
  title: string;
  /** May be empty (a WordPress draft): the runner makes one from the title or the id. */
  slug: string;
  dek: string;
  excerpt: string;
  /**
   * The body as HTML after the source's own conversions (shortcodes, blocks, cards).
   * Untrusted: the runner sanitizes it. Images are `<img src>` or
   * `<figure><img><figcaption>`; galleries are
   * `<figure class="gallery"><img …>…<figcaption>…</figcaption></figure>`.
   */
  bodyHtml: string;
  state: SourceState;
  restriction: Restriction | null;
  /** ISO-8601 UTC instants. */
  publishedAt: string | null;
  updatedAt: string | null;
  createdAt: string | null;
  /** SourcePerson sourceIds, in byline order. */
  authors: string[];
  /** SourceTerm sourceIds, in the source's order. */
  sections: string[];
  tags: string[];
  leadImage: SourceImage | null;
  seoTitle: string;
  seoDescription: string;
  /** Every URL the story answered at on the old site: absolute URLs or paths (with "?p=12"). */
  oldUrls: string[];
  /** For pages nested under another page (WordPress post_parent). */
  parentSourceId: string | null;
  /** Source features with no place in Masthead, for the report ("unknown shortcode [simple]"). */
  warnings: string[];
}

export interface SourceSubscriber {
  email: string;
  name: string;
  subscribed: boolean;
  /** ISO-8601 UTC, when the source recorded the sign-up. */
  createdAt: string | null;
  labels: string[];
}

export interface SourceRedirect {
  from: string;
  to: string;
  status: 301 | 302;
  /** Ghost's redirects file: `from` is a regular expression when it looks like one. */
  match: 'exact' | 'prefix' | 'regex';
}

/** What the source holds that Masthead has no place for: counted in the report, not imported. */
export interface NotImported {
  what: string;
  count: number;
}

/** Facts about the whole source, known from its header or first pass. */
export interface SourceSite {
  system: SourceSystem;
  /** The old site's base URL ("https://example.org"), to recognise its links and uploads. */
  baseUrl: string | null;
  /** Identifies the source for resume and re-runs: the same file imports into the same records. */
  identity: string;
  title: string;
  /** How many stories and pages the source holds, when it knows (for progress and ETA). */
  stories?: number | null;
}

/**
 * The stream a reader produces, in an order the runner can write as it reads: the site
 * first, then people and terms, then images, then stories. Stories may name images,
 * people and terms yielded before them only.
 */
export type SourceEvent =
  | { kind: 'site'; site: SourceSite }
  | { kind: 'person'; person: SourcePerson }
  | { kind: 'term'; term: SourceTerm }
  | { kind: 'image'; image: SourceImage }
  | { kind: 'story'; story: SourceStory }
  | { kind: 'subscriber'; subscriber: SourceSubscriber }
  | { kind: 'redirect'; redirect: SourceRedirect }
  | { kind: 'not-imported'; item: NotImported }
  | { kind: 'skipped'; sourceId: string; reason: string };

/**
 * A file that is not what it claims to be: not well-formed, or not the format named.
 * The command exits 1 with this message and writes nothing.
 */
export class SourceFormatError extends Error {
  constructor(
    message: string,
    /** 1-based line in the file, where the parser knows it. */
    readonly line: number | null = null,
  ) {
    super(line === null ? message : `line ${line}: ${message}`);
  }
}

/**
 * An opened source. `events()` may be iterated once. A reader checks the whole file's
 * form before it yields the first story, so a broken file writes nothing.
 */
export interface SourceReader {
  events(): AsyncIterable<SourceEvent>;
  /**
   * The bytes of an image the source carries itself (a Ghost zip's content/images/), by
   * the URL or path a story or image names; null when it has none.
   */
  asset(url: string): Promise<Buffer | null>;
  close(): Promise<void>;
}
