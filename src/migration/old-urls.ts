import { normalizeRedirectPath } from '../content/redirect-input.js';
import { upsertRedirects } from '../store/redirects/redirect-repository.js';
import type { Trx } from '../store/migration/migration-writer.js';
import type { RedirectMatch } from '../store/schema.js';

// Every URL an imported item answered at on the old site becomes a redirect rule to its
// new home, so inbound links, bookmarks and search results keep working.

export type OldUrlTarget = { kind: 'story' | 'page' | 'section' | 'tag' | 'author'; id: number } | { kind: 'url'; url: string };

/**
 * The path (and query) of a URL on the old site, as the redirect table keys it; null for
 * a URL on another site. Relative URLs are the old site's.
 */
export function oldPath(url: string, baseUrl: string | null): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url, baseUrl ?? 'http://old.invalid');
  } catch {
    return null;
  }
  if (parsed.hostname !== 'old.invalid' && baseUrl) {
    const base = new URL(baseUrl);
    const bare = (host: string) => host.toLowerCase().replace(/^www\./, '');
    if (bare(parsed.hostname) !== bare(base.hostname)) return null;
  } else if (parsed.hostname !== 'old.invalid' && !baseUrl) {
    return null;
  }
  // Keyed as the redirect table keys its exact rules, so the link pass finds what was written.
  return normalizeRedirectPath(`${parsed.pathname}${parsed.search}`);
}

export interface RedirectRule {
  from: string;
  match: RedirectMatch;
  status: 301 | 302;
  target: OldUrlTarget;
}

/** Writes the rules (an exact rule replaces the one for the same path); returns how many. */
export async function writeRedirects(trx: Trx, rules: RedirectRule[], baseUrl: string | null): Promise<number> {
  const rows = rules.flatMap((rule) => {
    const from = rule.match === 'exact' ? oldPath(rule.from, baseUrl) : rule.from;
    // The site's own root is the front page, never a redirect.
    if (from === null || from === '/' || from === '') return [];
    return [
      {
        from_path: from,
        match: rule.match,
        target_kind: rule.target.kind,
        target_id: rule.target.kind === 'url' ? null : rule.target.id,
        target_url: rule.target.kind === 'url' ? rule.target.url : null,
        status: rule.status,
        origin: 'migration',
      },
    ];
  });
  if (rows.length) await upsertRedirects(trx, rows);
  return rows.length;
}
