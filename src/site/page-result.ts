import type { PageContext } from '../render/html/view-model.js';
import type { Db, DialectOperations } from '../store/store.js';
import type { SharedLists } from './shared-lists.js';
import type { SiteBasics } from './site-basics.js';

// What a reader page handler decides; the HTTP layer turns it into a response.
export type PageResult =
  | { type: 'html'; status: 200; html: string }
  | { type: 'redirect'; status: 301 | 302; location: string }
  | { type: 'error'; status: 400 | 404; title: string; message: string };

export interface ReaderDeps {
  db: Db;
  /** Runs the full-text search in the store's engine. */
  dialect: DialectOperations;
  basics: SiteBasics;
  ctx: PageContext;
  /** ISO time the request is answered at: stories published later stay hidden. */
  now: string;
  /** Latest and briefs ids shared by every article page. */
  sharedLists(): Promise<SharedLists>;
  /**
   * Records what the page shows, as dependency keys (content/cache-keys.ts): a change to
   * any of them makes the cached page stale. Every page depends on `site` without saying so.
   */
  dependsOn(...keys: string[]): void;
}
