import type { LiveCoverageView } from './live-coverage.js';

// The plain data every reader page is rendered from. site/ builds these from the store;
// render/ turns them into strings and never reaches past them. Times are ISO-8601 UTC
// strings; URLs in `href` are site-relative paths, URLs named `url` are absolute.

export type TagKind = 'topic' | 'person' | 'organization' | 'place';
export type NoteKind = 'update' | 'correction';
export type SectionLayout = 'standard' | 'briefs';

export interface LinkView {
  label: string;
  href: string;
}

export interface ImageSourceView {
  type: 'image/avif' | 'image/webp' | 'image/jpeg';
  /** "…/x-480.webp 480w, …/x-960.webp 960w" */
  srcset: string;
}

export interface ImageView {
  /** JPEG fallback for browsers without <picture> support. */
  src: string;
  /** One entry per format, best first; the last is JPEG. */
  sources: ImageSourceView[];
  width: number;
  height: number;
  alt: string;
  caption: string | null;
  credit: string | null;
}

export interface KickerView {
  /** The format's name ("Reporting"); null when a story has none. */
  format: string | null;
  /** Ordered; the first is the primary section. */
  sections: LinkView[];
}

export interface StoryCardView {
  href: string;
  slug: string;
  title: string;
  dek: string | null;
  excerpt: string;
  kicker: KickerView;
  image: ImageView | null;
  authors: LinkView[];
  publishedAt: string;
}

export interface RelatedStoryView extends StoryCardView {
  /** Where "Keep reading" fetches the full body as an HTML fragment. */
  bodyFragmentHref: string;
}

export interface BriefView {
  href: string;
  title: string;
  excerpt: string;
  publishedAt: string;
}

export interface BriefsBlockView {
  section: LinkView;
  items: BriefView[];
}

export interface NoteView {
  kind: NoteKind;
  at: string;
  /** Plain text; rendered escaped. */
  text: string;
}

export interface TagView extends LinkView {
  kind: TagKind;
}

export interface SocialLinkView {
  network: string;
  /** Human name of the network ("Bluesky"). */
  label: string;
  url: string;
}

export interface PublicationView {
  name: string;
  tagline: string;
  /** Absolute origin without trailing slash, e.g. "https://example.org". */
  siteUrl: string;
  /** IANA time zone dates are shown in. */
  timeZone: string;
  locale: string;
  social: SocialLinkView[];
  /** Sections in navigation order. */
  navigation: LinkView[];
  newsletterPitch: string;
  /** Published static pages the footer links to, in their order (About, Donate…). */
  footerPages?: LinkView[];
  /** Absolute URL of the publisher's logo for structured data (the site icon unless a logo is set). */
  logoUrl?: string;
}

export interface ArticleView {
  href: string;
  /** Absolute canonical URL. */
  url: string;
  slug: string;
  title: string;
  dek: string | null;
  excerpt: string;
  kicker: KickerView;
  /** schema.org type picked by the format, e.g. "ReportageNewsArticle". */
  schemaType: string;
  authors: LinkView[];
  publishedAt: string;
  /** Set when the story changed after publication. */
  updatedAt: string | null;
  image: ImageView | null;
  /** Rendered by render/blocks from the stored document: safe HTML. */
  bodyHtml: string;
  notes: NoteView[];
  tags: TagView[];
  /** The story's main tag (its first), shown above the headline as on the reference page. */
  topic: TagView | null;
  related: RelatedStoryView[];
  latest: StoryCardView[];
  briefs: BriefsBlockView | null;
  /** Live coverage (docs/live-coverage.md); absent or null for a story that was never live. */
  live?: LiveCoverageView | null;
}

export interface PaginationView {
  page: number;
  pageCount: number;
  previousHref: string | null;
  nextHref: string | null;
}

export interface ListingView {
  kind: 'section' | 'tag' | 'author' | 'latest';
  heading: string;
  /** "Person", "Section"… shown above the heading; null for /latest. */
  eyebrow: string | null;
  description: string | null;
  layout: SectionLayout;
  /** Author pages only. */
  portrait: ImageView | null;
  stories: StoryCardView[];
  pagination: PaginationView;
  /** Section pages only: the parent section above the heading, and the subsections. */
  family?: { parent: LinkView | null; children: LinkView[] };
}

export interface SectionBlockView {
  section: LinkView;
  stories: StoryCardView[];
}

export interface FrontView {
  lead: StoryCardView | null;
  secondary: StoryCardView[];
  latest: StoryCardView[];
  sectionBlocks: SectionBlockView[];
  briefs: BriefsBlockView | null;
}

/** What the document shell needs for <head>. */
export interface PageMeta {
  title: string;
  description: string;
  /** Absolute canonical URL. */
  canonical: string;
  ogType: 'website' | 'article' | 'profile';
  image: { url: string; width: number; height: number; alt: string } | null;
  /** Objects serialized into <script type="application/ld+json">. */
  jsonLd: unknown[];
  /** Extra Open Graph article:* properties on article pages. */
  article: {
    publishedTime: string;
    modifiedTime: string;
    section: string | null;
    tags: string[];
    authors: string[];
  } | null;
  noindex: boolean;
  /** Feeds of this page's own listing (a section's, a tag's…), besides the site's feeds every page names. */
  feeds?: FeedLinkView[];
}

export interface FeedLinkView {
  title: string;
  /** Site-relative path, e.g. "/section/europe/feed.xml". */
  href: string;
  type: 'application/rss+xml' | 'application/feed+json';
}

/** Hashed asset URLs from the build manifest. */
export interface AssetsView {
  stylesheet: string;
  script: string;
  /** Font files to preload. */
  fonts: string[];
  /** The site icon (SVG). */
  icon: string;
  /** The live coverage reader script, when the build has one (docs/live-coverage.md). */
  liveUpdates?: string;
}

/** Everything every page shares. `nonce` goes on every <script>. */
export interface PageContext {
  publication: PublicationView;
  assets: AssetsView;
  nonce: string;
}

export interface SnippetPartView {
  text: string;
  /** True for the words that matched: drawn as <mark>. */
  mark: boolean;
}

export interface SearchResultView {
  story: StoryCardView;
  /** The best passage; empty when only the title, tags or authors matched. */
  snippet: SnippetPartView[];
}

export interface SearchView {
  /** As typed, shown back in the box. */
  text: string;
  /** 'empty': nothing typed yet; 'results' or 'none' after a search. */
  state: 'empty' | 'results' | 'none';
  total: number;
  /** False when more stories match than were counted (`total` is then a floor). */
  exact: boolean;
  results: SearchResultView[];
  /** Filters in force, each with the link that removes it. */
  filters: Array<{ label: string; removeHref: string }>;
  section: string | null;
  from: string | null;
  to: string | null;
  /** Hidden fields the form keeps (tag and author filters come from links). */
  keep: Array<{ name: string; value: string }>;
  sections: Array<{ slug: string; name: string }>;
  suggestion: { text: string; href: string } | null;
  pagination: PaginationView;
}
