import { parseSocial } from '../render/html/social-links.js';
import type { PublicationView, SectionLayout } from '../render/html/view-model.js';
import { loadSiteBasics } from '../store/publication/settings-repository.js';
import type { Db } from '../store/store.js';
import type { FormatInfo } from '../render/html/story-views.js';

// What every page needs (publication, sections, formats, the footer's static pages),
// loaded once per content version: a handful of rows that change only when an editor
// changes them.

export interface SectionInfo {
  id: number;
  slug: string;
  name: string;
  description: string;
  layout: SectionLayout;
  /** The section this one sits under; null at the top level. */
  parentId: number | null;
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
  return toBasics({ publication: undefined, sections: [], footerPages: [], formats: [] }, siteUrl, iconPath);
}

/** `iconPath`: the site icon, which stands in as the publisher's logo in structured data. */
export async function readSiteBasics(db: Db, siteUrl: string, iconPath?: string): Promise<SiteBasics> {
  return toBasics(await loadSiteBasics(db), siteUrl, iconPath);
}

function toBasics(
  { publication, sections, footerPages, formats }: Awaited<ReturnType<typeof loadSiteBasics>>,
  siteUrl: string,
  iconPath?: string,
): SiteBasics {
  const sectionInfo = sections.map(({ id, slug, name, description, layout, parent_id }) => ({
    id,
    slug,
    name,
    description,
    layout,
    parentId: parent_id,
  }));
  return {
    publication: {
      name: publication?.name ?? 'Masthead',
      tagline: publication?.tagline ?? '',
      siteUrl,
      timeZone: publication?.time_zone ?? 'UTC',
      locale: publication?.locale ?? 'en-US',
      social: parseSocial(publication?.social ?? '[]'),
      // Subsections are reached from their parent's page; the header keeps the top level.
      navigation: sectionInfo.filter((s) => s.parentId === null).map((s) => ({ label: s.name, href: `/section/${s.slug}` })),
      newsletterPitch: publication?.newsletter_pitch || 'Our weekly round-up of reporting and analysis, in your inbox every Friday.',
      footerPages: footerPages.map((p) => ({ label: p.title, href: `/${p.slug}` })),
      ...(iconPath && { logoUrl: new URL(iconPath, `${siteUrl}/`).href }),
    },
    sections: sectionInfo,
    formats: new Map(formats.map((f) => [f.id, { name: f.name, schemaType: f.schema_type }])),
    briefsSection: sectionInfo.find((s) => s.layout === 'briefs') ?? null,
    feedContent: publication?.feed_content === 'excerpt' ? 'excerpt' : 'full',
  };
}
