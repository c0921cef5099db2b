import type { Transaction } from 'kysely';
import { recordPath, type RecordKind } from '../../content/redirect-input.js';
import { lowerContains } from '../like-pattern.js';
import type { RedirectMatch, Tables } from '../schema.js';
import type { Db } from '../store.js';
import { rulesWithTargets, targetSlug, type RuleWithTarget } from './redirect-targets.js';
import type { NewRedirect } from './redirect-repository.js';

// The newsroom's view of the rules: a page of them with their targets, and the row writes
// behind redirects/redirects.ts (which decides whether a write may happen).

type Trx = Transaction<Tables> | Db;

export interface RuleRow {
  id: number;
  from: string;
  match: RedirectMatch;
  status: 301 | 302;
  origin: string;
  /** Where it points: the record's path or the URL; null when its record was deleted. */
  target: string | null;
  targetKind: RuleWithTarget['target_kind'];
}

export async function pageOfRules(db: Db, { text, limit, offset }: { text: string; limit: number; offset: number }) {
  let rules = rulesWithTargets(db);
  let count = db.selectFrom('redirects').select((eb) => eb.fn.countAll<number>().as('n'));
  if (text) {
    rules = rules.where((eb) => eb.or([lowerContains('redirects.from_path', text), lowerContains('redirects.target_url', text)]));
    count = count.where((eb) => eb.or([lowerContains('from_path', text), lowerContains('target_url', text)]));
  }
  const [rows, total] = await Promise.all([
    rules.orderBy('redirects.id', 'desc').limit(limit).offset(offset).execute(),
    count.executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map(ruleRow), total: Number(total.n) };
}

function ruleRow(rule: RuleWithTarget): RuleRow {
  const slug = targetSlug(rule);
  const target = rule.target_kind === 'url' ? rule.target_url : slug === null ? null : recordPath(rule.target_kind, slug);
  return {
    id: rule.id,
    from: rule.from_path,
    match: rule.match,
    status: rule.status,
    origin: rule.origin,
    target,
    targetKind: rule.target_kind,
  };
}

export async function ruleExists(trx: Trx, from: string, match: RedirectMatch): Promise<boolean> {
  return !!(await trx.selectFrom('redirects').select('id').where('from_path', '=', from).where('match', '=', match).executeTakeFirst());
}

/** The record a slug names, trying the kinds in order (a story before a page at the root). */
export async function recordBySlug(trx: Trx, kinds: readonly RecordKind[], slug: string): Promise<{ kind: RecordKind; id: number } | null> {
  for (const kind of kinds) {
    const row = await trx.selectFrom(RECORD_TABLES[kind]).select('id').where('slug', '=', slug).executeTakeFirst();
    if (row) return { kind, id: row.id };
  }
  return null;
}

const RECORD_TABLES = { story: 'articles', page: 'pages', section: 'sections', tag: 'tags', author: 'authors' } as const;

export async function insertRule(trx: Trx, rule: NewRedirect, now: string): Promise<number> {
  const row = await trx
    .insertInto('redirects')
    .values({ ...rule, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function deleteRule(trx: Trx, id: number): Promise<boolean> {
  const result = await trx.deleteFrom('redirects').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
