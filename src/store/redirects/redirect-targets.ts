import type { Transaction } from 'kysely';
import { recordPath } from '../../content/redirect-input.js';
import type { RedirectTargetKind, Tables } from '../schema.js';
import type { Db } from '../store.js';

// Rules read together with their targets' slugs (one query whatever the kind), and where
// each sends a reader. Targets are resolved as the rule is read, never stored: a renamed
// section is followed at once, and a rule whose record is gone, or whose story is not
// live, is read as no rule at all (a 404), so deleting a record never touches this table.

type Trx = Transaction<Tables> | Db;

export function rulesWithTargets(db: Trx) {
  return db
    .selectFrom('redirects')
    .leftJoin('articles', (join) => join.onRef('articles.id', '=', 'redirects.target_id').on('redirects.target_kind', '=', 'story'))
    .leftJoin('pages', (join) => join.onRef('pages.id', '=', 'redirects.target_id').on('redirects.target_kind', '=', 'page'))
    .leftJoin('sections', (join) => join.onRef('sections.id', '=', 'redirects.target_id').on('redirects.target_kind', '=', 'section'))
    .leftJoin('tags', (join) => join.onRef('tags.id', '=', 'redirects.target_id').on('redirects.target_kind', '=', 'tag'))
    .leftJoin('authors', (join) => join.onRef('authors.id', '=', 'redirects.target_id').on('redirects.target_kind', '=', 'author'))
    .select([
      'redirects.id',
      'redirects.from_path',
      'redirects.match',
      'redirects.target_kind',
      'redirects.target_id',
      'redirects.target_url',
      'redirects.status',
      'redirects.origin',
      'redirects.created_at',
      'articles.slug as story_slug',
      'articles.status as story_status',
      'articles.published_at as story_published_at',
      'pages.slug as page_slug',
      'pages.status as page_status',
      'sections.slug as section_slug',
      'tags.slug as tag_slug',
      'authors.slug as author_slug',
    ]);
}

export type RuleWithTarget = Awaited<ReturnType<ReturnType<typeof rulesWithTargets>['executeTakeFirstOrThrow']>>;

/** The target's slug while the record exists, whether or not readers may see it. */
export function targetSlug(rule: RuleWithTarget): string | null {
  const kind: RedirectTargetKind = rule.target_kind;
  switch (kind) {
    case 'story':
      return rule.story_slug;
    case 'page':
      return rule.page_slug;
    case 'section':
      return rule.section_slug;
    case 'tag':
      return rule.tag_slug;
    case 'author':
      return rule.author_slug;
    case 'url':
      return null;
    default: {
      const unreachable: never = kind;
      throw new Error(`unknown redirect target ${String(unreachable)}`);
    }
  }
}

/** Where the rule sends a reader at `now`, or null when its target is gone or not live. */
export function locationOf(rule: RuleWithTarget, now: string): string | null {
  if (rule.target_kind === 'url') return rule.target_url;
  const slug = targetSlug(rule);
  if (slug === null) return null;
  if (rule.target_kind === 'story' && !(rule.story_status === 'published' && rule.story_published_at && rule.story_published_at <= now)) {
    return null;
  }
  if (rule.target_kind === 'page' && rule.page_status !== 'published') return null;
  return recordPath(rule.target_kind, slug);
}
