import { parseSocial } from '../render/html/social-links.js';
import type { PublicationView, SectionLayout } from '../render/html/view-model.js';
import { loadSiteBasics } from '../store/publication/settings-repository.js';
import type { Db } from '../store/store.js';
import type { FormatInfo } from '../render/html/story-views.js';

// What every page needs (publication, sections, formats), loaded once per content
// version: a handful of rows that change only when an editor changes them.

export interface SectionInfo {
  id: number;
  slug: string;
  name: string;
  description: string;
  layout: SectionLayout;
}

export interface SiteBasics {
  publication: PublicationView;
  sections: SectionInfo[];
  formats: Map<number, FormatInfo>;
  /** The first section with the briefs layout: the front page rail and article footer. */
  briefsSection: SectionInfo | null;
  /** Feeds carry whole stories ('full') or excerpts. */
  feedContent: 'full' | 'excerpt';
}

/** What pages show before anything is configured, or when the database is unreachable. */
export function emptyBasics(siteUrl: string, iconPath?: string): SiteBasics {
  return toBasics({ publication: undefined, sections: [], formats: [] }, siteUrl, iconPath);
}

/** `iconPath`: the site icon, which stands in as the publisher's logo in structured data. */
export async function readSiteBasics(db: Db, siteUrl: string, iconPath?: string): Promise<SiteBasics> {
  return toBasics(await loadSiteBasics(db), siteUrl, iconPath);
}

function toBasics(
  { publication, sections, formats }: Awaited<ReturnType<typeof loadSiteBasics>>,
  siteUrl: string,
  iconPath?: string,
): SiteBasics {
  const sectionInfo = sections.map(({ id, slug, name, description, layout }) => ({ id, slug, name, description, layout }));
  return {
    publication: {
      name: publication?.name ?? 'Masthead',
      tagline: publication?.tagline ?? '',
      siteUrl,
      timeZone: publication?.time_zone ?? 'UTC',
      locale: publication?.locale ?? 'en-US',
      social: parseSocial(publication?.social ?? '[]'),
      navigation: sectionInfo.map((s) => ({ label: s.name, href: `/section/${s.slug}` })),
      newsletterPitch: publication?.newsletter_pitch || 'Our weekly round-up of reporting and analysis, in your inbox every Friday.',
      ...(iconPath && { logoUrl: new URL(iconPath, `${siteUrl}/`).href }),
    },
    sections: sectionInfo,
    formats: new Map(formats.map((f) => [f.id, { name: f.name, schemaType: f.schema_type }])),
    briefsSection: sectionInfo.find((s) => s.layout === 'briefs') ?? null,
    feedContent: publication?.feed_content === 'excerpt' ? 'excerpt' : 'full',
  };
}
