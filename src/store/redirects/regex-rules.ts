import { compileRedirectPattern } from '../../content/redirect-input.js';
import { contentVersion } from '../publication/content-changes.js';
import type { Db } from '../store.js';

// Regex rules are tried on every 404 that no exact or prefix rule answers, so they are read
// and compiled once per content version (every rule write bumps it) rather than per
// request. The cache is only a copy: losing it costs one read. A pattern that does not
// compile, or that could backtrack without end, is skipped, whoever stored it.

export interface RegexRule {
  id: number;
  pattern: RegExp;
}

const cached = new WeakMap<Db, { version: number; rules: Promise<RegexRule[]> }>();

export async function regexRules(db: Db): Promise<RegexRule[]> {
  const version = await contentVersion(db);
  const entry = cached.get(db);
  if (entry && entry.version === version) return entry.rules;
  const fresh = { version, rules: loadRegexRules(db) };
  cached.set(db, fresh);
  fresh.rules.catch(() => {
    if (cached.get(db) === fresh) cached.delete(db);
  });
  return fresh.rules;
}

async function loadRegexRules(db: Db): Promise<RegexRule[]> {
  const rows = await db.selectFrom('redirects').select(['id', 'from_path']).where('match', '=', 'regex').orderBy('id').execute();
  return rows.flatMap((row) => {
    const pattern = compileRedirectPattern(row.from_path);
    return pattern ? [{ id: row.id, pattern }] : [];
  });
}
