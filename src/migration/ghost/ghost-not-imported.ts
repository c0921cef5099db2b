import type { NotImported } from '../source-model.js';
import type { GhostExport } from './ghost-export-json.js';

// What a Ghost site holds that Masthead has no place for, counted for the report. Roles,
// API keys, integrations and secrets are not listed: they are ignored, never read.

/** Ghost's table name → what the report calls it. */
const TABLES: [table: string, what: string][] = [
  ['newsletters', 'newsletters'],
  ['products', 'tiers'],
  ['offers', 'offers'],
  ['snippets', 'snippets'],
  ['comments', 'comments'],
  ['members', 'members in the JSON export (import them from the members CSV)'],
  ['labels', 'member labels'],
  ['custom_theme_settings', 'custom theme settings'],
  ['recommendations', 'recommendations'],
  ['webhooks', 'webhooks'],
];

export function ghostNotImported(data: GhostExport): NotImported[] {
  const filled = (value: string | null | undefined): boolean => typeof value === 'string' && value.trim() !== '';
  const metaOf = new Map(data.postsMeta.map((meta) => [meta.post_id, meta]));
  const counts: NotImported[] = [
    ...TABLES.map(([table, what]) => ({ what, count: data.tableSizes[table] ?? 0 })),
    {
      what: 'code injection',
      count: data.posts.filter((post) => filled(post.codeinjection_head) || filled(post.codeinjection_foot)).length,
    },
    {
      what: 'tag code injection',
      count: data.tags.filter((tag) => filled(tag.codeinjection_head) || filled(tag.codeinjection_foot)).length,
    },
    { what: 'site code injection', count: [data.settings.codeinjection_head, data.settings.codeinjection_foot].filter(filled).length },
    { what: 'email settings', count: data.emailSettings },
    { what: 'navigation menu items', count: menuItems(data.settings.navigation) + menuItems(data.settings.secondary_navigation) },
    { what: 'canonical URLs', count: data.posts.filter((post) => filled(post.canonical_url)).length },
    { what: 'featured flags', count: data.posts.filter((post) => post.featured === true || post.featured === 1).length },
    {
      what: 'social sharing cards',
      count: data.posts.filter((post) => {
        const meta = metaOf.get(post.id);
        const fields = [
          post.og_image,
          post.twitter_image,
          meta?.og_image,
          meta?.og_title,
          meta?.og_description,
          meta?.twitter_image,
          meta?.twitter_title,
          meta?.twitter_description,
        ];
        return fields.some(filled);
      }).length,
    },
    { what: 'newsletter email subjects', count: data.postsMeta.filter((meta) => filled(meta.email_subject)).length },
  ];
  return counts.filter((item) => item.count > 0);
}

function menuItems(json: string | undefined): number {
  if (!json) return 0;
  try {
    const items: unknown = JSON.parse(json);
    return Array.isArray(items) ? items.length : 0;
  } catch {
    return 0;
  }
}
