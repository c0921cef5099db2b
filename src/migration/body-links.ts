import type { DocumentNode } from '../content/document.js';
import { homePaths, loadPageBodies, loadStoryBodies, replaceBody, type Trx } from '../store/migration/migration-writer.js';
import { oldPath, type OldUrlTarget } from './old-urls.js';

// The post-pass of a migration: once every item has its new URL, links inside bodies
// that pointed at the old site's stories, pages, sections, tags or authors are rewritten
// to the new paths, so a reader never takes a 301 hop inside the site (and the links
// survive the old domain's end). Links to other sites are left as they are.

interface LinkPass {
  stories: number[];
  pages: number[];
  /** Old path (oldPath form) → its new home. */
  oldUrls: Map<string, OldUrlTarget>;
  baseUrl: string | null;
}

type Node = { type?: string; content?: Node[]; marks?: Array<{ type: string; attrs?: { href?: string } }> };

/** Rewrites link marks in place; returns whether anything changed. */
export function rewriteLinks(document: DocumentNode, resolve: (href: string) => string | null): boolean {
  let changed = false;
  const walk = (nodes: Node[] | undefined, depth: number) => {
    if (!Array.isArray(nodes) || depth > 64) return;
    for (const node of nodes) {
      for (const mark of node.marks ?? []) {
        if (mark.type !== 'link' || !mark.attrs?.href) continue;
        const next = resolve(mark.attrs.href);
        if (next !== null && next !== mark.attrs.href) {
          mark.attrs.href = next;
          changed = true;
        }
      }
      walk(node.content, depth + 1);
    }
  };
  walk(document.content, 0);
  return changed;
}

export async function rewriteBodyLinks(
  db: Trx,
  transaction: <T>(work: (trx: Trx) => Promise<T>) => Promise<T>,
  pass: LinkPass,
): Promise<number> {
  if (!pass.oldUrls.size) return 0;
  let rewritten = 0;
  for (const [table, ids] of [
    ['articles', pass.stories],
    ['pages', pass.pages],
  ] as const) {
    for (let i = 0; i < ids.length; i += 200) {
      const rows =
        table === 'articles' ? await loadStoryBodies(db, ids.slice(i, i + 200)) : await loadPageBodies(db, ids.slice(i, i + 200));
      const changed: Array<{ id: number; body: string }> = [];
      const targets: Array<{ kind: 'story' | 'page' | 'section' | 'tag' | 'author'; id: number }> = [];
      const documents = rows.map((row) => ({ id: row.id, document: JSON.parse(row.body) as DocumentNode }));
      const lookups = new Map<string, OldUrlTarget>();
      for (const { document } of documents) {
        rewriteLinks(document, (href) => {
          const path = oldPath(href, pass.baseUrl);
          const target = path === null ? undefined : pass.oldUrls.get(path);
          if (target && target.kind !== 'url') {
            targets.push(target);
            lookups.set(href, target);
          }
          return null;
        });
      }
      if (!lookups.size) continue;
      const paths = await homePaths(db, targets);
      for (const { id, document } of documents) {
        const hit = rewriteLinks(document, (href) => {
          const target = lookups.get(href);
          if (!target || target.kind === 'url') return null;
          const home = paths.get(`${target.kind}:${target.id}`);
          if (!home) return null;
          // Keep a fragment ("#comments") on the new URL.
          const hash = href.includes('#') ? href.slice(href.indexOf('#')) : '';
          return `${home}${hash}`;
        });
        if (hit) changed.push({ id, body: JSON.stringify(document) });
      }
      if (!changed.length) continue;
      await transaction(async (trx) => {
        for (const row of changed) await replaceBody(trx, table, row.id, row.body);
      });
      rewritten += changed.length;
    }
  }
  return rewritten;
}
