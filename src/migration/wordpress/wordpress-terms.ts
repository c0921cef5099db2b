import type { SourceTerm } from '../source-model.js';
import type { WxrItemTerm, WxrTerm } from './wxr-records.js';

// Categories (sections, nesting kept) and tags, declared in the header or only named on
// items. A term's sourceId is its slug as the file writes it (percent-encoded where
// WordPress encoded it); sourceIds are unique within a kind, not across kinds.

type Kind = SourceTerm['kind'];

/** The item domains that name sections and tags; WXR 1.0 wrote tags as `tag`. */
export function termKind(domain: string): Kind | null {
  if (domain === 'category') return 'section';
  if (domain === 'post_tag' || domain === 'tag') return 'tag';
  return null;
}

export class WordpressTerms {
  private readonly byKind: Record<Kind, Map<string, WxrTerm>> = { section: new Map(), tag: new Map() };

  /** Returns false for taxonomies Masthead has no place for. */
  declare(term: WxrTerm): boolean {
    const kind = termKind(term.taxonomy);
    if (!kind) return false;
    if (term.slug && !this.byKind[kind].has(term.slug)) this.byKind[kind].set(term.slug, term);
    return true;
  }

  /** Items may use terms the header never declared (theme-unit-test-data.xml does). */
  noteUsed(used: WxrItemTerm): void {
    const kind = termKind(used.domain);
    if (!kind || !used.nicename || this.byKind[kind].has(used.nicename)) return;
    this.byKind[kind].set(used.nicename, { taxonomy: used.domain, slug: used.nicename, name: used.name, description: '', parentSlug: '' });
  }

  has(kind: Kind, slug: string): boolean {
    return this.byKind[kind].has(slug);
  }

  /** Sections with every parent before its children, then tags. */
  all(): SourceTerm[] {
    const sections = this.byKind.section;
    const ordered: SourceTerm[] = [];
    const placed = new Set<string>();
    const place = (term: WxrTerm, path: string[]): void => {
      if (placed.has(term.slug)) return;
      const parent = sections.get(term.parentSlug);
      // A parent named but never declared, or a loop, leaves the term at the top.
      const parentOk = parent !== undefined && !path.includes(parent.slug);
      if (parentOk) place(parent, [...path, term.slug]);
      placed.add(term.slug);
      ordered.push(sourceTerm('section', term, parentOk ? parent.slug : null, `/category/${this.categoryPath(term).join('/')}/`));
    };
    for (const term of sections.values()) place(term, []);
    for (const term of this.byKind.tag.values()) ordered.push(sourceTerm('tag', term, null, `/tag/${term.slug}/`));
    return ordered;
  }

  private categoryPath(term: WxrTerm): string[] {
    const path = [term.slug];
    let parent = this.byKind.section.get(term.parentSlug);
    while (parent && !path.includes(parent.slug)) {
      path.unshift(parent.slug);
      parent = this.byKind.section.get(parent.parentSlug);
    }
    return path;
  }
}

function sourceTerm(kind: Kind, term: WxrTerm, parentSourceId: string | null, oldPath: string): SourceTerm {
  return {
    sourceId: term.slug,
    kind,
    slug: decodeSlug(term.slug),
    name: term.name || decodeSlug(term.slug),
    description: term.description,
    parentSourceId,
    internal: false,
    oldPaths: [oldPath],
  };
}

/** WordPress keeps non-ASCII slugs percent-encoded; a broken escape is kept as written. */
export function decodeSlug(slug: string): string {
  try {
    return decodeURIComponent(slug);
  } catch {
    return slug;
  }
}
