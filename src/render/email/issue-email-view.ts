// The plain data one newsletter issue is rendered from. newsletter/issue-content.ts builds
// it from the store; the renderers here turn it into the HTML and plain-text parts. Every
// URL is absolute: a mail is read far from the site, and relative links go nowhere.

export interface EmailImageView {
  /** Absolute URL of a JPEG variant: every mail client shows JPEG, not all WebP or AVIF. */
  src: string;
  /** The size it is shown at in the 600-pixel column. */
  width: number;
  height: number;
  alt: string;
}

export interface EmailStoryView {
  url: string;
  title: string;
  dek: string | null;
  excerpt: string;
  /** Format then sections, " | " between: "Reporting | Europe". Empty when none. */
  kicker: string;
  authors: string[];
  /** Already formatted in the publication's locale and zone. */
  date: string;
  image: EmailImageView | null;
}

export interface EmailSectionView {
  /** "More stories" for those that belong to no section. */
  name: string;
  url: string | null;
  /** Briefs are drawn compact: headline and one line, no picture. */
  compact: boolean;
  stories: EmailStoryView[];
}

export interface IssueEmailView {
  subject: string;
  /** The editor's introduction: plain text, blank lines between paragraphs. */
  intro: string;
  lang: string;
  publication: {
    name: string;
    /** Multi-line; empty when the newsroom has not set it yet. */
    postalAddress: string;
    siteUrl: string;
    social: Array<{ label: string; url: string }>;
  };
  list: { name: string; description: string };
  webVersionUrl: string;
  /** UNSUBSCRIBE_URL_MARKER: the sender puts each recipient's own link here. */
  unsubscribeUrl: string;
  /** Where an address is missing, the footer says where it is set. */
  settingsUrl: string;
  sections: EmailSectionView[];
}

/** The intro as paragraphs: blank lines split them, single line breaks stay inside one. */
export function introParagraphs(intro: string): string[][] {
  return intro
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((block) =>
      block
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean),
    )
    .filter((lines) => lines.length > 0);
}

/** The hidden line inbox lists show beside the subject: the intro's first line, else the first headline. */
export function preheaderOf(view: IssueEmailView): string {
  const first = introParagraphs(view.intro)[0]?.[0];
  if (first) return first.slice(0, 150);
  const story = view.sections[0]?.stories[0];
  return story ? story.title.slice(0, 150) : view.list.description.slice(0, 150);
}
