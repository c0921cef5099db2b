// Plain data the newsroom pages are rendered from; newsroom/ builds it, render/newsroom
// turns it into HTML. Times are ISO UTC; `zone` is the publication's time zone.

export interface NewsroomAssets {
  stylesheet: string;
  icon: string;
  /** The TipTap editor and newsroom scripts, when built. */
  scripts: string[];
}

export interface NewsroomContext {
  publicationName: string;
  assets: NewsroomAssets;
  nonce: string;
  zone: string;
  locale: string;
  /** null on the sign-in pages. */
  staff: { name: string; role: string; roleLabel: string } | null;
  csrf: string | null;
  nav: Array<{ label: string; href: string; current: boolean }>;
}

export interface FieldError {
  field: string;
  message: string;
}

export interface Option {
  value: string;
  label: string;
}
