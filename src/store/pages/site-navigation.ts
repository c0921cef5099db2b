import { sql } from 'kysely';
import type { Db } from '../store.js';

// The site's navigation, read with the other site basics once per content version:
// the sections (header, footer, section pages) and the published pages the footer links
// to. One query for both, so the footer's pages cost a cold page nothing extra
// (test/inject/query-budget.test.ts holds the budget).

export interface NavigationSectionRow {
  id: number;
  slug: string;
  name: string;
  description: string;
  layout: 'standard' | 'briefs';
  position: number;
  parent_id: number | null;
}

export async function loadSiteNavigation(
  db: Db,
): Promise<{ sections: NavigationSectionRow[]; footerPages: Array<{ slug: string; title: string }> }> {
  const rows = await db
    .selectFrom('sections')
    .select([sql<'section' | 'page'>`'section'`.as('kind'), 'id', 'slug', 'name', 'description', 'layout', 'position', 'parent_id'])
    .unionAll(
      db
        .selectFrom('pages')
        .select([
          sql<'section' | 'page'>`'page'`.as('kind'),
          'id',
          'slug',
          'title as name',
          sql<string>`''`.as('description'),
          sql<'standard' | 'briefs'>`'standard'`.as('layout'),
          sql<number>`footer_position`.as('position'),
          sql<number | null>`null`.as('parent_id'),
        ])
        .where('status', '=', 'published')
        .where('footer_position', 'is not', null),
    )
    .orderBy('kind', 'desc')
    .orderBy('position')
    .orderBy('id')
    .execute();
  return {
    sections: rows.filter((r) => r.kind === 'section').map(({ kind: _kind, ...section }) => section),
    footerPages: rows.filter((r) => r.kind === 'page').map((r) => ({ slug: r.slug, title: r.name })),
  };
}
