import type { Insertable, Transaction } from 'kysely';
import { normalizeRedirectPath } from '../../content/redirect-input.js';
import type { RedirectTable, Tables } from '../schema.js';
import type { Db } from '../store.js';
import { exactCandidates, fillCaptures, prefixCandidates, regexSubject, requestTarget, type RequestTarget } from './redirect-matching.js';
import { locationOf, rulesWithTargets, targetSlug, type RuleWithTarget } from './redirect-targets.js';
import { regexRules } from './regex-rules.js';

// The redirect table's lookup and its bulk write. A reader's 404 asks `findRedirect`:
// exact rules first (the path with its query, then without), then the longest prefix rule
// (both in one indexed query), then regex rules in id order.

type Trx = Transaction<Tables> | Db;

export interface RedirectAnswer {
  status: 301 | 302;
  location: string;
}

export async function findRedirect(db: Db, pathWithQuery: string, now = new Date().toISOString()): Promise<RedirectAnswer | null> {
  const target = requestTarget(pathWithQuery);
  const exact = exactCandidates(target);
  const prefixes = prefixCandidates(target);
  const rows = await rulesWithTargets(db)
    .where('redirects.from_path', 'in', [...new Set([...exact, ...prefixes])])
    .where('redirects.match', 'in', ['exact', 'prefix'])
    .execute();
  const ranked = [
    ...exact.flatMap((path) => rows.filter((r) => r.match === 'exact' && r.from_path === path)),
    ...prefixes.flatMap((path) => rows.filter((r) => r.match === 'prefix' && r.from_path === path)),
  ];
  for (const rule of ranked) {
    const answer = answerOf(rule, locationOf(rule, now), target);
    if (answer) return answer;
  }
  return regexRedirect(db, target, now);
}

async function regexRedirect(db: Db, target: RequestTarget, now: string): Promise<RedirectAnswer | null> {
  for (const { id, pattern } of await regexRules(db)) {
    const match = pattern.exec(regexSubject(pattern, target));
    if (!match) continue;
    const rule = await rulesWithTargets(db).where('redirects.id', '=', id).executeTakeFirst();
    if (!rule) continue;
    const location = locationOf(rule, now);
    const answer = answerOf(rule, location && rule.target_kind === 'url' ? fillCaptures(location, match) : location, target);
    if (answer) return answer;
  }
  return null;
}

/** No answer when the target is gone, or when it would send the reader back where they are. */
function answerOf(rule: RuleWithTarget, location: string | null, target: RequestTarget): RedirectAnswer | null {
  if (location === null) return null;
  const asked = target.query ? `${target.askedPath}?${target.query}` : target.askedPath;
  return location === asked ? null : { status: rule.status, location };
}

export type NewRedirect = Omit<Insertable<RedirectTable>, 'id' | 'created_at'>;

const CHUNK = 500;

/**
 * Writes rules in bulk inside the caller's transaction: a rule whose path and match are
 * already there takes the new target (an import run twice leaves one rule per path).
 * Exact and prefix paths are normalised as the lookup reads them. The caller bumps the
 * content version, as every write readers see does, so cached regex rules are re-read.
 */
export async function upsertRedirects(trx: Trx, rules: readonly NewRedirect[]): Promise<number> {
  const byKey = new Map<string, NewRedirect>();
  for (const rule of rules) {
    const from_path = rule.match === 'regex' ? rule.from_path : normalizeRedirectPath(rule.from_path);
    byKey.set(`${rule.match} ${from_path}`, { ...rule, from_path });
  }
  const rows = [...byKey.values()];
  const created_at = new Date().toISOString();
  for (let i = 0; i < rows.length; i += CHUNK) {
    await trx
      .insertInto('redirects')
      .values(rows.slice(i, i + CHUNK).map((rule) => ({ ...rule, created_at })))
      .onConflict((oc) =>
        oc.columns(['from_path', 'match']).doUpdateSet((eb) => ({
          target_kind: eb.ref('excluded.target_kind'),
          target_id: eb.ref('excluded.target_id'),
          target_url: eb.ref('excluded.target_url'),
          status: eb.ref('excluded.status'),
          origin: eb.ref('excluded.origin'),
        })),
      )
      .execute();
  }
  return rows.length;
}

/**
 * Whether "/{slug}" is already an exact rule's path with a target that still exists (a URL
 * always does), other than `except`: a story or page given that slug would hide the rule.
 */
export async function rootPathRedirected(trx: Trx, slug: string, except: { kind: 'story' | 'page'; id: number } | null): Promise<boolean> {
  const rule = await rulesWithTargets(trx)
    .where('redirects.from_path', '=', `/${slug}`)
    .where('redirects.match', '=', 'exact')
    .executeTakeFirst();
  if (!rule) return false;
  if (except && rule.target_kind === except.kind && rule.target_id === except.id) return false;
  return rule.target_kind === 'url' || targetSlug(rule) !== null;
}
