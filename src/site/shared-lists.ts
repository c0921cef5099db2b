import { listVisibleIds } from '../store/stories/story-cards.js';
import type { Db } from '../store/store.js';
import type { SiteBasics } from './site-basics.js';

// The Latest list and the briefs rail are the same on every article page, so their ids are
// loaded once until a change touches a list (site-routes.ts resets them), and at most a
// minute, like cached pages. Safe to lose: a miss loads them again.

export const LATEST_COUNT = 5;
export const BRIEFS_COUNT = 5;
const TTL_MS = 60_000;

export interface SharedLists {
  /** One more than shown, so the current story can be left out. */
  latestIds: number[];
  briefIds: number[];
}

export function sharedListsLoader(db: Db) {
  let entry: { at: number; value: Promise<SharedLists> } | null = null;
  const get = (basics: SiteBasics): Promise<SharedLists> => {
    if (entry && Date.now() - entry.at < TTL_MS) return entry.value;
    const now = new Date().toISOString();
    const value = Promise.all([
      listVisibleIds(db, { by: 'all' }, { limit: LATEST_COUNT + 1, offset: 0, now, total: false }),
      basics.briefsSection
        ? listVisibleIds(db, { by: 'section', id: basics.briefsSection.id }, { limit: BRIEFS_COUNT + 1, offset: 0, now, total: false })
        : { ids: [] },
    ]).then(([latest, briefs]) => ({ latestIds: latest.ids, briefIds: briefs.ids }));
    const loading = { at: Date.now(), value };
    value.catch(() => {
      if (entry === loading) entry = null;
    });
    entry = loading;
    return value;
  };
  return { get, reset: () => (entry = null) };
}
